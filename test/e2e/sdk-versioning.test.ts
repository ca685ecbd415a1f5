/** @aws-sdk/client-s3 v3: bucket versioning, versions, delete markers, suspended (null) versions. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { bodyBytes, s3Failure, startSdkSuite, type SdkSuite } from '../helpers/s3-client.js';

const BUCKET = 'sdk-versioning';
let suite: SdkSuite | undefined;
let s3: S3Client;

before(async () => {
  suite = await startSdkSuite({ bucket: BUCKET, drives: 4 });
  s3 = suite.s3;
});

after(async () => { await suite?.stop(); });

async function text(key: string, versionId?: string): Promise<string> {
  const res = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, VersionId: versionId }));
  return (await bodyBytes(res.Body)).toString();
}

describe('versioning (aws-sdk v3, 4 drives)', () => {
  it('a new bucket has no versioning status; Enabled is reported once set', async () => {
    const before = await s3.send(new GetBucketVersioningCommand({ Bucket: BUCKET }));
    assert.equal(before.Status, undefined);
    await s3.send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }));
    const after = await s3.send(new GetBucketVersioningCommand({ Bucket: BUCKET }));
    assert.equal(after.Status, 'Enabled');
  });

  it('keeps every version and serves each by id', async () => {
    const ids: string[] = [];
    for (const body of ['one', 'two', 'three']) {
      const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'doc', Body: body }));
      assert.ok(put.VersionId && put.VersionId !== 'null', `VersionId ${put.VersionId}`);
      ids.push(put.VersionId);
    }
    assert.equal(new Set(ids).size, 3);
    assert.equal(await text('doc'), 'three');
    assert.equal(await text('doc', ids[0]), 'one');
    assert.equal(await text('doc', ids[1]), 'two');
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'doc', VersionId: ids[0] }));
    assert.equal(head.VersionId, ids[0]);
    assert.equal(head.ContentLength, 3);

    const list = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: 'doc' }));
    assert.deepEqual(list.Versions?.map((v) => v.VersionId), [...ids].reverse(), 'newest first');
    assert.deepEqual(list.Versions?.map((v) => v.IsLatest), [true, false, false]);
  });

  it('DELETE without a version id adds a delete marker; the object then looks gone', async () => {
    const del = await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'doc' }));
    assert.equal(del.DeleteMarker, true);
    assert.ok(del.VersionId, 'the delete marker has a version id');
    assert.deepEqual(await s3Failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'doc' }))), { code: 'NoSuchKey', status: 404 });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'doc' }));
    assert.equal(listed.KeyCount, 0);

    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: 'doc' }));
    assert.equal(versions.Versions?.length, 3);
    assert.equal(versions.Versions?.some((v) => v.IsLatest), false);
    assert.deepEqual(versions.DeleteMarkers?.map((m) => [m.Key, m.VersionId, m.IsLatest]), [['doc', del.VersionId, true]]);

    // GET of the marker itself by version id: 405 MethodNotAllowed.
    const onMarker = await s3Failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'doc', VersionId: del.VersionId })));
    assert.deepEqual(onMarker, { code: 'MethodNotAllowed', status: 405 });

    // Removing the marker brings the latest version back.
    const undo = await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'doc', VersionId: del.VersionId }));
    assert.equal(undo.DeleteMarker, true);
    assert.equal(undo.VersionId, del.VersionId);
    assert.equal(await text('doc'), 'three');
  });

  it('DELETE of a specific version removes it permanently', async () => {
    const list = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: 'doc' }));
    const oldest = list.Versions![list.Versions!.length - 1]!.VersionId!;
    const res = await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'doc', VersionId: oldest }));
    assert.equal(res.VersionId, oldest);
    assert.deepEqual(await s3Failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'doc', VersionId: oldest }))),
      { code: 'NoSuchVersion', status: 404 });
    const after = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: 'doc' }));
    assert.equal(after.Versions?.length, 2);
  });

  it('DeleteObjects with version ids and markers', async () => {
    const a = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'multi/a', Body: 'a' }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'multi/b', Body: 'b' }));
    const res = await s3.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [
      { Key: 'multi/a', VersionId: a.VersionId }, { Key: 'multi/b' },
    ] } }));
    const byKey = new Map((res.Deleted ?? []).map((d) => [d.Key, d]));
    assert.equal(byKey.get('multi/a')?.VersionId, a.VersionId);
    assert.equal(byKey.get('multi/b')?.DeleteMarker, true);
    assert.ok(byKey.get('multi/b')?.DeleteMarkerVersionId);
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: 'multi/' }));
    assert.deepEqual(versions.Versions?.map((v) => v.Key), ['multi/b']);
    assert.deepEqual(versions.DeleteMarkers?.map((m) => m.Key), ['multi/b']);
  });

  it('paginates versions with KeyMarker / VersionIdMarker', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'paged', Body: String(i) }))).VersionId!);
    const seen: string[] = [];
    let keyMarker: string | undefined;
    let versionMarker: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await s3.send(new ListObjectVersionsCommand({
        Bucket: BUCKET, Prefix: 'paged', MaxKeys: 2, KeyMarker: keyMarker, VersionIdMarker: versionMarker,
      }));
      seen.push(...(res.Versions ?? []).map((v) => v.VersionId!));
      if (!res.IsTruncated) break;
      keyMarker = res.NextKeyMarker;
      versionMarker = res.NextVersionIdMarker;
    }
    assert.deepEqual(seen, [...ids].reverse());
  });

  it('Suspended: new writes replace the null version, old versions stay', async () => {
    const enabledPut = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'susp', Body: 'versioned' }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Suspended' } }));
    assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: BUCKET }))).Status, 'Suspended');
    const p1 = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'susp', Body: 'null-1' }));
    assert.ok(p1.VersionId === undefined || p1.VersionId === 'null', `VersionId ${p1.VersionId}`);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'susp', Body: 'null-2' }));
    const list = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: 'susp' }));
    assert.deepEqual(list.Versions?.map((v) => v.VersionId), ['null', enabledPut.VersionId]);
    assert.equal(await text('susp'), 'null-2');
    assert.equal(await text('susp', 'null'), 'null-2');
    assert.equal(await text('susp', enabledPut.VersionId), 'versioned');
  });
});
