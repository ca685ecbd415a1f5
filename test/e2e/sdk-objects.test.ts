/** @aws-sdk/client-s3 v3 on 4 drives (erasure coded): object put/get/head/delete, metadata, ranges, conditionals, copy, tagging. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectTaggingCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { bodyBytes, s3Failure, startSdkSuite, type SdkSuite } from '../helpers/s3-client.js';
import { md5Hex, randomPayload } from '../helpers/files.js';

const BUCKET = 'sdk-objects';
let suite: SdkSuite | undefined;
let s3: S3Client;

before(async () => {
  suite = await startSdkSuite({ bucket: BUCKET, drives: 4 });
  s3 = suite.s3;
});

after(async () => { await suite?.stop(); });

async function getBytes(key: string, extra: { Range?: string } = {}): Promise<Buffer> {
  const res = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, ...extra }));
  return bodyBytes(res.Body);
}

describe('put/get/head/delete (aws-sdk v3)', () => {
  it('stores a 0-byte object', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'empty', Body: Buffer.alloc(0) }));
    assert.equal(put.ETag, '"d41d8cd98f00b204e9800998ecf8427e"');
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'empty' }));
    assert.equal(head.ContentLength, 0);
    assert.equal(head.ETag, '"d41d8cd98f00b204e9800998ecf8427e"');
    const got = await getBytes('empty');
    assert.equal(got.length, 0);
  });

  it('round-trips a small object with user and system metadata', async () => {
    const body = Buffer.from('hello, cairn\n');
    const put = await s3.send(new PutObjectCommand({
      Bucket: BUCKET, Key: 'dir/small.txt', Body: body,
      ContentType: 'text/plain; charset=utf-8',
      CacheControl: 'max-age=60',
      ContentDisposition: 'attachment; filename="small.txt"',
      ContentLanguage: 'en',
      Metadata: { color: 'blue', 'multi-word': 'two words' },
    }));
    assert.equal(put.ETag, `"${md5Hex(body)}"`);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'dir/small.txt' }));
    assert.equal(head.ContentLength, body.length);
    assert.equal(head.ContentType, 'text/plain; charset=utf-8');
    assert.equal(head.CacheControl, 'max-age=60');
    assert.equal(head.ContentDisposition, 'attachment; filename="small.txt"');
    assert.equal(head.ContentLanguage, 'en');
    assert.deepEqual(head.Metadata, { color: 'blue', 'multi-word': 'two words' });
    assert.ok(head.LastModified instanceof Date);
    assert.equal(head.AcceptRanges, 'bytes');
    const get = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'dir/small.txt' }));
    assert.equal(get.ETag, `"${md5Hex(body)}"`);
    assert.deepEqual(get.Metadata, { color: 'blue', 'multi-word': 'two words' });
    assert.deepEqual(await bodyBytes(get.Body), body);
  });

  it('non-ASCII metadata is accepted and returned RFC 2047 encoded, as AWS does', async () => {
    // Node's HTTP client only sends Latin-1 header text, so 'é' is what an SDK user on Node can send.
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'utf8-meta', Body: 'x', Metadata: { name: 'café', plain: 'ascii' } }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'utf8-meta' }));
    assert.equal(head.Metadata?.plain, 'ascii');
    const encoded = head.Metadata?.name ?? '';
    const m = /^=\?UTF-8\?([BQ])\?(.*)\?=$/i.exec(encoded);
    assert.ok(m, `not RFC 2047: ${encoded}`);
    const decoded = m[1]!.toUpperCase() === 'B'
      ? Buffer.from(m[2]!, 'base64').toString('utf8')
      : Buffer.from(m[2]!.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
    assert.equal(decoded, 'café');
  });

  it('round-trips a 6 MiB object in one PUT', async () => {
    const body = randomPayload(6 * 1024 * 1024 + 17);
    const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'big-single', Body: body }));
    assert.equal(put.ETag, `"${md5Hex(body)}"`);
    const got = await getBytes('big-single');
    assert.equal(got.length, body.length);
    assert.ok(got.equals(body), 'downloaded bytes differ');
  });

  it('overwrites an object and serves the new bytes', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'overwrite', Body: 'first version' }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'overwrite', Body: 'second' }));
    assert.equal((await getBytes('overwrite')).toString(), 'second');
  });

  it('answers NoSuchKey (404) on GET and 404 on HEAD of a missing key', async () => {
    assert.deepEqual(await s3Failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'nope' }))), { code: 'NoSuchKey', status: 404 });
    const head = await s3Failure(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'nope' })));
    assert.equal(head.status, 404);
  });

  it('deletes an object; deleting a missing key is still 204', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'to-delete', Body: 'x' }));
    const del = await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'to-delete' }));
    assert.equal(del.$metadata.httpStatusCode, 204);
    assert.equal((await s3Failure(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'to-delete' })))).status, 404);
    const again = await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'to-delete' }));
    assert.equal(again.$metadata.httpStatusCode, 204);
  });
});

describe('ranges (aws-sdk v3)', () => {
  const body = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
  before(async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'ranged', Body: body }));
  });

  it('serves bytes=a-b with 206 and Content-Range', async () => {
    const res = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'ranged', Range: 'bytes=10-19' }));
    assert.equal(res.$metadata.httpStatusCode, 206);
    assert.equal(res.ContentRange, 'bytes 10-19/1000');
    assert.equal(res.ContentLength, 10);
    assert.deepEqual(await bodyBytes(res.Body), body.subarray(10, 20));
  });

  it('serves bytes=a- to the end', async () => {
    const res = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'ranged', Range: 'bytes=990-' }));
    assert.equal(res.ContentRange, 'bytes 990-999/1000');
    assert.deepEqual(await bodyBytes(res.Body), body.subarray(990));
  });

  it('serves the suffix bytes=-n', async () => {
    const res = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'ranged', Range: 'bytes=-7' }));
    assert.equal(res.ContentRange, 'bytes 993-999/1000');
    assert.deepEqual(await bodyBytes(res.Body), body.subarray(993));
  });

  it('clamps an end past the object size', async () => {
    const res = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'ranged', Range: 'bytes=995-5000' }));
    assert.equal(res.ContentRange, 'bytes 995-999/1000');
    assert.deepEqual(await bodyBytes(res.Body), body.subarray(995));
  });

  it('answers InvalidRange (416) for a start past the end', async () => {
    assert.deepEqual(await s3Failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'ranged', Range: 'bytes=1000-1005' }))),
      { code: 'InvalidRange', status: 416 });
  });

  it('serves a range of a multi-MiB object exactly', async () => {
    const big = randomPayload(5 * 1024 * 1024 + 3);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'ranged-big', Body: big }));
    const start = 1024 * 1024 - 5;
    const end = 4 * 1024 * 1024 + 7;
    const got = await getBytes('ranged-big', { Range: `bytes=${start}-${end}` });
    assert.ok(got.equals(big.subarray(start, end + 1)), 'range bytes differ');
  });
});

describe('conditional requests (aws-sdk v3)', () => {
  let etag = '';
  let lastModified: Date;
  before(async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'cond', Body: 'conditional' }));
    etag = put.ETag!;
    lastModified = (await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'cond' }))).LastModified!;
  });

  it('If-Match: matching etag serves, other etag is 412 PreconditionFailed', async () => {
    const ok = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'cond', IfMatch: etag }));
    assert.equal((await bodyBytes(ok.Body)).toString(), 'conditional');
    assert.deepEqual(await s3Failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'cond', IfMatch: '"0123456789abcdef0123456789abcdef"' }))),
      { code: 'PreconditionFailed', status: 412 });
  });

  it('If-None-Match: matching etag is 304 Not Modified', async () => {
    const err = await s3Failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'cond', IfNoneMatch: etag })));
    assert.equal(err.status, 304);
    const ok = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'cond', IfNoneMatch: '"0123456789abcdef0123456789abcdef"' }));
    assert.equal(ok.$metadata.httpStatusCode, 200);
    await bodyBytes(ok.Body);
  });

  it('If-Modified-Since / If-Unmodified-Since', async () => {
    const future = new Date(lastModified.getTime() + 3600_000);
    const past = new Date(lastModified.getTime() - 3600_000);
    assert.equal((await s3Failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'cond', IfModifiedSince: future })))).status, 304);
    const modified = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'cond', IfModifiedSince: past }));
    await bodyBytes(modified.Body);
    assert.deepEqual(await s3Failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'cond', IfUnmodifiedSince: past }))),
      { code: 'PreconditionFailed', status: 412 });
    assert.equal((await s3Failure(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'cond', IfMatch: '"ffffffffffffffffffffffffffffffff"' })))).status, 412);
  });

  it('conditional PUT: If-None-Match: * fails with 412 on an existing key and creates a new one', async () => {
    assert.deepEqual(await s3Failure(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'cond', Body: 'clobber', IfNoneMatch: '*' }))),
      { code: 'PreconditionFailed', status: 412 });
    assert.equal((await getBytes('cond')).toString(), 'conditional', 'the failed PUT changed the object');
    const created = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'cond-new', Body: 'fresh', IfNoneMatch: '*' }));
    assert.equal(created.$metadata.httpStatusCode, 200);
    assert.equal((await getBytes('cond-new')).toString(), 'fresh');
  });

  it('conditional PUT: If-Match replaces only the expected version', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'cond-match', Body: 'v1' }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'cond-match' }));
    assert.deepEqual(await s3Failure(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'cond-match', Body: 'bad', IfMatch: '"0123456789abcdef0123456789abcdef"' }))),
      { code: 'PreconditionFailed', status: 412 });
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'cond-match', Body: 'v2', IfMatch: head.ETag }));
    assert.equal((await getBytes('cond-match')).toString(), 'v2');
  });
});

describe('CopyObject (aws-sdk v3)', () => {
  const src = Buffer.from('copy me please');
  before(async () => {
    await s3.send(new PutObjectCommand({
      Bucket: BUCKET, Key: 'copy/src key+1', Body: src, ContentType: 'text/x-src', Metadata: { origin: 'source' },
    }));
  });

  it('copies data and metadata with MetadataDirective COPY (default)', async () => {
    const res = await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy/dst-copy', CopySource: `${BUCKET}/${encodeURIComponent('copy/src key+1')}` }));
    assert.equal(res.CopyObjectResult?.ETag, `"${md5Hex(src)}"`);
    assert.ok(res.CopyObjectResult?.LastModified instanceof Date);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'copy/dst-copy' }));
    assert.equal(head.ContentType, 'text/x-src');
    assert.deepEqual(head.Metadata, { origin: 'source' });
    assert.deepEqual(await getBytes('copy/dst-copy'), src);
  });

  it('replaces metadata with MetadataDirective REPLACE', async () => {
    await s3.send(new CopyObjectCommand({
      Bucket: BUCKET, Key: 'copy/dst-replace', CopySource: `${BUCKET}/${encodeURIComponent('copy/src key+1')}`,
      MetadataDirective: 'REPLACE', ContentType: 'application/x-new', Metadata: { fresh: 'yes' },
    }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'copy/dst-replace' }));
    assert.equal(head.ContentType, 'application/x-new');
    assert.deepEqual(head.Metadata, { fresh: 'yes' });
    assert.deepEqual(await getBytes('copy/dst-replace'), src);
  });

  it('refuses a copy onto itself without changes (400 InvalidRequest) and allows it with REPLACE', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'copy/self', Body: 'self', Metadata: { n: '1' } }));
    assert.deepEqual(await s3Failure(s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy/self', CopySource: `${BUCKET}/copy/self` }))),
      { code: 'InvalidRequest', status: 400 });
    await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy/self', CopySource: `${BUCKET}/copy/self`, MetadataDirective: 'REPLACE', Metadata: { n: '2' } }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'copy/self' }));
    assert.deepEqual(head.Metadata, { n: '2' });
    assert.equal((await getBytes('copy/self')).toString(), 'self');
  });

  it('copies a multi-MiB object byte for byte', async () => {
    const big = randomPayload(5 * 1024 * 1024 + 100);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'copy/big-src', Body: big }));
    await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy/big-dst', CopySource: `${BUCKET}/copy/big-src` }));
    assert.ok((await getBytes('copy/big-dst')).equals(big));
  });

  it('honours x-amz-copy-source-if-match and answers NoSuchKey for a missing source', async () => {
    assert.deepEqual(await s3Failure(s3.send(new CopyObjectCommand({
      Bucket: BUCKET, Key: 'copy/never', CopySource: `${BUCKET}/copy/self`, CopySourceIfMatch: '"0123456789abcdef0123456789abcdef"',
    }))), { code: 'PreconditionFailed', status: 412 });
    assert.deepEqual(await s3Failure(s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy/never', CopySource: `${BUCKET}/copy/absent` }))),
      { code: 'NoSuchKey', status: 404 });
    assert.equal((await s3Failure(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'copy/never' })))).status, 404);
  });
});

describe('object tagging (aws-sdk v3)', () => {
  const sorted = (tags: Array<{ Key?: string; Value?: string }> | undefined): Array<[string, string]> =>
    (tags ?? []).map((t): [string, string] => [t.Key!, t.Value!]).sort((a, b) => a[0].localeCompare(b[0]));

  it('PutObject with Tagging; GetObjectTagging returns the tag set; GetObject reports TagCount', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'tags/a', Body: 'tagged', Tagging: 'project=cairn&stage=e2e%20test' }));
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: 'tags/a' }));
    assert.deepEqual(sorted(tags.TagSet), [['project', 'cairn'], ['stage', 'e2e test']]);
    const get = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'tags/a' }));
    assert.equal(get.TagCount, 2);
    await bodyBytes(get.Body);
  });

  it('an untagged object has an empty tag set', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'tags/none', Body: 'x' }));
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: 'tags/none' }));
    assert.deepEqual(tags.TagSet ?? [], []);
  });

  it('PutObjectTagging replaces the set, DeleteObjectTagging clears it', async () => {
    await s3.send(new PutObjectTaggingCommand({ Bucket: BUCKET, Key: 'tags/a', Tagging: { TagSet: [{ Key: 'only', Value: 'one' }] } }));
    assert.deepEqual(sorted((await s3.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: 'tags/a' }))).TagSet), [['only', 'one']]);
    const del = await s3.send(new DeleteObjectTaggingCommand({ Bucket: BUCKET, Key: 'tags/a' }));
    assert.equal(del.$metadata.httpStatusCode, 204);
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: 'tags/a' }))).TagSet ?? [], []);
  });

  it('CopyObject copies tags by default and replaces them with TaggingDirective REPLACE', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'tags/src', Body: 'x', Tagging: 'k=v' }));
    await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'tags/copy', CopySource: `${BUCKET}/tags/src` }));
    assert.deepEqual(sorted((await s3.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: 'tags/copy' }))).TagSet), [['k', 'v']]);
    await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'tags/replaced', CopySource: `${BUCKET}/tags/src`, TaggingDirective: 'REPLACE', Tagging: 'n=2' }));
    assert.deepEqual(sorted((await s3.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: 'tags/replaced' }))).TagSet), [['n', '2']]);
  });

  it('GetObjectTagging of a missing key is NoSuchKey (404)', async () => {
    assert.deepEqual(await s3Failure(s3.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: 'tags/missing' }))), { code: 'NoSuchKey', status: 404 });
  });
});
