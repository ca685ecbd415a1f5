/**
 * The object layer with a DigestPool (hashing on worker threads): data-dir PUTs and parts get
 * the same ETag and checksums as on the main thread; inline PUTs stay on the main thread; a
 * digest worker that dies fails the PUT cleanly (nothing visible, no staging left).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { computeChecksum } from '../../src/util/checksums.js';
import { DigestPool } from '../../src/util/digest-pool.js';
import { BUCKET, bytes, KiB, MiB, openHarness } from './object-layer-harness.js';

const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');

test('digest pool: data-dir PUT and UploadPart digests equal the main-thread ones', async () => {
  const pool = new DigestPool({ threads: 2, slotBytes: 256 * KiB, slotsPerThread: 2 });
  const h = await openHarness(4, { digestPool: pool });
  try {
    for (const size of [200 * KiB, 3 * MiB + 7]) {
      const data = bytes(size, 11);
      let seen: { size: number; md5: Buffer; checksums: Record<string, Buffer> } | undefined;
      const info = await h.put(`k${size}`, data, {
        checksumAlgorithms: ['CRC32', 'SHA256'], storeChecksum: 'CRC64NVME',
        beforeCommit: (d) => { seen = d as typeof seen; },
      });
      assert.equal(info.etag.replace(/"/g, ''), md5(data));
      assert.equal(seen!.size, size);
      assert.ok(seen!.checksums.CRC32!.equals(computeChecksum('CRC32', data)));
      assert.ok(seen!.checksums.SHA256!.equals(computeChecksum('SHA256', data)));
      assert.equal(info.checksum?.value, computeChecksum('CRC64NVME', data).toString('base64'));
      assert.ok((await h.get(`k${size}`)).equals(data));
    }
    const up = await h.layer.createMultipartUpload({ bucket: BUCKET, key: 'mp', checksumAlgorithm: 'CRC32C' });
    const parts = [bytes(5 * MiB, 3), bytes(1 * MiB + 3, 4)];
    const infos = await Promise.all(parts.map((p, i) => h.layer.putObjectPart({
      bucket: BUCKET, key: 'mp', uploadId: up.uploadId, partNumber: i + 1, body: Readable.from([p]),
      size: p.length, storeChecksum: 'CRC32C',
    })));
    infos.forEach((pi, i) => {
      assert.equal(pi.etag.replace(/"/g, ''), md5(parts[i]!));
      assert.equal(pi.checksum?.value, computeChecksum('CRC32C', parts[i]!).toString('base64'));
    });
    const w = pool.workersForTest();
    assert.ok(w.length > 0 && w.every((t) => t.maxInUse <= t.slots && t.inUse === 0), 'slots bounded and all freed');
  } finally {
    await h.close();
    await pool.close();
  }
});

test('digest pool: inline PUTs are hashed on the main thread (no worker started)', async () => {
  const pool = new DigestPool({ threads: 1 });
  const h = await openHarness(4, { digestPool: pool });
  try {
    const data = bytes(5 * KiB, 2);
    const info = await h.put('small', data);
    assert.equal(info.etag.replace(/"/g, ''), md5(data));
    assert.equal(pool.workersForTest().length, 0);
  } finally {
    await h.close();
    await pool.close();
  }
});

test('digest pool: a worker dying mid-PUT fails that PUT cleanly; the next PUT works', async () => {
  const pool = new DigestPool({ threads: 1, slotBytes: 64 * KiB, slotsPerThread: 2 });
  const h = await openHarness(4, { digestPool: pool });
  try {
    await h.put('warm', bytes(200 * KiB, 1)); // starts the worker
    const data = bytes(4 * MiB, 5);
    async function* slow(): AsyncGenerator<Buffer> {
      yield data.subarray(0, 2 * MiB);
      await pool.workersForTest()[0]!.worker.terminate();
      yield data.subarray(2 * MiB);
    }
    await assert.rejects(h.layer.putObject({ bucket: BUCKET, key: 'dead', body: Readable.from(slow()), size: data.length }), /digest worker/);
    await assert.rejects(h.layer.headObject({ bucket: BUCKET, key: 'dead' }));
    assert.deepEqual((await h.dataFiles()).filter((f) => /\/d\d\/tmp\//.test(f)), []);
    const info = await h.put('after', data);
    assert.equal(info.etag.replace(/"/g, ''), md5(data));
  } finally {
    await h.close();
    await pool.close();
  }
});
