/**
 * Bucket lifecycle end to end: a real server with CAIRN_ILM_DAY_SECONDS=2 (a lifecycle day lasts
 * 2 s), driven and observed only through S3 (@aws-sdk/client-s3 v3) and /metrics: the
 * configuration API, x-amz-expiration, and the expiry worker acting on current and noncurrent
 * versions, NewerNoncurrentVersions, lone delete markers, incomplete uploads, tag and size
 * filters and disabled rules. Every wait polls its condition with a bound.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteBucketLifecycleCommand,
  DeleteObjectCommand, GetBucketLifecycleConfigurationCommand, GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand,
  ListObjectVersionsCommand, PutBucketLifecycleConfigurationCommand, PutBucketVersioningCommand, PutObjectCommand, UploadPartCommand,
  type LifecycleRule, type S3Client,
} from '@aws-sdk/client-s3';
import { bodyBytes, s3Failure, sdkClient } from '../helpers/s3-client.js';
import { startServer, type CairnServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait-for.js';

const DAY_MS = 2000;
let server: CairnServer;
let s3: S3Client;

before(async () => {
  server = await startServer({ drives: 4, env: { CAIRN_ILM_DAY_SECONDS: '2', CAIRN_ILM_RATE: '0', CAIRN_PROMETHEUS_AUTH: 'public' } });
  s3 = sdkClient(server);
});

after(async () => {
  s3?.destroy();
  await server?.stop();
});

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${server.endpoint}/metrics`)).text();
  const m = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
  return m === null ? -1 : Number(m[1]);
}

async function exists(bucket: string, key: string): Promise<boolean> {
  const f = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(() => undefined, (e: unknown) => e);
  if (f === undefined) return true;
  const status = (f as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status === 404) return false;
  throw f;
}

async function versionsOf(bucket: string, key: string): Promise<Array<{ id: string; marker: boolean; latest: boolean }>> {
  const r = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
  const all = [
    ...(r.Versions ?? []).map((v) => ({ key: v.Key, id: v.VersionId!, marker: false, latest: v.IsLatest === true, at: v.LastModified!.getTime() })),
    ...(r.DeleteMarkers ?? []).map((v) => ({ key: v.Key, id: v.VersionId!, marker: true, latest: v.IsLatest === true, at: v.LastModified!.getTime() })),
  ].filter((v) => v.key === key);
  return all.sort((a, b) => Number(b.latest) - Number(a.latest) || b.at - a.at).map(({ id, marker, latest }) => ({ id, marker, latest }));
}

/** Waits until the worker finished `n` more passes than now: everything due by now was looked at. */
async function morePasses(n: number): Promise<void> {
  const start = await metric('cairn_lifecycle_passes_total');
  await waitFor(`${n} more lifecycle passes`, async () => (await metric('cairn_lifecycle_passes_total')) >= start + n, { timeoutMs: 30_000, intervalMs: 100 });
}

