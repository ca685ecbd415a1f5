/**
 * @aws-sdk/client-s3 v3: conditional deletes (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html
 * IfMatch, IfMatchLastModifiedTime, IfMatchSize; API_DeleteObjects.html ObjectIdentifier ETag,
 * LastModifiedTime, Size), the cases of ceph s3-tests test_delete_object_*_if_match* and
 * test_delete_objects_*_if_match*: 412 PreconditionFailed (DeleteObjects: a per-key Error),
 * 204 on a key that does not exist, a latest delete marker counts as existing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, DeleteObjectCommand, DeleteObjectsCommand, HeadObjectCommand, PutBucketVersioningCommand, PutObjectCommand,
} from '@aws-sdk/client-s3';
import { s3Failure, startSdkSuite, type SdkSuite } from '../helpers/s3-client.js';

const Bucket = 'sdk-cond-delete';
const Versioned = 'sdk-cond-delete-v';
const badmtime = new Date(Date.UTC(2015, 0, 1));
const failed = { code: 'PreconditionFailed', status: 412 };
let suite: SdkSuite;

before(async () => {
  suite = await startSdkSuite({ bucket: Bucket });
  await suite.s3.send(new CreateBucketCommand({ Bucket: Versioned }));
  await suite.s3.send(new PutBucketVersioningCommand({ Bucket: Versioned, VersioningConfiguration: { Status: 'Enabled' } }));
});
after(async () => { await suite?.stop(); });

const put = async (bucket: string, key: string, body = '') => suite.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
const exists = async (bucket: string, key: string): Promise<boolean> => {
  try { await suite.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })); return true; } catch { return false; }
};

describe('DeleteObject conditions (aws-sdk v3)', () => {
  it('If-Match: a wrong etag is 412 and keeps the object; the right one deletes; a missing key is 204 whatever the etag', async () => {
    const { s3 } = suite;
    const { ETag } = await put(Bucket, 'm');
    assert.deepEqual(await s3Failure(s3.send(new DeleteObjectCommand({ Bucket, Key: 'm', IfMatch: '"badetag"' }))), failed);
    assert.ok(await exists(Bucket, 'm'));
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'm', IfMatch: ETag }));
    assert.ok(!(await exists(Bucket, 'm')));
    for (const IfMatch of ['*', '"badetag"']) {
      const r = await s3.send(new DeleteObjectCommand({ Bucket, Key: 'm', IfMatch }));
      assert.equal(r.$metadata.httpStatusCode, 204);
    }
    await put(Bucket, 'm');
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'm', IfMatch: '*' }));
    assert.ok(!(await exists(Bucket, 'm')));
  });

  it('IfMatchLastModifiedTime and IfMatchSize', async () => {
    const { s3 } = suite;
    await put(Bucket, 't', 'hello');
    const { LastModified } = await s3.send(new HeadObjectCommand({ Bucket, Key: 't' }));
    assert.deepEqual(await s3Failure(s3.send(new DeleteObjectCommand({ Bucket, Key: 't', IfMatchLastModifiedTime: badmtime }))), failed);
    assert.deepEqual(await s3Failure(s3.send(new DeleteObjectCommand({ Bucket, Key: 't', IfMatchSize: 9999 }))), failed);
    assert.deepEqual(await s3Failure(s3.send(new DeleteObjectCommand({ Bucket, Key: 't', IfMatchSize: 5, IfMatchLastModifiedTime: badmtime }))), failed);
    assert.ok(await exists(Bucket, 't'));
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 't', IfMatchLastModifiedTime: LastModified, IfMatchSize: 5 }));
    assert.ok(!(await exists(Bucket, 't')));
    const gone = await s3.send(new DeleteObjectCommand({ Bucket, Key: 't', IfMatchLastModifiedTime: badmtime, IfMatchSize: 9999 }));
    assert.equal(gone.$metadata.httpStatusCode, 204);
  });

  it('versioned: the current version, then the delete marker that still "exists"; with VersionId that version', async () => {
    const { s3 } = suite;
    const { ETag, VersionId } = await put(Versioned, 'v');
    assert.deepEqual(await s3Failure(s3.send(new DeleteObjectCommand({ Bucket: Versioned, Key: 'v', IfMatch: '"badetag"' }))), failed);
    const del = await s3.send(new DeleteObjectCommand({ Bucket: Versioned, Key: 'v', IfMatch: ETag }));
    assert.equal(del.DeleteMarker, true);
    await s3.send(new DeleteObjectCommand({ Bucket: Versioned, Key: 'v', IfMatch: '*' }));
    assert.deepEqual(await s3Failure(s3.send(new DeleteObjectCommand({ Bucket: Versioned, Key: 'v', IfMatch: '"badetag"' }))), failed);
    assert.deepEqual(await s3Failure(s3.send(new DeleteObjectCommand({ Bucket: Versioned, Key: 'v', IfMatchSize: 9999 }))), failed);
    assert.deepEqual(await s3Failure(s3.send(new DeleteObjectCommand({ Bucket: Versioned, Key: 'v', VersionId, IfMatch: '"badetag"' }))), failed);
    const byVersion = await s3.send(new DeleteObjectCommand({ Bucket: Versioned, Key: 'v', VersionId, IfMatch: ETag, IfMatchSize: 0 }));
    assert.equal(byVersion.DeleteMarker, undefined);
    const again = await s3.send(new DeleteObjectCommand({ Bucket: Versioned, Key: 'v', VersionId, IfMatch: '"badetag"' }));
    assert.equal(again.$metadata.httpStatusCode, 204);
  });

  it('a malformed size or time is 400 InvalidArgument', async () => {
    await put(Bucket, 'bad');
    const raw = suite.s3;
    const res = await s3Failure(raw.send(new DeleteObjectCommand({ Bucket, Key: 'bad', IfMatchSize: -1 })));
    assert.deepEqual(res, { code: 'InvalidArgument', status: 400 });
    assert.ok(await exists(Bucket, 'bad'));
  });
});

describe('DeleteObjects conditions (aws-sdk v3)', () => {
  it('per-entry ETag, LastModifiedTime and Size: a failed condition is that entry\'s PreconditionFailed Error', async () => {
    const { s3 } = suite;
    const a = await put(Bucket, 'da', 'abc');
    await put(Bucket, 'db', 'abc');
    await put(Bucket, 'dc', 'abc');
    const { LastModified } = await s3.send(new HeadObjectCommand({ Bucket, Key: 'dc' }));
    const res = await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [
      { Key: 'da', ETag: '"badetag"' }, { Key: 'db', Size: 3 }, { Key: 'dc', LastModifiedTime: badmtime }, { Key: 'missing', ETag: '"badetag"' },
    ] } }));
    assert.deepEqual(res.Errors?.map((e) => [e.Key, e.Code]), [['da', 'PreconditionFailed'], ['dc', 'PreconditionFailed']]);
    assert.deepEqual(res.Deleted?.map((d) => d.Key), ['db', 'missing']);
    assert.ok(await exists(Bucket, 'da'));
    assert.ok(await exists(Bucket, 'dc'));
    const ok = await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [
      { Key: 'da', ETag: a.ETag }, { Key: 'dc', LastModifiedTime: LastModified, Size: 3 },
    ] } }));
    assert.deepEqual(ok.Deleted?.map((d) => d.Key), ['da', 'dc']);
    assert.equal(ok.Errors, undefined);
    assert.ok(!(await exists(Bucket, 'da')));
  });

  it('versioned: the marker left by a conditional delete still exists for the next one; a VersionId entry checks that version', async () => {
    const { s3 } = suite;
    const { ETag, VersionId } = await put(Versioned, 'dv');
    const first = await s3.send(new DeleteObjectsCommand({ Bucket: Versioned, Delete: { Objects: [{ Key: 'dv', ETag }] } }));
    assert.equal(first.Deleted?.[0]?.DeleteMarker, true);
    const second = await s3.send(new DeleteObjectsCommand({ Bucket: Versioned, Delete: { Objects: [{ Key: 'dv', ETag: '"badetag"' }] } }));
    assert.equal(second.Errors?.[0]?.Code, 'PreconditionFailed');
    const wrong = await s3.send(new DeleteObjectsCommand({ Bucket: Versioned, Delete: { Objects: [{ Key: 'dv', VersionId, ETag: '"badetag"' }] } }));
    assert.equal(wrong.Errors?.[0]?.Code, 'PreconditionFailed');
    const right = await s3.send(new DeleteObjectsCommand({ Bucket: Versioned, Delete: { Objects: [{ Key: 'dv', VersionId, ETag }] } }));
    assert.deepEqual(right.Deleted?.map((d) => [d.Key, d.VersionId, d.DeleteMarker]), [['dv', VersionId, undefined]]);
  });
});
