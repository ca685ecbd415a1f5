import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import {
  BucketNotFoundError, DigestMismatchError, EntityTooSmallError, IncompleteBodyError, InvalidObjectNameError,
  InvalidPartError, InvalidPartNumberError, InvalidPartOrderError, PreconditionFailedError, UploadNotFoundError,
} from '../../src/errors/domain-errors.js';
import { putObject } from '../../src/object/put-object.js';
import { BUCKET, MiB, findUnder, openHarness, payload, type Harness, partNames, uploadDataDir } from './multipart-harness.js';

for (const drives of [1, 4]) {
  describe(`multipart errors on ${drives} drive(s)`, () => {
    let h: Harness;
    before(async () => { h = await openHarness(drives); });
    after(async () => { await h.close(); });

    test('bad part numbers, unknown buckets and keys, bodies of the wrong length', async () => {
      const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key: 'k' });
      for (const n of [0, -1, 10_001, 1.5, Number.NaN]) {
        await assert.rejects(h.putPart('k', up.uploadId, n, Buffer.from('x')), InvalidPartNumberError, `part ${n}`);
      }
      await h.putPart('k', up.uploadId, 10_000, Buffer.from('last allowed'));
      await assert.rejects(h.mp.createMultipartUpload({ bucket: 'no-such-bucket', key: 'k' }), BucketNotFoundError);
      await assert.rejects(h.mp.listMultipartUploads({ bucket: 'no-such-bucket', maxUploads: 5 }), BucketNotFoundError);
      await assert.rejects(h.mp.createMultipartUpload({ bucket: BUCKET, key: '' }), InvalidObjectNameError);
      await assert.rejects(h.mp.createMultipartUpload({ bucket: BUCKET, key: 'a\u0000b' }), InvalidObjectNameError);
      await assert.rejects(h.mp.putObjectPart({
        bucket: BUCKET, key: 'k', uploadId: up.uploadId, partNumber: 1, body: Readable.from([Buffer.from('abc')]), size: 5,
      }), IncompleteBodyError);
      // Another key with the same upload id is another (missing) upload.
      await assert.rejects(h.putPart('other-key', up.uploadId, 1, Buffer.from('x')), UploadNotFoundError);
      await h.mp.abortMultipartUpload({ bucket: BUCKET, key: 'k', uploadId: up.uploadId });
    });

    test('InvalidPart, InvalidPartOrder and EntityTooSmall leave the upload intact', async () => {
      const key = 'checks';
      const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key });
      const big = payload(5 * MiB, 7);
      const p1 = await h.putPart(key, up.uploadId, 1, big);
      const p2 = await h.putPart(key, up.uploadId, 2, Buffer.from('small'));
      const p3 = await h.putPart(key, up.uploadId, 3, Buffer.from('tail'));
      const complete = (parts: { partNumber: number; etag: string }[]) =>
        h.mp.completeMultipartUpload({ bucket: BUCKET, key, uploadId: up.uploadId, parts });
      await assert.rejects(complete([{ partNumber: 2, etag: p2.etag }, { partNumber: 1, etag: p1.etag }]), InvalidPartOrderError);
      await assert.rejects(complete([{ partNumber: 1, etag: p1.etag }, { partNumber: 1, etag: p1.etag }]), InvalidPartOrderError);
      await assert.rejects(complete([{ partNumber: 1, etag: p2.etag }]), InvalidPartError);
      await assert.rejects(complete([{ partNumber: 1, etag: p1.etag }, { partNumber: 4, etag: p3.etag }]), InvalidPartError);
      await assert.rejects(complete([]), InvalidPartError);
      await assert.rejects(
        complete([{ partNumber: 1, etag: p1.etag }, { partNumber: 2, etag: p2.etag }, { partNumber: 3, etag: p3.etag }]),
        (err: unknown) => err instanceof EntityTooSmallError && err.partNumber === 2 && err.size === 5,
      );
      // Nothing committed: all three parts still listed, files still in the upload's data dir.
      const listed = await h.mp.listParts({ bucket: BUCKET, key, uploadId: up.uploadId, maxParts: 10 });
      assert.deepEqual(listed.parts.map((p) => p.partNumber), [1, 2, 3]);
      for (const root of h.endpoints) {
        const staged = partNames(await findUnder(root, 'data'));
        assert.ok(staged.includes('part.1'), `part.1 in place on ${root}`);
      }
      // The last part may be small: 1 + 3 completes.
      const done = await complete([{ partNumber: 1, etag: p1.etag }, { partNumber: 3, etag: p3.etag }]);
      assert.equal(done.size, big.length + 4);
      const got = await h.get(key);
      assert.ok(got.body.equals(Buffer.concat([big, Buffer.from('tail')])));
    });

    test('beforeCommit rejecting a part stores nothing', async () => {
      const key = 'digest';
      const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key });
      await assert.rejects(h.mp.putObjectPart({
        bucket: BUCKET, key, uploadId: up.uploadId, partNumber: 1, body: Readable.from([Buffer.from('payload')]),
        size: 7,
        checksumAlgorithms: ['SHA256'],
        beforeCommit: (d) => {
          assert.equal(d.size, 7);
          assert.ok(d.checksums.SHA256);
          throw new DigestMismatchError('SHA256');
        },
      }), DigestMismatchError);
      assert.deepEqual((await h.mp.listParts({ bucket: BUCKET, key, uploadId: up.uploadId, maxParts: 10 })).parts, []);
      for (const root of h.endpoints) assert.deepEqual((await findUnder(root, 'multipart')).filter((p) => p.includes('part.') || p.includes('tmp-')), []);
      const dir = await uploadDataDir(h.storage, key, up.uploadId);
      for (const d of h.storage.drives) assert.deepEqual(await d.list(dir), [], `no part file left on ${d.endpoint}`);
      await h.mp.abortMultipartUpload({ bucket: BUCKET, key, uploadId: up.uploadId });
    });

    test('conditional complete: If-None-Match * on an existing key fails and the upload survives', async () => {
      const key = 'conditional';
      await putObject(h.ctx, { bucket: BUCKET, key, body: Readable.from([Buffer.from('old')]), size: 3 });
      const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key });
      const p1 = await h.putPart(key, up.uploadId, 1, Buffer.from('new content'));
      const parts = [{ partNumber: 1, etag: p1.etag }];
      await assert.rejects(h.mp.completeMultipartUpload({ bucket: BUCKET, key, uploadId: up.uploadId, parts, conditions: { ifNoneMatch: '*' } }), PreconditionFailedError);
      await assert.rejects(h.mp.completeMultipartUpload({
        bucket: BUCKET, key, uploadId: up.uploadId, parts, conditions: { ifMatch: 'ffffffffffffffffffffffffffffffff' },
      }), PreconditionFailedError);
      assert.equal((await h.get(key)).body.toString(), 'old');
      assert.equal((await h.mp.listParts({ bucket: BUCKET, key, uploadId: up.uploadId, maxParts: 10 })).parts.length, 1);
      const oldEtag = (await h.get(key)).etag;
      const done = await h.mp.completeMultipartUpload({ bucket: BUCKET, key, uploadId: up.uploadId, parts, conditions: { ifMatch: oldEtag } });
      assert.match(done.etag, /-1$/);
      assert.equal((await h.get(key)).body.toString(), 'new content');
      await assert.rejects(h.mp.listParts({ bucket: BUCKET, key, uploadId: up.uploadId, maxParts: 10 }), UploadNotFoundError);
    });

    test('versioned complete keeps the previous version', async () => {
      const key = 'versioned';
      const first = await putObject(h.ctx, { bucket: BUCKET, key, body: Readable.from([Buffer.from('v1')]), size: 2, versioned: true });
      const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key });
      const p1 = await h.putPart(key, up.uploadId, 1, Buffer.from('v2'));
      const done = await h.mp.completeMultipartUpload({ bucket: BUCKET, key, uploadId: up.uploadId, parts: [{ partNumber: 1, etag: p1.etag }], versioned: true });
      assert.notEqual(done.versionId, 'null');
      assert.notEqual(done.versionId, first.versionId);
      assert.equal((await h.get(key)).body.toString(), 'v2');
      assert.equal((await h.get(key, { versionId: first.versionId })).body.toString(), 'v1');
    });
  });
}
