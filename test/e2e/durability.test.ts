/**
 * Durability and resource behaviour of the real process on 4 drives (2 data + 2 parity):
 * objects survive a restart, survive the loss of two drives (wiped, as if replaced),
 * concurrent writers to one key never produce a torn object, and a large streamed upload
 * and download keep the server's memory bounded.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { startServer, type CairnServer } from '../helpers/server.js';
import { bodyBytes, sdkClient } from '../helpers/s3-client.js';
import { makeTempDir, md5Hex, randomPayload, type TempDir } from '../helpers/files.js';
import { sleep } from '../helpers/raw-http.js';

const BUCKET = 'durable';
const MiB = 1024 * 1024;
const credentials = { accessKey: 'durableadmin', secretKey: 'durable-secret-key-0123456789' };
let drivesDir: TempDir;
let drivePaths: string[];
let server: CairnServer | undefined;
let s3: S3Client | undefined;
const stored = new Map<string, Buffer>();

async function boot(): Promise<S3Client> {
  server = await startServer({ drivePaths, credentials });
  s3 = sdkClient(server);
  return s3;
}

async function shutdown(): Promise<void> {
  s3?.destroy();
  s3 = undefined;
  await server?.stop();
  server = undefined;
}

async function assertAllStored(client: S3Client): Promise<void> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  assert.deepEqual(listed.Contents?.map((o) => o.Key), [...stored.keys()].sort());
  for (const [key, body] of stored) {
    const got = await bodyBytes((await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body);
    assert.ok(got.equals(body), `${key}: ${got.length} bytes differ from the ${body.length} stored`);
  }
}

before(async () => {
  drivesDir = await makeTempDir('durability');
  drivePaths = [];
  for (let i = 1; i <= 4; i++) {
    const dir = join(drivesDir.path, `d${i}`);
    await mkdir(dir);
    drivePaths.push(dir);
  }
  const client = await boot();
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const objects: Array<[string, Buffer]> = [
    ['tiny', Buffer.from('tiny inline object')],
    ['empty', Buffer.alloc(0)],
    ['medium', randomPayload(300 * 1024 + 7)],
    ['large', randomPayload(3 * MiB + 11)],
  ];
  for (const [key, body] of objects) {
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    stored.set(key, body);
  }
  const multipart = randomPayload(11 * MiB);
  await new Upload({ client, params: { Bucket: BUCKET, Key: 'multipart', Body: multipart }, partSize: 5 * MiB, queueSize: 2 }).done();
  stored.set('multipart', multipart);
});

after(async () => {
  await shutdown();
  await drivesDir?.remove();
});

describe('durability (4 drives, real process)', () => {
  it('every object survives a restart', async () => {
    await shutdown();
    const client = await boot();
    await assertAllStored(client);
  });

  it('losing two of four drives (wiped, as if replaced) loses no object, and writes still work', async () => {
    await shutdown();
    for (const dir of [drivePaths[1]!, drivePaths[3]!]) {
      for (const entry of await readdir(dir)) await rm(join(dir, entry), { recursive: true, force: true });
    }
    const client = await boot();
    await assertAllStored(client);
    const after = randomPayload(2 * MiB + 1);
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'after-loss', Body: after }));
    stored.set('after-loss', after);
    await assertAllStored(client);
  });

  it('concurrent PUTs to one key leave exactly one of the bodies, whole', async () => {
    const client = s3 ?? await boot();
    const bodies = Array.from({ length: 8 }, () => randomPayload(MiB + 13));
    const results = await Promise.allSettled(bodies.map((Body) => client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'contended', Body }))));
    assert.ok(results.some((r) => r.status === 'fulfilled'), JSON.stringify(results.map((r) => r.status)));
    for (const r of results) {
      if (r.status === 'rejected') {
        const status = (r.reason as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        assert.ok(status !== undefined && (status < 500 || status === 503), `a contended PUT failed with ${status}: ${String(r.reason)}`);
      }
    }
    const res = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'contended' }));
    const got = await bodyBytes(res.Body);
    const winner = bodies.find((b) => b.equals(got));
    assert.ok(winner, 'the stored object is none of the bodies sent (torn or mixed write)');
    assert.equal(res.ETag, `"${md5Hex(winner)}"`);
    stored.set('contended', winner);
  });
});

describe('memory (4 drives, real process)', () => {
  /** Resident set size of a process in bytes (Linux). */
  async function rss(pid: number): Promise<number> {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
    assert.ok(Number.isFinite(kb), 'no VmRSS');
    return kb * 1024;
  }

  it('a 256 MiB streamed PUT and GET keep the server under baseline + 160 MiB', async (t) => {
    const client = s3 ?? await boot();
    const pid = server!.pid;
    const size = 256 * MiB;
    const block = randomPayload(MiB);
    const md5 = createHash('md5');
    let sent = 0;
    const source = Readable.from((function* () {
      for (let i = 0; sent < size; i++) {
        const chunk = Buffer.from(block);
        chunk.writeUInt32BE(i, 0);
        sent += chunk.length;
        md5.update(chunk);
        yield chunk;
      }
    })());
    const baseline = await rss(pid);
    let peak = baseline;
    let sampling = true;
    const sampler = (async () => {
      for (let i = 0; sampling && i < 6000; i++) { // at most 5 minutes of 50 ms samples
        peak = Math.max(peak, await rss(pid).catch(() => peak));
        await sleep(50);
      }
    })();
    try {
      const put = await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'huge', Body: source, ContentLength: size }));
      assert.equal(put.ETag, `"${md5.digest('hex')}"`);
      const res = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'huge' }));
      const down = createHash('md5');
      let received = 0;
      for await (const chunk of res.Body as Readable) {
        down.update(chunk as Buffer);
        received += (chunk as Buffer).length;
      }
      assert.equal(received, size);
      assert.equal(`"${down.digest('hex')}"`, put.ETag);
    } finally {
      sampling = false;
      await sampler;
    }
    const grown = peak - baseline;
    t.diagnostic(`server RSS baseline ${(baseline / MiB).toFixed(1)} MiB, peak ${(peak / MiB).toFixed(1)} MiB during a 256 MiB PUT + GET`);
    assert.ok(grown < 160 * MiB, `server RSS grew by ${(grown / MiB).toFixed(1)} MiB (baseline ${(baseline / MiB).toFixed(1)} MiB) for a 256 MiB object`);
  });
});
