/**
 * Tampered encrypted data at rest: a byte flipped inside a package (with the shard frame's
 * crc32c recomputed, so the bitrot check passes and only the AEAD can notice), a truncated
 * stream, and packages swapped: the GET fails (DecryptionFailedError) and never hands out a
 * byte of a package that did not verify. One drive (k = 1), so the shard file is the stream.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { open, readFile, truncate, writeFile } from 'node:fs/promises';
import { crc32c } from '@node-rs/crc32';
import { DecryptionFailedError } from '../../../src/errors/domain-errors.js';
import { OpenBatchPool } from '../../../src/object/index.js';
import { BUCKET, bytes, KiB, MiB } from '../object-layer-harness.js';
import { filesUnder, MODES, openSseHarness } from './sse-layer-harness.js';

const FRAME_HEADER = 4;
const PACKAGE = 64 * KiB + 16;
const IV = 32;

/** Rewrite the first erasure frame of `file` with `edit` applied to its shard bytes, crc32c fixed. */
async function editFirstFrame(file: string, blockBytes: number, edit: (shard: Buffer) => void): Promise<void> {
  const all = await readFile(file);
  const shard = all.subarray(FRAME_HEADER, FRAME_HEADER + blockBytes);
  edit(shard);
  all.writeUInt32LE(crc32c(shard) >>> 0, 0);
  await writeFile(file, all);
}

/** What a GET hands out before it fails; rejects the test if it does not fail. */
async function failingGet(h: Awaited<ReturnType<typeof openSseHarness>>, key: string, extra: object): Promise<Buffer> {
  const got: Buffer[] = [];
  await assert.rejects(async () => {
    const res = await h.layer.getObject({ bucket: BUCKET, key, ...extra });
    for await (const c of res.body) got.push(c as Buffer);
  }, DecryptionFailedError);
  return Buffer.concat(got);
}

describe('object layer SSE: tampered data at rest', () => {
  // Each case with the packages opened on the event loop and on worker threads (OpenBatchPool).
  const pool = new OpenBatchPool({ threads: 1 });
  after(() => pool.close());
  for (const [m, threads] of MODES.flatMap((m) => [[m, false], [m, true]] as const)) {
    test(`${m.name}${threads ? ' (opened on worker threads)' : ''}: a flipped byte, swapped packages, a truncated stream fail the GET cleanly`, async () => {
      const h = await openSseHarness(1, threads ? { openPool: pool } : {});
      try {
        const data = bytes(MiB - 1000, 9); // one erasure block: the whole stream is the first frame
        const ck = m.ck ? { customerKey: m.ck } : {};
        const put = async (): Promise<string> => {
          await h.put('obj', data, { encryption: m.enc });
          const [file] = (await filesUnder(h.root)).filter((f) => f.includes('/data/'));
          return file!;
        };
        const stored = IV + data.length + 16 * Math.ceil(data.length / (64 * KiB));

        // A byte of package 3 flipped: packages 0..2 may go out (verified), nothing after.
        let file = await put();
        await editFirstFrame(file, stored, (s) => { s[IV + 3 * PACKAGE + 10]! ^= 0x01; });
        const before = await failingGet(h, 'obj', ck);
        assert.ok(before.length <= 3 * 64 * KiB && data.subarray(0, before.length).equals(before), 'only verified bytes before the damage');
        // A range that does not touch package 3 still reads; one that does fails.
        const ok = await h.layer.getObject({ bucket: BUCKET, key: 'obj', range: { kind: 'bounded', start: 5 * 64 * KiB, end: 6 * 64 * KiB }, ...ck });
        const okBytes: Buffer[] = [];
        for await (const c of ok.body) okBytes.push(c as Buffer);
        assert.ok(Buffer.concat(okBytes).equals(data.subarray(5 * 64 * KiB, 6 * 64 * KiB + 1)));
        assert.equal((await failingGet(h, 'obj', { ...ck, range: { kind: 'bounded', start: 3 * 64 * KiB + 5, end: 3 * 64 * KiB + 9 } })).length, 0);

        // The first package damaged: the GET itself rejects (a clean 500 at the S3 layer, no 200).
        file = await put();
        await editFirstFrame(file, stored, (s) => { s[IV + 5]! ^= 0x80; });
        await assert.rejects(h.layer.getObject({ bucket: BUCKET, key: 'obj', ...ck }), DecryptionFailedError);

        // Packages 1 and 2 swapped.
        file = await put();
        await editFirstFrame(file, stored, (s) => {
          const p1 = Buffer.from(s.subarray(IV + PACKAGE, IV + 2 * PACKAGE));
          s.copy(s, IV + PACKAGE, IV + 2 * PACKAGE, IV + 3 * PACKAGE);
          p1.copy(s, IV + 2 * PACKAGE);
        });
        const swapped = await failingGet(h, 'obj', ck);
        assert.ok(swapped.length <= 64 * KiB && data.subarray(0, swapped.length).equals(swapped));

        // The stream IV changed: no package opens.
        file = await put();
        await editFirstFrame(file, stored, (s) => { s[0]! ^= 0x01; });
        await assert.rejects(h.layer.getObject({ bucket: BUCKET, key: 'obj', ...ck }), DecryptionFailedError);
      } finally {
        await h.close();
      }
    });
  }

  test('a truncated shard file fails the GET (bitrot or decryption), never short data', async () => {
    const h = await openSseHarness(1);
    try {
      const data = bytes(300 * KiB, 4);
      await h.put('t', data, { encryption: { mode: 'SSE-S3' } });
      const [file] = (await filesUnder(h.root)).filter((f) => f.includes('/data/'));
      const size = (await (await open(file!, 'r')).stat()).size;
      await truncate(file!, size - PACKAGE);
      const got: Buffer[] = [];
      await assert.rejects(async () => {
        const res = await h.layer.getObject({ bucket: BUCKET, key: 't' });
        for await (const c of res.body) got.push(c as Buffer);
      });
      assert.ok(Buffer.concat(got).length < data.length, 'never the whole object');
    } finally {
      await h.close();
    }
  });
});
