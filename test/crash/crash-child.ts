/**
 * Crash-trial child: opens the object layer on the given drive paths and performs the
 * scripted workload of `seed` (crash-script.ts) until killed, printing (synchronously, so
 * nothing acknowledged is lost in a buffer) one line before and one after each operation:
 *   BEGIN <i>
 *   ACK <op> <key> <seq>:<etag-or-'deleted'>
 * Usage: node crash-child.js <root> <drives> <seed> [maxOps]   (default 2,000; it also stops when
 * its parent is gone, so an interrupted test run leaves no process behind)
 */
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { BucketExistsError } from '../../src/errors/domain-errors.js';
import { ErasureObjectLayer } from '../../src/object/index.js';
import { createStorage } from '../../src/storage/index.js';
import { CRASH_BLOCK_SIZE, CRASH_BUCKET, crashBytes, crashOp, multipartParts } from './crash-script.js';

const say = (line: string): void => { writeSync(1, `${line}\n`); };

async function main(): Promise<void> {
  const [root, drivesArg, seedArg, maxArg] = process.argv.slice(2);
  const nDrives = Number(drivesArg);
  const seed = Number(seedArg);
  const maxOps = Number(maxArg ?? 2_000);
  if (!root || !Number.isInteger(nDrives) || nDrives < 1 || !Number.isInteger(seed)) throw new Error('usage: crash-child <root> <drives> <seed> [maxOps]');
  const endpoints = Array.from({ length: nDrives }, (_, i) => join(root, `d${i + 1}`));
  const storage = await createStorage({ endpoints, blockSize: CRASH_BLOCK_SIZE });
  const layer = new ErasureObjectLayer(storage);
  try {
    await layer.makeBucket({ bucket: CRASH_BUCKET });
  } catch (err) {
    if (!(err instanceof BucketExistsError)) throw err;
  }
  say('READY');
  const parent = process.ppid;
  for (let i = 0; i < maxOps; i++) {
    if (process.ppid !== parent) break; // the test runner died: do not outlive it
    const op = crashOp(seed, i);
    say(`BEGIN ${i}`);
    if (op.kind === 'put') {
      const data = crashBytes(`${op.key}:${op.seq}`, op.size);
      const info = await layer.putObject({ bucket: CRASH_BUCKET, key: op.key, body: Readable.from([data]), size: data.length });
      say(`ACK put ${op.key} ${op.seq}:${info.etag}`);
    } else if (op.kind === 'delete') {
      await layer.deleteObject({ bucket: CRASH_BUCKET, key: op.key });
      say(`ACK delete ${op.key} ${op.seq}:deleted`);
    } else {
      const up = await layer.createMultipartUpload({ bucket: CRASH_BUCKET, key: op.key });
      const parts = multipartParts(op.key, op.seq);
      const listed = [];
      for (let p = 0; p < parts.length; p++) {
        const info = await layer.putObjectPart({
          bucket: CRASH_BUCKET, key: op.key, uploadId: up.uploadId, partNumber: p + 1, body: Readable.from([parts[p]!]), size: parts[p]!.length,
        });
        listed.push({ partNumber: p + 1, etag: info.etag });
      }
      const info = await layer.completeMultipartUpload({ bucket: CRASH_BUCKET, key: op.key, uploadId: up.uploadId, parts: listed });
      say(`ACK multipart ${op.key} ${op.seq}:${info.etag}`);
    }
  }
  say('END');
  await layer.close();
}

main().catch((err: unknown) => {
  say(`FAIL ${err instanceof Error ? err.stack ?? err.message : String(err)}`.replace(/\n/g, ' | '));
  process.exit(3);
});
