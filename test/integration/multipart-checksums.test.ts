/**
 * Multipart checksums against independent computations: node:crypto for SHA, node:zlib for
 * CRC32, the BigInt CRC64/NVME of test/helpers (not the server's table-driven one).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import {
  DigestMismatchError, InvalidChecksumRequestError, InvalidPartError,
} from '../../src/errors/domain-errors.js';
import type { ChecksumAlgorithm, ChecksumType } from '../../src/object/object-layer.js';
import { computeChecksum } from '../../src/util/checksums.js';
import { crc64nvme } from '../helpers/crc64nvme.js';
import { BUCKET, MiB, openHarness, payload, type Harness } from './multipart-harness.js';

function crc32Raw(data: Buffer): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(zlib.crc32(data), 0);
  return out;
}

function crc64Raw(data: Buffer): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(crc64nvme(data));
  return out;
}

const sha = (alg: 'sha1' | 'sha256') => (data: Buffer): Buffer => createHash(alg).update(data).digest();

const RAW: Partial<Record<ChecksumAlgorithm, (d: Buffer) => Buffer>> = {
  CRC32: crc32Raw,
  CRC64NVME: crc64Raw,
  SHA1: sha('sha1'),
  SHA256: sha('sha256'),
};

for (const drives of [1, 4]) {
  describe(`multipart checksums on ${drives} drive(s)`, () => {
    let h: Harness;
    const parts = [payload(5 * MiB, 21), payload(100_003, 22)];
    const whole = Buffer.concat(parts);
    before(async () => { h = await openHarness(drives); });
    after(async () => { await h.close(); });

    const cases: [ChecksumAlgorithm, ChecksumType][] = [
      ['CRC32', 'COMPOSITE'], ['SHA256', 'COMPOSITE'], ['SHA1', 'COMPOSITE'], ['CRC32', 'FULL_OBJECT'], ['CRC64NVME', 'FULL_OBJECT'],
    ];
    for (const [alg, type] of cases) {
      test(`${alg} ${type} equals the independent value`, async () => {
        const raw = RAW[alg]!;
        const key = `ck-${alg}-${type}`;
        const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key, checksumAlgorithm: alg, checksumType: type });
        assert.equal(up.checksumAlgorithm, alg);
        assert.equal(up.checksumType, type);
        const infos = [];
        for (const [i, data] of parts.entries()) {
          const info = await h.mp.putObjectPart({
            bucket: BUCKET, key, uploadId: up.uploadId, partNumber: i + 1, body: Readable.from([data]),
            size: data.length, checksumAlgorithms: [alg], storeChecksum: alg,
          });
          assert.equal(info.checksum?.value, raw(data).toString('base64'), `part ${i + 1} checksum`);
          infos.push(info);
        }
        const listed = await h.mp.listParts({ bucket: BUCKET, key, uploadId: up.uploadId, maxParts: 10 });
        assert.deepEqual(listed.parts.map((p) => p.checksum?.value), infos.map((i) => i.checksum?.value));
        const expected = type === 'COMPOSITE'
          ? `${raw(Buffer.concat(parts.map(raw))).toString('base64')}-${parts.length}`
          : raw(whole).toString('base64');
        const done = await h.mp.completeMultipartUpload({
          bucket: BUCKET, key, uploadId: up.uploadId, parts: infos.map((i) => ({ partNumber: i.partNumber, etag: i.etag, checksum: i.checksum!.value })),
        });
        assert.deepEqual(done.checksum, { algorithm: alg, type, value: expected });
        const head = await h.mp.headObject({ bucket: BUCKET, key });
        assert.deepEqual(head.checksum, { algorithm: alg, type, value: expected });
      });
    }

    test('CRC32C FULL_OBJECT without part checksums in the complete request, with the whole checksum declared', async () => {
      const key = 'crc32c-full';
      const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key, checksumAlgorithm: 'CRC32C', checksumType: 'FULL_OBJECT' });
      const infos = [];
      for (const [i, data] of parts.entries()) infos.push(await h.putPart(key, up.uploadId, i + 1, data));
      // The layer computed the upload's algorithm even though the request asked for none.
      assert.ok(infos.every((i) => i.checksum?.algorithm === 'CRC32C'));
      // crc32c(whole) via the part combination must equal a straight pass over the bytes.
      const direct = computeChecksum('CRC32C', whole).toString('base64');
      await assert.rejects(h.mp.completeMultipartUpload({
        bucket: BUCKET, key, uploadId: up.uploadId, parts: infos.map((i) => ({ partNumber: i.partNumber, etag: i.etag })), expectedChecksum: 'AAAAAA==',
      }), DigestMismatchError);
      const done = await h.mp.completeMultipartUpload({
        bucket: BUCKET, key, uploadId: up.uploadId, parts: infos.map((i) => ({ partNumber: i.partNumber, etag: i.etag })), expectedChecksum: direct,
      });
      assert.equal(done.checksum?.value, direct);
    });

    test('forbidden combinations and mismatches are typed errors', async () => {
      await assert.rejects(h.mp.createMultipartUpload({ bucket: BUCKET, key: 'x', checksumAlgorithm: 'SHA256', checksumType: 'FULL_OBJECT' }), InvalidChecksumRequestError);
      await assert.rejects(h.mp.createMultipartUpload({ bucket: BUCKET, key: 'x', checksumAlgorithm: 'CRC64NVME', checksumType: 'COMPOSITE' }), InvalidChecksumRequestError);
      await assert.rejects(h.mp.createMultipartUpload({ bucket: BUCKET, key: 'x', checksumType: 'COMPOSITE' }), InvalidChecksumRequestError);
      const dflt = await h.mp.createMultipartUpload({ bucket: BUCKET, key: 'x', checksumAlgorithm: 'CRC64NVME' });
      assert.equal(dflt.checksumType, 'FULL_OBJECT');
      const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key: 'y', checksumAlgorithm: 'CRC32', checksumType: 'COMPOSITE' });
      await assert.rejects(h.mp.putObjectPart({
        bucket: BUCKET, key: 'y', uploadId: up.uploadId, partNumber: 1, body: Readable.from([Buffer.from('a')]),
        size: 1, checksumAlgorithms: ['SHA256'], storeChecksum: 'SHA256',
      }), InvalidChecksumRequestError);
      const p1 = await h.putPart('y', up.uploadId, 1, Buffer.from('abc'));
      // COMPOSITE requires each part's checksum in the complete request, and it must match.
      await assert.rejects(h.mp.completeMultipartUpload({
        bucket: BUCKET, key: 'y', uploadId: up.uploadId, parts: [{ partNumber: 1, etag: p1.etag }],
      }), InvalidChecksumRequestError);
      await assert.rejects(h.mp.completeMultipartUpload({
        bucket: BUCKET, key: 'y', uploadId: up.uploadId, parts: [{ partNumber: 1, etag: p1.etag, checksum: crc32Raw(Buffer.from('abd')).toString('base64') }],
      }), InvalidPartError);
      const done = await h.mp.completeMultipartUpload({
        bucket: BUCKET, key: 'y', uploadId: up.uploadId, parts: [{ partNumber: 1, etag: p1.etag, checksum: crc32Raw(Buffer.from('abc')).toString('base64') }],
      });
      assert.equal(done.checksum?.value, `${crc32Raw(crc32Raw(Buffer.from('abc'))).toString('base64')}-1`);
      await h.mp.abortMultipartUpload({ bucket: BUCKET, key: 'x', uploadId: dflt.uploadId });
    });
  });
}
