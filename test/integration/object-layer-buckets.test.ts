/**
 * Buckets over real drives: naming, make/head/list/delete, BucketExists / BucketNotEmpty
 * (objects, delete markers; pending multipart uploads are aborted with the bucket), config
 * documents, and quorum.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import {
  BucketExistsError, BucketNotEmptyError, BucketNotFoundError, InvalidBucketNameError, QuorumError, UploadNotFoundError,
} from '../../src/errors/domain-errors.js';
import { BUCKET, openHarness } from './object-layer-harness.js';

for (const n of [1, 4]) {
  describe(`buckets, ${n} drive(s)`, () => {
    test('make, head, list, delete', async () => {
      const h = await openHarness(n, { region: 'eu-west-3' });
      try {
        await h.layer.makeBucket({ bucket: 'zeta.bucket' });
        await h.layer.makeBucket({ bucket: 'alpha-1', region: 'us-west-2' });
        await assert.rejects(h.layer.makeBucket({ bucket: 'alpha-1' }), BucketExistsError);
        for (const bad of ['ab', 'Upper', 'a..b', '192.168.0.1', 'xn--abc', 'x-s3alias', 'has_underscore', '-dash']) {
          await assert.rejects(h.layer.makeBucket({ bucket: bad }), InvalidBucketNameError, bad);
        }
        const info = await h.layer.headBucket({ bucket: 'alpha-1' });
        assert.equal(info.name, 'alpha-1');
        assert.equal(info.region, 'us-west-2');
        assert.equal((await h.layer.headBucket({ bucket: 'zeta.bucket' })).region, 'eu-west-3');
        assert.ok(Math.abs(info.created.getTime() - Date.now()) < 60_000);
        assert.deepEqual((await h.layer.listBuckets()).map((b) => b.name), ['alpha-1', BUCKET, 'zeta.bucket']);
        await assert.rejects(h.layer.headBucket({ bucket: 'missing' }), BucketNotFoundError);
        await assert.rejects(h.layer.deleteBucket({ bucket: 'missing' }), BucketNotFoundError);
        await h.layer.deleteBucket({ bucket: 'zeta.bucket' });
        await assert.rejects(h.layer.headBucket({ bucket: 'zeta.bucket' }), BucketNotFoundError);
        assert.deepEqual((await h.layer.listBuckets()).map((b) => b.name), ['alpha-1', BUCKET]);
        await h.layer.makeBucket({ bucket: 'zeta.bucket' }); // can be created again
      } finally {
        await h.close();
      }
    });

    test('BucketNotEmpty for objects and delete markers', async () => {
      const h = await openHarness(n);
      try {
        await h.put('k', Buffer.from('x'));
        await assert.rejects(h.layer.deleteBucket({ bucket: BUCKET }), BucketNotEmptyError);
        await h.layer.deleteObject({ bucket: BUCKET, key: 'k', versioning: 'Enabled' }); // leaves versions + a marker
        await assert.rejects(h.layer.deleteBucket({ bucket: BUCKET }), BucketNotEmptyError);
        for (const v of (await h.layer.listObjectVersions({ bucket: BUCKET, maxKeys: 10 })).versions) {
          await h.layer.deleteObject({ bucket: BUCKET, key: 'k', versionId: v.versionId });
        }
        await h.layer.putBucketConfig({ bucket: BUCKET, name: 'versioning', value: Buffer.from('<Enabled/>') });
        await h.layer.deleteBucket({ bucket: BUCKET });
        await h.layer.makeBucket({ bucket: BUCKET });
        assert.equal(await h.layer.getBucketConfig({ bucket: BUCKET, name: 'versioning' }), undefined, 'configs deleted with the bucket');
      } finally {
        await h.close();
      }
    });

    test('pending uploads alone do not keep a bucket: they are aborted with it (as AWS does)', async () => {
      const h = await openHarness(n);
      try {
        await h.put('k', Buffer.from('x'));
        const kept = await h.layer.createMultipartUpload({ bucket: BUCKET, key: 'mp' });
        await assert.rejects(h.layer.deleteBucket({ bucket: BUCKET }), BucketNotEmptyError);
        const listed = await h.layer.listMultipartUploads({ bucket: BUCKET, maxUploads: 10 });
        assert.deepEqual(listed.uploads.map((u) => u.uploadId), [kept.uploadId], 'a refused delete aborts nothing');
        await h.layer.deleteObject({ bucket: BUCKET, key: 'k' });
        const second = await h.layer.createMultipartUpload({ bucket: BUCKET, key: 'a/b' });
        await h.layer.putObjectPart({ bucket: BUCKET, key: 'a/b', uploadId: second.uploadId, partNumber: 1, body: Readable.from([Buffer.alloc(1000, 7)]), size: 1000 });
        await h.layer.deleteBucket({ bucket: BUCKET });
        await assert.rejects(h.layer.headBucket({ bucket: BUCKET }), BucketNotFoundError);
        await h.layer.makeBucket({ bucket: BUCKET });
        const after = await h.layer.listMultipartUploads({ bucket: BUCKET, maxUploads: 10 });
        assert.deepEqual(after.uploads, [], 'the uploads went with the bucket');
        await assert.rejects(
          h.layer.putObjectPart({ bucket: BUCKET, key: 'a/b', uploadId: second.uploadId, partNumber: 2, body: Readable.from([Buffer.alloc(10)]), size: 10 }),
          UploadNotFoundError,
        );
      } finally {
        await h.close();
      }
    });

    test('config documents: put, overwrite, get, delete', async () => {
      const h = await openHarness(n);
      try {
        assert.equal(await h.layer.getBucketConfig({ bucket: BUCKET, name: 'lifecycle' }), undefined);
        await h.layer.putBucketConfig({ bucket: BUCKET, name: 'lifecycle', value: Buffer.from('v1') });
        await h.layer.putBucketConfig({ bucket: BUCKET, name: 'lifecycle', value: Buffer.from('v2') });
        await h.layer.putBucketConfig({ bucket: BUCKET, name: 'policy', value: Buffer.from('{"p":1}') });
        assert.equal((await h.layer.getBucketConfig({ bucket: BUCKET, name: 'lifecycle' }))!.toString(), 'v2');
        assert.equal((await h.layer.getBucketConfig({ bucket: BUCKET, name: 'policy' }))!.toString(), '{"p":1}');
        await h.layer.putBucketConfig({ bucket: BUCKET, name: 'lifecycle', value: undefined });
        assert.equal(await h.layer.getBucketConfig({ bucket: BUCKET, name: 'lifecycle' }), undefined);
        await assert.rejects(h.layer.putBucketConfig({ bucket: 'missing', name: 'policy', value: Buffer.from('x') }), BucketNotFoundError);
        await assert.rejects(h.layer.getBucketConfig({ bucket: 'missing', name: 'policy' }), BucketNotFoundError);
        await assert.rejects(h.layer.getBucketConfig({ bucket: BUCKET, name: '../x' }), RangeError);
      } finally {
        await h.close();
      }
    });
  });
}

describe('bucket quorum, 4 drives', () => {
  test('a stale drive is out-voted; too few drives is a quorum error', async () => {
    const h = await openHarness(4);
    try {
      h.faults[0]!.set({ offline: true });
      await h.layer.makeBucket({ bucket: 'made-while-down' });
      await h.layer.putBucketConfig({ bucket: BUCKET, name: 'tagging', value: Buffer.from('t1') });
      h.faults[0]!.reset();
      assert.equal((await h.layer.headBucket({ bucket: 'made-while-down' })).name, 'made-while-down');
      assert.equal((await h.layer.getBucketConfig({ bucket: BUCKET, name: 'tagging' }))!.toString(), 't1');
      assert.ok((await h.layer.listBuckets()).some((b) => b.name === 'made-while-down'));
      h.faults[1]!.set({ offline: true });
      h.faults[2]!.set({ offline: true });
      await assert.rejects(h.layer.makeBucket({ bucket: 'no-quorum' }), (e: unknown) => e instanceof QuorumError && e.kind === 'write');
      h.faults[3]!.set({ offline: true });
      await assert.rejects(h.layer.headBucket({ bucket: BUCKET }), (e: unknown) => e instanceof QuorumError && e.kind === 'read');
      for (const f of h.faults) f.reset();
      await assert.rejects(h.layer.headBucket({ bucket: 'no-quorum' }), BucketNotFoundError);
    } finally {
      await h.close();
    }
  });
});
