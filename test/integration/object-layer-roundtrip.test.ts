/**
 * Object layer round trips over real drives (1 drive, and 4 drives = EC 2+2): put/get/head/
 * delete/copy for 0 B .. 3 MiB+7, inline vs data-dir placement, metadata and checksums.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { BucketNotFoundError, InvalidObjectNameError, ObjectNotFoundError } from '../../src/errors/domain-errors.js';
import { computeChecksum } from '../../src/util/checksums.js';
import { DEFAULT_INLINE_THRESHOLD } from '../../src/object/index.js';
import { BUCKET, bytes, KiB, MiB, openHarness, readAll } from './object-layer-harness.js';

const SIZES = [0, 1, 4 * KiB, 63 * KiB, 64 * KiB, 127 * KiB, 128 * KiB + 1, 3 * MiB + 7];
const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');

for (const n of [1, 4]) {
  describe(`object layer round trips, ${n} drive(s)`, () => {
    test('put/get/head/copy/delete for every size; inline below the default threshold (64 KiB); nothing left behind', async () => {
      const h = await openHarness(n);
      try {
        for (const size of SIZES) {
          const data = bytes(size, size + 1);
          const key = `obj/${size}`;
          const put = await h.put(key, data, { contentType: 'application/x-test', userMetadata: { color: 'blue' } });
          assert.equal(put.etag, md5(data));
          assert.equal(put.size, size);
          assert.equal(put.versionId, 'null');
          const head = await h.layer.headObject({ bucket: BUCKET, key });
          assert.equal(head.etag, md5(data));
          assert.equal(head.size, size);
          assert.equal(head.contentType, 'application/x-test');
          assert.deepEqual(head.userMetadata, { color: 'blue' });
          assert.equal(head.isLatest, true);
          assert.ok((await h.get(key)).equals(data), `get ${size}`);
          const files = await h.dataFiles();
          if (size < DEFAULT_INLINE_THRESHOLD) assert.deepEqual(files, [], `inline object of ${size} B creates no file`);
          else assert.equal(files.length, n, `one shard file per drive for ${size} B`);
          const copy = await h.layer.copyObject({ bucket: BUCKET, key: `${key}.copy`, source: { bucket: BUCKET, key }, metadataDirective: 'COPY' });
          assert.equal(copy.etag, md5(data));
          assert.equal(copy.contentType, 'application/x-test');
          assert.deepEqual(copy.userMetadata, { color: 'blue' });
          assert.ok((await h.get(`${key}.copy`)).equals(data), `copy ${size}`);
          const del = await h.layer.deleteObject({ bucket: BUCKET, key });
          assert.deepEqual(del, { isDeleteMarker: false });
          await assert.rejects(h.layer.headObject({ bucket: BUCKET, key }), ObjectNotFoundError);
          await assert.rejects(h.layer.getObject({ bucket: BUCKET, key }), ObjectNotFoundError);
          await h.layer.deleteObject({ bucket: BUCKET, key: `${key}.copy` });
          assert.deepEqual(await h.dataFiles(), [], `no data left after deleting ${size} B`);
          // Only the tombstone stays: no version, the removed write remembered (dropped later by heal).
          const recs = await h.records(key);
          for (const r of recs) {
            assert.deepEqual(r?.versions, []);
            assert.equal(r?.removed.length, 1);
            assert.deepEqual(r.removed, recs[0]!.removed, 'the same tombstone on every drive');
          }
        }
        // Deleting a missing key is success, as in S3.
        assert.deepEqual(await h.layer.deleteObject({ bucket: BUCKET, key: 'never-there' }), { isDeleteMarker: false });
      } finally {
        await h.close();
      }
    });

    test('overwrite replaces the object and removes the old data dir after the commit', async () => {
      const h = await openHarness(n);
      try {
        const big1 = bytes(200 * KiB, 1);
        const big2 = bytes(300 * KiB, 2);
        await h.put('k', big1);
        const before = await h.dataFiles();
        await h.put('k', big2);
        const after = await h.dataFiles();
        assert.equal(after.length, n);
        assert.ok(after.every((f) => !before.includes(f)), 'old data dir removed');
        assert.ok((await h.get('k')).equals(big2));
        await h.put('k', Buffer.from('small now'));
        assert.deepEqual(await h.dataFiles(), []);
        assert.equal((await h.get('k')).toString(), 'small now');
        const recs = await h.records('k');
        for (const r of recs) assert.equal(r!.versions.length, 1);
      } finally {
        await h.close();
      }
    });

    test('checksums are computed while storing and handed to beforeCommit', async () => {
      const h = await openHarness(n);
      try {
        for (const size of [5, 200 * KiB]) {
          const data = bytes(size, 7);
          let seen: { size: number; md5: Buffer; checksums: Record<string, Buffer> } | undefined;
          const info = await h.put(`c${size}`, data, {
            checksumAlgorithms: ['CRC32', 'SHA256'], storeChecksum: 'CRC32C',
            beforeCommit: (d) => { seen = d as typeof seen; },
          });
          assert.equal(seen!.size, size);
          assert.equal(seen!.md5.toString('hex'), md5(data));
          assert.ok(seen!.checksums.CRC32!.equals(computeChecksum('CRC32', data)));
          assert.ok(seen!.checksums.SHA256!.equals(computeChecksum('SHA256', data)));
          assert.deepEqual(info.checksum, { algorithm: 'CRC32C', type: 'FULL_OBJECT', value: computeChecksum('CRC32C', data).toString('base64') });
          assert.deepEqual((await h.layer.headObject({ bucket: BUCKET, key: `c${size}` })).checksum, info.checksum);
        }
      } finally {
        await h.close();
      }
    });

    test('copy: tags from the side tagsFrom names, of the version the copy read; sourceVersionId', async () => {
      const h = await openHarness(n);
      try {
        const tag = 'x-amz-tagging';
        const v1 = await h.put('t', Buffer.from('one'), { versioned: true, contentType: 'text/one', userMetadata: { m: '1' }, systemMetadata: { [tag]: 'v=1' } });
        const v2 = await h.put('t', Buffer.from('two'), { versioned: true, contentType: 'text/two', userMetadata: { m: '2' }, systemMetadata: { [tag]: 'v=2' } });
        const fromV1 = await h.layer.copyObject({
          bucket: BUCKET, key: 'c1', source: { bucket: BUCKET, key: 't', versionId: v1.versionId },
          metadataDirective: 'REPLACE', tagsFrom: 'source', contentType: 'text/new', userMetadata: { m: 'new' }, systemMetadata: { [tag]: 'ignored=1' },
        });
        assert.deepEqual([fromV1.sourceVersionId, fromV1.contentType, fromV1.userMetadata, fromV1.systemMetadata[tag]], [v1.versionId, 'text/new', { m: 'new' }, 'v=1']);
        const latest = await h.layer.copyObject({
          bucket: BUCKET, key: 'c2', source: { bucket: BUCKET, key: 't' }, metadataDirective: 'COPY', tagsFrom: 'request', systemMetadata: { [tag]: 'r=1' },
        });
        assert.deepEqual([latest.sourceVersionId, latest.contentType, latest.userMetadata, latest.systemMetadata[tag]], [v2.versionId, 'text/two', { m: '2' }, 'r=1']);
        const untagged = await h.layer.copyObject({ bucket: BUCKET, key: 'c3', source: { bucket: BUCKET, key: 't' }, metadataDirective: 'COPY', tagsFrom: 'request' });
        assert.equal(untagged.systemMetadata[tag], undefined);
        assert.equal((await h.layer.headObject({ bucket: BUCKET, key: 'c3' })).userMetadata.m, '2');
        const plain = await h.put('p', Buffer.from('p'));
        const self = await h.layer.copyObject({ bucket: BUCKET, key: 'p', source: { bucket: BUCKET, key: 'p' }, metadataDirective: 'COPY', tagsFrom: 'request', systemMetadata: { [tag]: 's=1' } });
        assert.deepEqual([self.sourceVersionId, self.systemMetadata[tag], plain.versionId], ['null', 's=1', 'null']);
      } finally {
        await h.close();
      }
    });

    test('copy with REPLACE, onto itself (metadata only) and to another bucket', async () => {
      const h = await openHarness(n);
      try {
        await h.layer.makeBucket({ bucket: 'other' });
        for (const size of [10, 200 * KiB]) {
          const data = bytes(size, 3);
          const key = `m${size}`;
          await h.put(key, data, { contentType: 'text/a', userMetadata: { a: '1' }, systemMetadata: { 'cache-control': 'no-cache' } });
          const filesBefore = await h.dataFiles();
          const self = await h.layer.copyObject({
            bucket: BUCKET, key, source: { bucket: BUCKET, key },
            metadataDirective: 'REPLACE', contentType: 'text/b', userMetadata: { b: '2' },
          });
          assert.equal(self.contentType, 'text/b');
          assert.deepEqual(self.userMetadata, { b: '2' });
          assert.deepEqual(self.systemMetadata, {});
          assert.equal(self.etag, md5(data));
          assert.deepEqual(await h.dataFiles(), filesBefore, 'metadata-only copy reuses the data');
          assert.ok((await h.get(key)).equals(data));
          const head = await h.layer.headObject({ bucket: BUCKET, key });
          assert.equal(head.contentType, 'text/b');
          const other = await h.layer.copyObject({ bucket: 'other', key: 'x/y', source: { bucket: BUCKET, key }, metadataDirective: 'COPY' });
          assert.equal(other.bucket, 'other');
          assert.deepEqual(other.userMetadata, { b: '2' });
          assert.ok((await readAll((await h.layer.getObject({ bucket: 'other', key: 'x/y' })).body)).equals(data));
        }
        await assert.rejects(h.layer.copyObject({ bucket: BUCKET, key: 'x', source: { bucket: BUCKET, key: 'nope' }, metadataDirective: 'COPY' }), ObjectNotFoundError);
        await assert.rejects(h.layer.copyObject({ bucket: 'missing-bucket', key: 'x', source: { bucket: BUCKET, key: 'm10' }, metadataDirective: 'COPY' }), BucketNotFoundError);
      } finally {
        await h.close();
      }
    });
  });
}

describe('object layer input validation', () => {
  test('bad keys and missing buckets are typed errors', async () => {
    const h = await openHarness(1);
    try {
      const body = (): Readable => Readable.from([Buffer.from('x')]);
      await assert.rejects(h.layer.putObject({ bucket: BUCKET, key: '', body: body(), size: 1 }), InvalidObjectNameError);
      await assert.rejects(h.layer.putObject({ bucket: BUCKET, key: 'k'.repeat(1025), body: body(), size: 1 }), InvalidObjectNameError);
      await assert.rejects(h.layer.putObject({ bucket: BUCKET, key: 'bad\ud800', body: body(), size: 1 }), InvalidObjectNameError);
      await assert.rejects(h.layer.putObject({ bucket: 'nobucket', key: 'k', body: body(), size: 1 }), BucketNotFoundError);
      await assert.rejects(h.layer.getObject({ bucket: 'nobucket', key: 'k' }), BucketNotFoundError);
      await assert.rejects(h.layer.headObject({ bucket: BUCKET, key: 'missing' }), ObjectNotFoundError);
      const key = 'ü/😀/' + 'k'.repeat(1000);
      await h.put(key, Buffer.from('unicode key'));
      assert.equal((await h.get(key)).toString(), 'unicode key');
    } finally {
      await h.close();
    }
  });
});
