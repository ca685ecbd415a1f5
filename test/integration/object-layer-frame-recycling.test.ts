/**
 * GET buffers recycled through the FrameBufferPool, on real LocalDrives (the path that reads
 * frames through openFile readers): whatever the consumer does with GetObjectResult.releaseChunk, the bytes
 * are exact. Released chunks let later frames reuse their buffers; chunks held without a
 * release are never overwritten.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ErasureObjectLayer } from '../../src/object/index.js';
import type { GetObjectResult } from '../../src/object/object-layer.js';
import { createStorage } from '../../src/storage/create-storage.js';
import { bytes, MiB } from './object-layer-harness.js';

interface Opened { layer: ErasureObjectLayer; close(): Promise<void> }

async function open(drives: number): Promise<Opened> {
  const root = await mkdtemp(join(tmpdir(), 'cairn-recycle-'));
  const storage = await createStorage({ endpoints: Array.from({ length: drives }, (_, i) => join(root, `d${i + 1}`)) });
  const layer = new ErasureObjectLayer(storage);
  await layer.makeBucket({ bucket: 'bkt' });
  return { layer, close: async () => { await layer.close(); await rm(root, { recursive: true, force: true }); } };
}

type Release = (chunk: Buffer) => void;

/** Reads the body chunk by chunk; `onChunk` decides when to release; returns the bytes and the distinct buffers seen. */
async function consume(got: GetObjectResult, onChunk: (c: Buffer, release: Release, held: Buffer[]) => void): Promise<{ data: Buffer; buffers: number }> {
  const { body, releaseChunk: release } = got;
  assert.equal(typeof release, 'function', 'a data-dir GET result offers releaseChunk');
  const copies: Buffer[] = [];
  const held: Buffer[] = [];
  const seen = new Set<ArrayBufferLike>();
  body.on('data', (c: Buffer) => {
    seen.add(c.buffer);
    copies.push(Buffer.from(c));
    onChunk(c, release!, held);
  });
  await new Promise<void>((resolve, reject) => { body.once('end', resolve); body.once('error', reject); });
  // Chunks held without a release must still hold their bytes at the end.
  for (const h of held) assert.ok(copies.some((c) => c.equals(h)), 'a held chunk was overwritten');
  return { data: Buffer.concat(copies), buffers: seen.size };
}

for (const drives of [1, 4]) {
  test(`${drives} drive(s): released chunks are recycled, bytes exact for whole, ranged and multipart GETs`, async () => {
    const o = await open(drives);
    try {
      const data = bytes(9 * MiB + 5, 7);
      await o.layer.putObject({ bucket: 'bkt', key: 'k', body: Readable.from([data]), size: data.length });
      // 9 full 1 MiB blocks of k frames, then a 5-byte block served from one small frame.
      const frames = 9 * (drives === 1 ? 1 : 2) + 1;

      const released = await consume(await o.layer.getObject({ bucket: 'bkt', key: 'k' }), (c, release) => release(c));
      assert.ok(released.data.equals(data));
      // Recycled: the pool keeps k + 1 free frames; k more are read ahead, k are in the socket.
      const k = drives === 1 ? 1 : 2;
      const bound = 3 * k + 2;
      assert.ok(released.buffers <= bound, `released: ${released.buffers} distinct buffers for ${frames} frames`);

      const held = await consume(await o.layer.getObject({ bucket: 'bkt', key: 'k' }), (c, _release, h) => h.push(c));
      assert.ok(held.data.equals(data));
      assert.equal(held.buffers, frames, 'nothing released: every frame has its own buffer');

      // Released three chunks late: a frame is only reused after its chunks came back.
      const late = await consume(await o.layer.getObject({ bucket: 'bkt', key: 'k' }), (c, release, h) => {
        h.push(c);
        if (h.length > 3) release(h.shift()!);
      });
      assert.ok(late.data.equals(data));

      const range = { kind: 'bounded' as const, start: 1 * MiB - 3, end: 7 * MiB + 11 };
      const ranged = await consume(await o.layer.getObject({ bucket: 'bkt', key: 'k', range }), (c, release) => release(c));
      assert.ok(ranged.data.equals(data.subarray(range.start, range.end + 1)));

      const up = await o.layer.createMultipartUpload({ bucket: 'bkt', key: 'mp' });
      const parts = [bytes(5 * MiB, 1), bytes(3 * MiB + 1, 2)];
      const infos = [];
      for (const [i, p] of parts.entries()) {
        infos.push(await o.layer.putObjectPart({
          bucket: 'bkt', key: 'mp', uploadId: up.uploadId, partNumber: i + 1, body: Readable.from([p]), size: p.length,
        }));
      }
      await o.layer.completeMultipartUpload({ bucket: 'bkt', key: 'mp', uploadId: up.uploadId, parts: infos.map((p, i) => ({ partNumber: i + 1, etag: p.etag })) });
      const mp = await consume(await o.layer.getObject({ bucket: 'bkt', key: 'mp' }), (c, release) => release(c));
      assert.ok(mp.data.equals(Buffer.concat(parts)));
      assert.ok(mp.buffers <= bound, `multipart released: ${mp.buffers} distinct buffers for ${(5 + 4) * k} frames`);
      const mpHeld = await consume(await o.layer.getObject({ bucket: 'bkt', key: 'mp' }), (c, _release, h) => h.push(c));
      assert.ok(mpHeld.data.equals(Buffer.concat(parts)));
    } finally {
      await o.close();
    }
  });
}