const EXPIRY = /^expiry-date="([^"]+)", rule-id="([^"]+)"$/;

describe('bucket lifecycle (aws-sdk v3, CAIRN_ILM_DAY_SECONDS=2, 4 drives)', () => {
  it('puts, gets and deletes a configuration; none is 404; a transition is refused', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'lc-api' }));
    assert.deepEqual(await s3Failure(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'lc-api' }))), { code: 'NoSuchLifecycleConfiguration', status: 404 });
    const rules: LifecycleRule[] = [
      { ID: 'logs', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 30 } },
      { ID: 'and', Status: 'Disabled', Filter: { And: { Prefix: 'a/', Tags: [{ Key: 'k', Value: 'v' }], ObjectSizeGreaterThan: 5 } },
        NoncurrentVersionExpiration: { NoncurrentDays: 3, NewerNoncurrentVersions: 2 } },
      { ID: 'uploads', Status: 'Enabled', Filter: { Prefix: '' }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
    ];
    await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'lc-api', LifecycleConfiguration: { Rules: rules } }));
    const got = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'lc-api' }));
    assert.deepEqual(got.Rules, rules);
    const transition = await s3Failure(s3.send(new PutBucketLifecycleConfigurationCommand({
      Bucket: 'lc-api',
      LifecycleConfiguration: { Rules: [{ ID: 't', Status: 'Enabled', Filter: { Prefix: '' }, Transitions: [{ Days: 30, StorageClass: 'GLACIER' }] }] },
    })));
    assert.deepEqual(transition, { code: 'NotImplemented', status: 501 });
    assert.deepEqual((await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'lc-api' }))).Rules, rules, 'a refused put changes nothing');
    await s3.send(new DeleteBucketLifecycleCommand({ Bucket: 'lc-api' }));
    assert.deepEqual(await s3Failure(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'lc-api' }))), { code: 'NoSuchLifecycleConfiguration', status: 404 });
  });

  it('x-amz-expiration on PutObject, HeadObject, GetObject, CopyObject and CompleteMultipartUpload', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'lc-header' }));
    await s3.send(new PutBucketLifecycleConfigurationCommand({
      Bucket: 'lc-header',
      LifecycleConfiguration: { Rules: [{ ID: 'ten-days', Status: 'Enabled', Filter: { Prefix: 'h/' }, Expiration: { Days: 10 } }] },
    }));
    const put = await s3.send(new PutObjectCommand({ Bucket: 'lc-header', Key: 'h/a', Body: 'abc' }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'lc-header', Key: 'h/a' }));
    const m = EXPIRY.exec(put.Expiration ?? '');
    assert.ok(m, `PutObject Expiration: ${put.Expiration}`);
    assert.equal(m[2], 'ten-days');
    const due = Date.parse(m[1]!);
    const created = head.LastModified!.getTime(); // whole seconds
    assert.equal(due % DAY_MS, 0, 'due at a day boundary');
    assert.ok(due > created + 10 * DAY_MS - 1000 && due <= created + 11 * DAY_MS + 1000, `due ${due} vs created ${created}`);
    assert.equal(head.Expiration, put.Expiration);
    const get = await s3.send(new GetObjectCommand({ Bucket: 'lc-header', Key: 'h/a' }));
    await bodyBytes(get.Body);
    assert.equal(get.Expiration, put.Expiration);
    const copy = await s3.send(new CopyObjectCommand({ Bucket: 'lc-header', Key: 'h/copy', CopySource: 'lc-header/h/a' }));
    assert.match(copy.Expiration ?? '', EXPIRY);
    const up = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'lc-header', Key: 'h/mpu' }));
    const part = await s3.send(new UploadPartCommand({ Bucket: 'lc-header', Key: 'h/mpu', UploadId: up.UploadId, PartNumber: 1, Body: 'part' }));
    const done = await s3.send(new CompleteMultipartUploadCommand({
      Bucket: 'lc-header', Key: 'h/mpu', UploadId: up.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
    }));
    assert.match(done.Expiration ?? '', EXPIRY);
    const other = await s3.send(new PutObjectCommand({ Bucket: 'lc-header', Key: 'other', Body: 'x' }));
    assert.equal(other.Expiration, undefined, 'no rule matches: no header');
  });

  it('expires current objects by prefix, tag and size; disabled and unmatched rules leave objects alone; aborts due uploads', async () => {
    const B = 'lc-expire';
    await s3.send(new CreateBucketCommand({ Bucket: B }));
    await s3.send(new PutBucketLifecycleConfigurationCommand({
      Bucket: B,
      LifecycleConfiguration: {
        Rules: [
          { ID: 'prefix', Status: 'Enabled', Filter: { Prefix: 'exp/' }, Expiration: { Days: 1 } },
          { ID: 'tag', Status: 'Enabled', Filter: { Tag: { Key: 'env', Value: 'tmp' } }, Expiration: { Days: 1 } },
          { ID: 'size', Status: 'Enabled', Filter: { And: { Prefix: 'size/', ObjectSizeGreaterThan: 10 } }, Expiration: { Days: 1 } },
          { ID: 'off', Status: 'Disabled', Filter: { Prefix: 'off/' }, Expiration: { Days: 1 } },
          { ID: 'uploads', Status: 'Enabled', Filter: { Prefix: 'up/' }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
        ],
      },
    }));
    const put = (Key: string, Body = 'data', Tagging?: string) => s3.send(new PutObjectCommand({ Bucket: B, Key, Body, ...(Tagging ? { Tagging } : {}) }));
    await put('exp/a');
    await put('keep/b');
    await put('off/c');
    await put('tagged/x', 'data', 'env=tmp');
    await put('tagged/y', 'data', 'env=prod');
    await put('size/big', 'x'.repeat(11));
    await put('size/small', 'x'.repeat(10));
    await s3.send(new CreateMultipartUploadCommand({ Bucket: B, Key: 'up/a' }));
    await s3.send(new CreateMultipartUploadCommand({ Bucket: B, Key: 'keep/upload' }));

    const gone = ['exp/a', 'tagged/x', 'size/big'];
    await waitFor('the due objects to expire', async () => {
      for (const k of gone) if (await exists(B, k)) return false;
      return true;
    }, { timeoutMs: 30_000, intervalMs: 200 });
    await waitFor('the due upload to be aborted', async () => {
      const r = await s3.send(new ListMultipartUploadsCommand({ Bucket: B }));
      return (r.Uploads ?? []).every((u) => u.Key !== 'up/a') && r.Uploads?.length === 1;
    }, { timeoutMs: 30_000, intervalMs: 200 });
    await morePasses(2);
    for (const k of ['keep/b', 'off/c', 'tagged/y', 'size/small']) assert.equal(await exists(B, k), true, `${k} stays`);
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: B }));
    assert.deepEqual(uploads.Uploads?.map((u) => u.Key), ['keep/upload']);
    assert.ok((await metric('cairn_lifecycle_expired_current_total')) >= 3);
    assert.ok((await metric('cairn_lifecycle_uploads_aborted_total')) >= 1);
    assert.equal(await metric('cairn_lifecycle_errors_total'), 0);
  });

  it('versioned: current expiry adds a delete marker, noncurrent versions go (the newest kept), lone delete markers go', async () => {
    const B = 'lc-versions';
    await s3.send(new CreateBucketCommand({ Bucket: B }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: B, VersioningConfiguration: { Status: 'Enabled' } }));
    await s3.send(new PutBucketLifecycleConfigurationCommand({
      Bucket: B,
      LifecycleConfiguration: {
        Rules: [
          { ID: 'current', Status: 'Enabled', Filter: { Prefix: 'c/' }, Expiration: { Days: 1 }, NoncurrentVersionExpiration: { NoncurrentDays: 1 } },
          { ID: 'noncurrent', Status: 'Enabled', Filter: { Prefix: 'v/' }, NoncurrentVersionExpiration: { NoncurrentDays: 1, NewerNoncurrentVersions: 1 } },
          { ID: 'markers', Status: 'Enabled', Filter: { Prefix: 'm/' }, Expiration: { ExpiredObjectDeleteMarker: true } },
        ],
      },
    }));
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'c/k', Body: 'current' }));
    const ids: string[] = [];
    for (const body of ['1', '2', '3']) ids.push((await s3.send(new PutObjectCommand({ Bucket: B, Key: 'v/k', Body: body }))).VersionId!);
    const m = await s3.send(new PutObjectCommand({ Bucket: B, Key: 'm/k', Body: 'x' }));
    await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'm/k' }));
    await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'm/k', VersionId: m.VersionId }));
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'm/keep', Body: 'x' }));
    await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'm/keep' }));

    await waitFor('a delete marker on the expired current version', async () => {
      const v = await versionsOf(B, 'c/k');
      return v.length >= 1 && v[0]!.marker && v[0]!.latest;
    }, { timeoutMs: 30_000, intervalMs: 100 });
    await waitFor('the oldest noncurrent version to go, the newest noncurrent kept', async () => {
      const v = await versionsOf(B, 'v/k');
      return v.length === 2 && v[0]!.id === ids[2] && v[1]!.id === ids[1];
    }, { timeoutMs: 30_000, intervalMs: 200 });
    await waitFor('the lone delete marker to go', async () => (await versionsOf(B, 'm/k')).length === 0, { timeoutMs: 30_000, intervalMs: 200 });
    await waitFor('c/k to be gone entirely (noncurrent version, then its lone marker)', async () => (await versionsOf(B, 'c/k')).length === 0,
      { timeoutMs: 30_000, intervalMs: 200 });
    await morePasses(2);
    assert.equal((await versionsOf(B, 'v/k')).length, 2, 'NewerNoncurrentVersions keeps one noncurrent version for good');
    assert.equal((await versionsOf(B, 'm/keep')).length, 2, 'a marker with a version behind it stays');
    assert.ok((await metric('cairn_lifecycle_expired_noncurrent_total')) >= 2);
    assert.ok((await metric('cairn_lifecycle_delete_markers_removed_total')) >= 2);
  });
});
