/** @aws-sdk/client-s3 v3: ListObjectsV2 / ListObjects / ListObjectVersions and DeleteObjects at scale. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { startServer, type CairnServer } from '../helpers/server.js';
import { bodyBytes, sdkClient } from '../helpers/s3-client.js';

const BUCKET = 'sdk-listing';
const DIRS = 50;
const FILES = 50;
let server: CairnServer;
let s3: S3Client;
let allKeys: string[] = [];

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Byte-wise (UTF-8) order, as S3 sorts keys. */
function s3Sort(keys: readonly string[]): string[] {
  return [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

before(async () => {
  server = await startServer();
  s3 = sdkClient(server);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const keys: string[] = [];
  for (let d = 0; d < DIRS; d++) {
    for (let f = 0; f < FILES; f++) keys.push(`many/dir${String(d).padStart(2, '0')}/file${String(f).padStart(2, '0')}`);
  }
  await pool(keys, 16, async (key) => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));
  });
  allKeys = s3Sort(keys);
});

after(async () => {
  s3?.destroy();
  await server?.stop();
});

describe('ListObjectsV2 over 2,500 keys (aws-sdk v3)', () => {
  it('paginates with continuation tokens, 1,000 per page, in order', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    for (; pages < 10; pages++) {
      const res = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'many/', ContinuationToken: token }));
      const keys = (res.Contents ?? []).map((o) => o.Key!);
      assert.equal(res.KeyCount, keys.length);
      assert.ok(keys.length <= 1000);
      seen.push(...keys);
      if (!res.IsTruncated) break;
      assert.ok(res.NextContinuationToken, 'truncated page without NextContinuationToken');
      token = res.NextContinuationToken;
    }
    assert.equal(pages + 1, 3);
    assert.deepEqual(seen, allKeys);
  });

  it('returns sizes, etags and last-modified per key', async () => {
    const res = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'many/dir07/', MaxKeys: 3 }));
    assert.equal(res.Contents?.length, 3);
    const first = res.Contents![0]!;
    assert.equal(first.Key, 'many/dir07/file00');
    assert.equal(first.Size, 'many/dir07/file00'.length);
    assert.match(first.ETag ?? '', /^"[0-9a-f]{32}"$/);
    assert.ok(first.LastModified instanceof Date);
    assert.equal(first.StorageClass, 'STANDARD');
    assert.equal(res.IsTruncated, true);
    assert.equal(res.MaxKeys, 3);
  });

  it('groups by delimiter into CommonPrefixes and paginates over them', async () => {
    const prefixes: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 20; page++) {
      const res = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'many/', Delimiter: '/', MaxKeys: 7, ContinuationToken: token }));
      assert.equal(res.Contents, undefined, 'no keys directly under many/');
      const ps = (res.CommonPrefixes ?? []).map((p) => p.Prefix!);
      assert.ok(ps.length <= 7);
      assert.equal(res.KeyCount, ps.length);
      prefixes.push(...ps);
      if (!res.IsTruncated) break;
      token = res.NextContinuationToken;
    }
    assert.deepEqual(prefixes, Array.from({ length: DIRS }, (_, d) => `many/dir${String(d).padStart(2, '0')}/`));
  });

  it('honours StartAfter', async () => {
    const res = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, StartAfter: 'many/dir49/file47' }));
    assert.deepEqual(res.Contents?.map((o) => o.Key), ['many/dir49/file48', 'many/dir49/file49']);
    assert.equal(res.IsTruncated, false);
  });

  it('returns nothing for a prefix that matches nothing', async () => {
    const res = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'zzz/' }));
    assert.equal(res.KeyCount, 0);
    assert.equal(res.Contents, undefined);
    assert.equal(res.IsTruncated, false);
  });
});

