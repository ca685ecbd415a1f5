/** @aws-sdk/client-s3 v3 against a spawned server: bucket create/head/list/delete and their errors. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  DeleteObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { startServer, type CairnServer } from '../helpers/server.js';
import { s3Failure, sdkClient } from '../helpers/s3-client.js';

let server: CairnServer;
let s3: S3Client;

before(async () => {
  server = await startServer();
  s3 = sdkClient(server);
});

after(async () => {
  s3?.destroy();
  await server?.stop();
});

describe('buckets (aws-sdk v3)', () => {
  it('creates, heads, lists and deletes a bucket', async () => {
    const before = Date.now();
    await s3.send(new CreateBucketCommand({ Bucket: 'sdk-bucket-life' }));
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'sdk-bucket-life' }));
    assert.equal(head.$metadata.httpStatusCode, 200);

    const list = await s3.send(new ListBucketsCommand({}));
    const found = list.Buckets?.find((b) => b.Name === 'sdk-bucket-life');
    assert.ok(found, `bucket missing from ListBuckets: ${JSON.stringify(list.Buckets)}`);
    assert.ok(found.CreationDate instanceof Date);
    assert.ok(Math.abs(found.CreationDate.getTime() - before) < 120_000, `CreationDate ${found.CreationDate.toISOString()}`);
    assert.ok(list.Owner?.ID, 'ListBuckets has an Owner ID');

    const del = await s3.send(new DeleteBucketCommand({ Bucket: 'sdk-bucket-life' }));
    assert.equal(del.$metadata.httpStatusCode, 204);
    const gone = await s3Failure(s3.send(new HeadBucketCommand({ Bucket: 'sdk-bucket-life' })));
    assert.equal(gone.status, 404);
    const after = await s3.send(new ListBucketsCommand({}));
    assert.ok(!after.Buckets?.some((b) => b.Name === 'sdk-bucket-life'));
  });

  it('lists buckets in name order', async () => {
    for (const name of ['sdk-order-c', 'sdk-order-a', 'sdk-order-b']) {
      await s3.send(new CreateBucketCommand({ Bucket: name }));
    }
    const list = await s3.send(new ListBucketsCommand({}));
    const names = (list.Buckets ?? []).map((b) => b.Name).filter((n) => n?.startsWith('sdk-order-'));
    assert.deepEqual(names, ['sdk-order-a', 'sdk-order-b', 'sdk-order-c']);
  });

  it('HeadBucket reports the bucket region (x-amz-bucket-region)', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'sdk-head-region' }));
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'sdk-head-region' }));
    assert.equal(head.BucketRegion, 'us-east-1');
  });

  it('ListBuckets pages with MaxBuckets and ContinuationToken', async () => {
    const all = (await s3.send(new ListBucketsCommand({}))).Buckets!.map((b) => b.Name!);
    assert.ok(all.length >= 3, `need 3 buckets, have ${all.length}`);
    const seen: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 50; page++) {
      const res = await s3.send(new ListBucketsCommand({ MaxBuckets: 2, ContinuationToken: token }));
      const names = (res.Buckets ?? []).map((b) => b.Name!);
      assert.ok(names.length <= 2, `page of ${names.length}`);
      seen.push(...names);
      token = res.ContinuationToken;
      if (!token) break;
    }
    assert.deepEqual(seen, all);
  });

  it('reports us-east-1 as an empty LocationConstraint', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'sdk-location' }));
    const loc = await s3.send(new GetBucketLocationCommand({ Bucket: 'sdk-location' }));
    assert.ok(loc.LocationConstraint === undefined || loc.LocationConstraint === null || (loc.LocationConstraint as string) === '',
      `LocationConstraint ${String(loc.LocationConstraint)}`);
  });

  it('re-creating an owned bucket in us-east-1 is 200 OK and keeps its contents (AWS legacy semantics)', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'sdk-twice' }));
    await s3.send(new PutObjectCommand({ Bucket: 'sdk-twice', Key: 'kept', Body: 'still here' }));
    const again = await s3.send(new CreateBucketCommand({ Bucket: 'sdk-twice' }));
    assert.equal(again.$metadata.httpStatusCode, 200);
    const list = await s3.send(new ListObjectsV2Command({ Bucket: 'sdk-twice' }));
    assert.deepEqual(list.Contents?.map((o) => o.Key), ['kept']);
  });

  it('re-creating an owned bucket outside us-east-1 is 409 BucketAlreadyOwnedByYou', async () => {
    const regional = await startServer({ env: { CAIRN_REGION: 'eu-west-1' } });
    const client = sdkClient(regional, { region: 'eu-west-1' });
    try {
      const create = (): CreateBucketCommand => new CreateBucketCommand({
        Bucket: 'sdk-regional', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      });
      await client.send(create());
      assert.deepEqual(await s3Failure(client.send(create())), { code: 'BucketAlreadyOwnedByYou', status: 409 });
      const loc = await client.send(new GetBucketLocationCommand({ Bucket: 'sdk-regional' }));
      assert.equal(loc.LocationConstraint, 'eu-west-1');
    } finally {
      client.destroy();
      await regional.stop();
    }
  });

  it('refuses to delete a non-empty bucket with BucketNotEmpty (409)', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'sdk-not-empty' }));
    await s3.send(new PutObjectCommand({ Bucket: 'sdk-not-empty', Key: 'k', Body: 'x' }));
    const err = await s3Failure(s3.send(new DeleteBucketCommand({ Bucket: 'sdk-not-empty' })));
    assert.deepEqual(err, { code: 'BucketNotEmpty', status: 409 });
    // Still there, object intact; once emptied it can go.
    const list = await s3.send(new ListObjectsV2Command({ Bucket: 'sdk-not-empty' }));
    assert.deepEqual(list.Contents?.map((o) => o.Key), ['k']);
    await s3.send(new DeleteObjectCommand({ Bucket: 'sdk-not-empty', Key: 'k' }));
    await s3.send(new DeleteBucketCommand({ Bucket: 'sdk-not-empty' }));
  });

  it('answers NoSuchBucket (404) for operations on a missing bucket', async () => {
    assert.deepEqual(await s3Failure(s3.send(new DeleteBucketCommand({ Bucket: 'sdk-missing' }))), { code: 'NoSuchBucket', status: 404 });
    assert.deepEqual(await s3Failure(s3.send(new ListObjectsV2Command({ Bucket: 'sdk-missing' }))), { code: 'NoSuchBucket', status: 404 });
    assert.deepEqual(await s3Failure(s3.send(new PutObjectCommand({ Bucket: 'sdk-missing', Key: 'k', Body: 'x' }))), { code: 'NoSuchBucket', status: 404 });
    assert.deepEqual(await s3Failure(s3.send(new GetObjectCommand({ Bucket: 'sdk-missing', Key: 'k' }))), { code: 'NoSuchBucket', status: 404 });
    const head = await s3Failure(s3.send(new HeadBucketCommand({ Bucket: 'sdk-missing' })));
    assert.equal(head.status, 404);
  });

  it('rejects invalid bucket names with InvalidBucketName (400)', async () => {
    for (const name of ['ab', 'UpperCase', 'bad_underscore', '-leading-dash', 'a'.repeat(64), '192.168.1.1']) {
      const err = await s3Failure(s3.send(new CreateBucketCommand({ Bucket: name })));
      assert.deepEqual(err, { code: 'InvalidBucketName', status: 400 }, `bucket name ${name}`);
    }
  });
});
