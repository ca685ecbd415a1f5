import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { putObject } from '../../src/object/put-object.js';
import { deleteBucket } from '../../src/object/buckets.js';
import type { CopyPartSource } from '../../src/object/object-layer.js';
import {
  BucketNotEmptyError, InvalidPartNumberError, InvalidRangeError, ObjectNotFoundError, PreconditionFailedError, UploadNotFoundError,
} from '../../src/errors/domain-errors.js';
import { BUCKET, MiB, findUnder, makeLegacyUpload, metaKeys, openHarness, partNames, payload, uploadDataDir, type Harness } from './multipart-harness.js';

/** Independent ETag: md5 over the concatenated binary md5 of each part, then -N. */
function expectedEtag(parts: Buffer[]): string {
  const h = createHash('md5');
  for (const p of parts) h.update(createHash('md5').update(p).digest());
  return `${h.digest('hex')}-${parts.length}`;
}

for (const drives of [1, 4]) {
  describe(`multipart round trip on ${drives} drive(s)`, () => {
    let h: Harness;
    before(async () => { h = await openHarness(drives); });
    after(async () => { await h.close(); });

    test('3 parts (5 MiB, 5 MiB, 1 MiB+3) come back byte-identical with the multipart ETag', async () => {
      const parts = [payload(5 * MiB, 1), payload(5 * MiB, 2), payload(MiB + 3, 3)];
      const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key: 'big/object.bin', contentType: 'application/x-test', userMetadata: { a: 'b' } });
      assert.match(up.uploadId, /^[0-9a-f]{32}$/);
      // Upload out of order: storage order must not matter.
      const infos = await Promise.all([3, 1, 2].map((n) => h.putPart('big/object.bin', up.uploadId, n, parts[n - 1]!)));
      for (const info of infos) assert.equal(info.etag, createHash('md5').update(parts[info.partNumber - 1]!).digest('hex'));
      const done = await h.mp.completeMultipartUpload({
        bucket: BUCKET, key: 'big/object.bin', uploadId: up.uploadId, parts: [1, 2, 3].map((n) => ({ partNumber: n, etag: infos.find((i) => i.partNumber === n)!.etag })),
      });
      const whole = Buffer.concat(parts);
      assert.equal(done.etag, expectedEtag(parts));
      assert.match(done.etag, /^[0-9a-f]{32}-3$/);
      assert.equal(done.size, whole.length);
      assert.equal(done.contentType, 'application/x-test');
      assert.deepEqual(done.userMetadata, { a: 'b' });
      assert.deepEqual(done.parts?.map((p) => p.size), parts.map((p) => p.length));

      const got = await h.get('big/object.bin');
      assert.equal(got.size, whole.length);
      assert.equal(got.etag, done.etag);
      assert.ok(got.body.equals(whole), 'GET body is byte-identical');

      // GET ?partNumber=N serves exactly that part and reports the parts count.
      for (const n of [1, 2, 3]) {
        const part = await h.get('big/object.bin', { partNumber: n });
        assert.equal(part.partsCount, 3);
        assert.ok(part.body.equals(parts[n - 1]!), `part ${n} bytes`);
      }
      // A range across the part boundary.
      const ranged = await h.get('big/object.bin', { range: { kind: 'bounded', start: 5 * MiB - 10, end: 5 * MiB + 9 } });
      assert.ok(ranged.body.equals(whole.subarray(5 * MiB - 10, 5 * MiB + 10)));

      // The upload is gone: records, listing, staging dirs.
      await assert.rejects(h.mp.listParts({ bucket: BUCKET, key: 'big/object.bin', uploadId: up.uploadId, maxParts: 10 }), UploadNotFoundError);
      assert.deepEqual((await h.mp.listMultipartUploads({ bucket: BUCKET, maxUploads: 10 })).uploads, []);
      assert.deepEqual(await metaKeys(h.storage, 'u/'), []);
      assert.deepEqual(await metaKeys(h.storage, 'p/'), []);
      for (const root of h.endpoints) {
        assert.deepEqual(await findUnder(root, 'multipart'), [], `no staged files on ${root}`);
        const data = (await findUnder(root, 'data')).filter((p) => p.includes('part.'));
        // Written in place: each part's own file, `part.<N>.<partId>`, in one data dir.
        for (const p of data) assert.match(p, /^\.cairn\/data\/[0-9a-f]{2}\/[0-9a-f]{32}\/part\.[123]\.[0-9a-f]{32}$/);
        assert.deepEqual(partNames(data), ['part.1', 'part.2', 'part.3']);
      }
    });

    test('re-uploading a part number replaces it; unused parts are deleted at complete', async () => {
      const key = 'replace.bin';
      const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key });
      await h.putPart(key, up.uploadId, 1, payload(5 * MiB, 10));
      const second = payload(5 * MiB, 11);
      const p1 = await h.putPart(key, up.uploadId, 1, second);
      const p2 = await h.putPart(key, up.uploadId, 2, Buffer.from('tail'));
      const dir = await uploadDataDir(h.storage, key, up.uploadId); // the object's data dir-to-be
      await h.putPart(key, up.uploadId, 7, Buffer.from('never used'));
      const listed = await h.mp.listParts({ bucket: BUCKET, key, uploadId: up.uploadId, maxParts: 100 });
      assert.deepEqual(listed.parts.map((p) => [p.partNumber, p.etag]), [[1, p1.etag], [2, p2.etag], [7, listed.parts[2]!.etag]]);
      const done = await h.mp.completeMultipartUpload({
        bucket: BUCKET, key, uploadId: up.uploadId, parts: [{ partNumber: 1, etag: `"${p1.etag}"` }, { partNumber: 2, etag: p2.etag }],
      });
      const got = await h.get(key);
      assert.ok(got.body.equals(Buffer.concat([second, Buffer.from('tail')])));
      assert.equal(done.parts?.length, 2);
      for (const d of h.storage.setFor(BUCKET, key).drives) {
        assert.deepEqual(partNames(await d.list(dir)), ['part.1', 'part.2'], `used parts stay, the replaced part 1 and unused part 7 are removed (${d.endpoint})`);
      }
    });

    test('an upload staged by an older binary (v1 record) completes: parts renamed into a data dir', async () => {
      const key = 'legacy.bin';
      const parts = [payload(5 * MiB, 21), payload(1000, 22)];
      const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key });
      await makeLegacyUpload(h.storage, key, up.uploadId);
      const infos = [await h.putPart(key, up.uploadId, 1, parts[0]!), await h.putPart(key, up.uploadId, 2, parts[1]!)];
      for (const root of h.endpoints) {
        assert.deepEqual((await findUnder(root, 'multipart')).map((p) => p.replace(/^\.cairn\/multipart\//, '')).sort(), [up.uploadId, `${up.uploadId}/part.1`, `${up.uploadId}/part.2`]);
      }
      const done = await h.mp.completeMultipartUpload({ bucket: BUCKET, key, uploadId: up.uploadId, parts: infos.map((i) => ({ partNumber: i.partNumber, etag: i.etag })) });
      assert.equal(done.etag, expectedEtag(parts));
      assert.ok((await h.get(key)).body.equals(Buffer.concat(parts)));
      for (const root of h.endpoints) {
        assert.deepEqual(await findUnder(root, 'multipart'), []);
        const mine = (await findUnder(root, 'data')).filter((p) => /part\.[12]$/.test(p));
        assert.equal(mine.length, 2, `legacy part files kept their names on ${root}`);
      }
    });

    test('a single small part is a valid object; parts are never inlined', async () => {
      const key = 'one-part';
      const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key });
      const p = await h.putPart(key, up.uploadId, 1, Buffer.from('hello'));
      const done = await h.mp.completeMultipartUpload({ bucket: BUCKET, key, uploadId: up.uploadId, parts: [{ partNumber: 1, etag: p.etag }] });
      assert.equal(done.etag, expectedEtag([Buffer.from('hello')]));
      assert.equal((await h.get(key)).body.toString(), 'hello');
    });

    test('abort removes every record and file; later calls get UploadNotFound', async () => {
      const key = 'aborted';
      const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key });
      await h.putPart(key, up.uploadId, 1, payload(300_000, 5));
      await h.putPart(key, up.uploadId, 2, payload(1000, 6));
      assert.notDeepEqual(await metaKeys(h.storage, 'p/'), []);
      await h.mp.abortMultipartUpload({ bucket: BUCKET, key, uploadId: up.uploadId });
      assert.deepEqual(await metaKeys(h.storage, 'u/'), []);
      assert.deepEqual(await metaKeys(h.storage, 'p/'), []);
      for (const root of h.endpoints) assert.deepEqual(await findUnder(root, 'multipart'), []);
      await assert.rejects(h.mp.abortMultipartUpload({ bucket: BUCKET, key, uploadId: up.uploadId }), UploadNotFoundError);
      await assert.rejects(h.putPart(key, up.uploadId, 1, Buffer.from('x')), UploadNotFoundError);
      await assert.rejects(h.mp.completeMultipartUpload({ bucket: BUCKET, key, uploadId: up.uploadId, parts: [{ partNumber: 1, etag: 'x' }] }), UploadNotFoundError);
      await assert.rejects(h.mp.listParts({ bucket: BUCKET, key, uploadId: 'not-an-id', maxParts: 1 }), UploadNotFoundError);
    });

    test('UploadPartCopy copies a range of an existing object', async () => {
      const src = payload(6 * MiB, 42);
      await putObject(h.ctx, { bucket: BUCKET, key: 'copy-src', body: Readable.from([src]), size: src.length });
      const key = 'copy-dst';
      const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key });
      const c1 = await h.mp.copyObjectPart({
        bucket: BUCKET, key, uploadId: up.uploadId, partNumber: 1,
        source: { bucket: BUCKET, key: 'copy-src', range: { start: 100, end: 100 + 5 * MiB - 1 } },
      });
      const c2 = await h.mp.copyObjectPart({ bucket: BUCKET, key, uploadId: up.uploadId, partNumber: 2, source: { bucket: BUCKET, key: 'copy-src' } });
      assert.equal(c1.size, 5 * MiB);
      assert.equal(c2.size, src.length);
      await h.mp.completeMultipartUpload({ bucket: BUCKET, key, uploadId: up.uploadId, parts: [{ partNumber: 1, etag: c1.etag }, { partNumber: 2, etag: c2.etag }] });
      const got = await h.get(key);
      assert.ok(got.body.equals(Buffer.concat([src.subarray(100, 100 + 5 * MiB), src])));
    });

    test('UploadPartCopy: source conditions and ranges outside the source are typed errors', async () => {
      const src = Buffer.from('0123456789');
      const info = await putObject(h.ctx, { bucket: BUCKET, key: 'copy-src-small', body: Readable.from([src]), size: src.length });
      const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key: 'copy-dst-2' });
      const dst = { bucket: BUCKET, key: 'copy-dst-2', uploadId: up.uploadId, partNumber: 1 };
      const from = (extra: Omit<CopyPartSource, 'bucket' | 'key'>): CopyPartSource => ({ bucket: BUCKET, key: 'copy-src-small', ...extra });
      await assert.rejects(h.mp.copyObjectPart({ ...dst, source: from({ conditions: { ifNoneMatch: info.etag } }) }), PreconditionFailedError);
      await assert.rejects(h.mp.copyObjectPart({ ...dst, source: from({ conditions: { ifMatch: '"0000"' } }) }), PreconditionFailedError);
      await assert.rejects(h.mp.copyObjectPart({ ...dst, source: from({ range: { start: 5, end: 10 } }) }), InvalidRangeError);
      await assert.rejects(h.mp.copyObjectPart({ ...dst, partNumber: 0, source: from({}) }), InvalidPartNumberError);
      await assert.rejects(h.mp.copyObjectPart({ ...dst, source: { bucket: BUCKET, key: 'missing-source' } }), ObjectNotFoundError);
      const ok = await h.mp.copyObjectPart({ ...dst, source: from({ range: { start: 2, end: 5 }, conditions: { ifMatch: info.etag } }) });
      assert.equal(ok.size, 4);
      assert.deepEqual((await h.mp.listParts({ bucket: BUCKET, key: 'copy-dst-2', uploadId: up.uploadId, maxParts: 5 })).parts.map((p) => p.size), [4]);
      await h.mp.abortMultipartUpload({ bucket: BUCKET, key: 'copy-dst-2', uploadId: up.uploadId });
    });

    test('the bucket-record delete refuses while an upload is pending (the layer\'s DeleteBucket aborts uploads first)', async () => {
      const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key: 'pending' });
      await assert.rejects(deleteBucket(h.ctx, { bucket: BUCKET }), BucketNotEmptyError);
      await h.mp.abortMultipartUpload({ bucket: BUCKET, key: 'pending', uploadId: up.uploadId });
    });
  });
}