describe('ListObjects v1 (aws-sdk v3)', () => {
  it('paginates with Marker over 2,500 keys', async () => {
    const seen: string[] = [];
    let marker: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await s3.send(new ListObjectsCommand({ Bucket: BUCKET, Prefix: 'many/', Marker: marker }));
      const keys = (res.Contents ?? []).map((o) => o.Key!);
      seen.push(...keys);
      if (!res.IsTruncated) break;
      marker = res.NextMarker ?? keys[keys.length - 1];
    }
    assert.deepEqual(seen, allKeys);
  });

  it('returns NextMarker with a delimiter', async () => {
    const res = await s3.send(new ListObjectsCommand({ Bucket: BUCKET, Prefix: 'many/', Delimiter: '/', MaxKeys: 5 }));
    assert.equal(res.IsTruncated, true);
    assert.equal(res.CommonPrefixes?.length, 5);
    assert.equal(res.NextMarker, 'many/dir04/');
    const next = await s3.send(new ListObjectsCommand({ Bucket: BUCKET, Prefix: 'many/', Delimiter: '/', MaxKeys: 5, Marker: res.NextMarker }));
    assert.equal(next.CommonPrefixes?.[0]?.Prefix, 'many/dir05/');
  });
});

describe('keys with spaces, unicode, + and % (aws-sdk v3)', () => {
  const special = [
    'odd/with space.txt',
    'odd/plus+sign',
    'odd/percent%20literal',
    'odd/percent%',
    'odd/ünïcödé/日本語/🙂.bin',
    'odd/amp&eq=semi;comma,',
    'odd/question?hash#',
    'odd/tilde~star*quote\'paren()',
    'odd/back\\slash',
    'odd/double//slash',
  ];
  before(async () => {
    for (const key of special) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: `body of ${key}` }));
  });

  it('lists them exactly, in byte order', async () => {
    const res = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'odd/' }));
    assert.deepEqual(res.Contents?.map((o) => o.Key), s3Sort(special));
  });

  it('lists them url-encoded with EncodingType=url', async () => {
    const res = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'odd/', EncodingType: 'url' }));
    assert.equal(res.EncodingType, 'url');
    // AWS percent-encodes: a space is %20 and a literal '+' %2B, so decodeURIComponent is exact.
    for (const o of res.Contents ?? []) assert.doesNotMatch(o.Key!, /[ +]/, o.Key);
    const decoded = (res.Contents ?? []).map((o) => decodeURIComponent(o.Key!));
    assert.deepEqual(decoded, s3Sort(special));
  });

  it('serves each of them by key', async () => {
    for (const key of special) {
      const res = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      assert.equal((await bodyBytes(res.Body)).toString(), `body of ${key}`, key);
    }
  });

  it('uses a unicode delimiter prefix correctly', async () => {
    const res = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'odd/ünïcödé/', Delimiter: '/' }));
    assert.deepEqual(res.CommonPrefixes?.map((p) => p.Prefix), ['odd/ünïcödé/日本語/']);
  });
});

describe('ListObjectVersions on an unversioned bucket (aws-sdk v3)', () => {
  it('lists every key once as the null version', async () => {
    const res = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: 'many/dir03/' }));
    assert.equal(res.Versions?.length, FILES);
    for (const v of res.Versions ?? []) {
      assert.equal(v.VersionId, 'null');
      assert.equal(v.IsLatest, true);
    }
    assert.equal(res.DeleteMarkers, undefined);
  });
});

describe('DeleteObjects (aws-sdk v3)', () => {
  it('deletes 1,000 keys and reports each (verbose)', async () => {
    const keys = allKeys.slice(0, 1000);
    const res = await s3.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: keys.map((Key) => ({ Key })) } }));
    assert.equal(res.Errors, undefined, JSON.stringify(res.Errors));
    assert.deepEqual(s3Sort((res.Deleted ?? []).map((d) => d.Key!)), keys);
    const list = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'many/' }));
    assert.equal(list.KeyCount, 1000);
    assert.equal(list.Contents?.[0]?.Key, allKeys[1000]);
  });

  it('deletes quietly: no Deleted entries, keys gone, missing keys are not errors', async () => {
    const keys = [...allKeys.slice(1000, 1500), 'many/never-existed'];
    const res = await s3.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }));
    assert.equal(res.Deleted, undefined);
    assert.equal(res.Errors, undefined);
    const list = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'many/', MaxKeys: 1 }));
    assert.equal(list.Contents?.[0]?.Key, allKeys[1500]);
  });

  it('rejects more than 1,000 keys with MalformedXML', async () => {
    const keys = Array.from({ length: 1001 }, (_, i) => ({ Key: `x${i}` }));
    await assert.rejects(s3.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: keys } })),
      (err: { name?: string; $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(err.name, 'MalformedXML');
        assert.equal(err.$metadata?.httpStatusCode, 400);
        return true;
      });
  });
});
