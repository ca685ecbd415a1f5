/**
 * Accounts through the real S3 pipeline and object layer, with the in-memory CallerDirectory
 * (test/helpers/memory-directory.ts) standing in for the IAM store (issue #9): A and B each see
 * only their own buckets; B can neither create A's bucket name (BucketAlreadyExists) nor read
 * A's objects until A's bucket policy grants a prefix; an IAM user of A allowed one bucket can
 * do exactly that; ACL grants by canonical id and e-mail under ObjectWriter; a disabled key is
 * refused at once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpServer } from '../../src/http/http-server.js';
import { ErasureObjectLayer } from '../../src/object/index.js';
import type { ObjectLayer } from '../../src/object/object-layer.js';
import { HANDLERS } from '../../src/s3/handlers/index.js';
import { createS3Pipeline } from '../../src/s3/pipeline.js';
import { AccountAuthorizer } from '../../src/s3/pipeline/account-authorizer.js';
import { BucketAuthzCache } from '../../src/s3/pipeline/bucket-authz-cache.js';
import { createStorage } from '../../src/storage/index.js';
import { canonicalIdOf, twoAccountDirectory, type MemoryDirectory } from '../helpers/memory-directory.js';
import { rawRequest, xmlValue, xmlValues, type RawResponse } from '../helpers/raw-http.js';
import { sha256Hex, signRequest, type Credentials } from '../helpers/sigv4-signer.js';

const ROOT_A: Credentials = { accessKey: 'AKIAROOTA', secretKey: 'secret-root-a' };
const ROOT_B: Credentials = { accessKey: 'AKIAROOTB', secretKey: 'secret-root-b' };
const ALICE: Credentials = { accessKey: 'AKIAALICE', secretKey: 'secret-alice' };
const CAROL: Credentials = { accessKey: 'AKIACAROL', secretKey: 'secret-carol' };
let base: string;
let objects: ObjectLayer;
let http: HttpServer;
let port: number;
let dir: MemoryDirectory;
const silent = (): void => {};

before(async () => {
  base = await mkdtemp(join(tmpdir(), 'cairn-accounts-'));
  const storage = await createStorage({ endpoints: [join(base, 'd1')] });
  objects = new ErasureObjectLayer(storage, { region: 'us-east-1' });
  dir = twoAccountDirectory({ aliceBucket: 'alice-data' });
  const listener = createS3Pipeline({
    objects, handlers: HANDLERS, credentials: dir, directory: dir,
    authorizer: new AccountAuthorizer({ directory: dir, buckets: new BucketAuthzCache({ objects }), objects }),
    health: { isReady: () => true, hasWriteQuorum: () => true },
    logger: { debug: silent, info: silent, warn: silent, error: silent }, region: 'us-east-1', domains: [],
  });
  http = new HttpServer({ host: '127.0.0.1', port: 0, listener, logger: { debug: silent, info: silent, warn: silent, error: silent } });
  port = (await http.listen()).port;
});
after(async () => {
  await http?.close(2000);
  await objects?.close();
  await rm(base, { recursive: true, force: true });
});

function as(creds: Credentials, method: string, path: string, body = '', headers: Record<string, string> = {}): Promise<RawResponse> {
  const signed = signRequest({ method, path, host: `127.0.0.1:${port}`, headers, payloadHash: sha256Hex(body) }, creds).headers;
  return rawRequest({ port, method, path, headers: { ...headers, ...signed, 'content-length': Buffer.byteLength(body) }, body, timeoutMs: 10_000 });
}

function expectCode(r: RawResponse, status: number, code: string): void {
  assert.equal(r.status, status, r.text);
  assert.equal(xmlValue(r.text, 'Code'), code, r.text);
}

describe('accounts A and B', () => {
  before(async () => {
    assert.equal((await as(ROOT_A, 'PUT', '/a-bucket')).status, 200);
    assert.equal((await as(ROOT_B, 'PUT', '/b-bucket')).status, 200);
    assert.equal((await as(ROOT_A, 'PUT', '/alice-data')).status, 200);
    for (const key of ['shared/x.txt', 'private/y.txt']) assert.equal((await as(ROOT_A, 'PUT', `/a-bucket/${key}`, `body of ${key}`)).status, 200);
  });

  it('each account lists only its own buckets, with its canonical id as Owner', async () => {
    const a = await as(ROOT_A, 'GET', '/');
    assert.deepEqual(xmlValues(a.text, 'Name'), ['a-bucket', 'alice-data']);
    assert.equal(xmlValue(a.text, 'ID'), canonicalIdOf('111111111111'));
    assert.equal(xmlValue(a.text, 'DisplayName'), 'account-a');
    const b = await as(ROOT_B, 'GET', '/');
    assert.deepEqual(xmlValues(b.text, 'Name'), ['b-bucket']);
    assert.equal(xmlValue(b.text, 'ID'), canonicalIdOf('222222222222'));
  });

  it('CreateBucket of another account\'s name is 409 BucketAlreadyExists; of its own, 200 (us-east-1)', async () => {
    expectCode(await as(ROOT_B, 'PUT', '/a-bucket'), 409, 'BucketAlreadyExists');
    assert.equal((await as(ROOT_A, 'PUT', '/a-bucket')).status, 200);
  });

  it('B cannot read A\'s bucket; a bucket policy grants B one prefix, and B reads there and nowhere else', async () => {
    expectCode(await as(ROOT_B, 'GET', '/a-bucket/shared/x.txt'), 403, 'AccessDenied');
    expectCode(await as(ROOT_B, 'GET', '/a-bucket?list-type=2'), 403, 'AccessDenied');
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::a-bucket/shared/*' }],
    });
    assert.equal((await as(ROOT_A, 'PUT', '/a-bucket?policy', policy)).status, 204);
    const ok = await as(ROOT_B, 'GET', '/a-bucket/shared/x.txt');
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.text, 'body of shared/x.txt');
    assert.equal((await as(CAROL, 'GET', '/a-bucket/shared/x.txt')).status, 200, 'B user with its own s3:* allow');
    expectCode(await as(ROOT_B, 'GET', '/a-bucket/private/y.txt'), 403, 'AccessDenied');
    expectCode(await as(ROOT_B, 'PUT', '/a-bucket/shared/z.txt', 'z'), 403, 'AccessDenied');
    expectCode(await as(ROOT_B, 'GET', '/a-bucket?policy'), 403, 'AccessDenied');
    // A copy needs read access to its source too: B copies what it may read, nothing else.
    assert.equal((await as(ROOT_B, 'PUT', '/b-bucket/copied.txt', '', { 'x-amz-copy-source': '/a-bucket/shared/x.txt' })).status, 200);
    assert.equal((await as(ROOT_B, 'GET', '/b-bucket/copied.txt')).text, 'body of shared/x.txt');
    expectCode(await as(ROOT_B, 'PUT', '/b-bucket/stolen.txt', '', { 'x-amz-copy-source': '/a-bucket/private/y.txt' }), 403, 'AccessDenied');
  });

  it('an IAM user of A allowed one bucket can do exactly that', async () => {
    assert.equal((await as(ALICE, 'PUT', '/alice-data/note.txt', 'note')).status, 200);
    assert.equal((await as(ALICE, 'GET', '/alice-data/note.txt')).text, 'note');
    expectCode(await as(ALICE, 'GET', '/a-bucket/private/y.txt'), 403, 'AccessDenied');
    expectCode(await as(ALICE, 'GET', '/'), 403, 'AccessDenied');
    expectCode(await as(ALICE, 'PUT', '/alice-new'), 403, 'AccessDenied');
  });

  it('ACL grants to B by canonical id and by e-mail under ObjectWriter ownership', async () => {
    assert.equal((await as(ROOT_A, 'PUT', '/a-writer', '', { 'x-amz-object-ownership': 'ObjectWriter' })).status, 200);
    const byId = await as(ROOT_A, 'PUT', '/a-writer/by-id.txt', 'by id', { 'x-amz-grant-read': `id="${canonicalIdOf('222222222222')}"` });
    assert.equal(byId.status, 200, byId.text);
    assert.equal((await as(ROOT_A, 'PUT', '/a-writer/by-mail.txt', 'by mail', { 'x-amz-grant-read': 'emailAddress="b@example.com"' })).status, 200);
    assert.equal((await as(ROOT_A, 'PUT', '/a-writer/none.txt', 'none')).status, 200);
    assert.equal((await as(ROOT_B, 'GET', '/a-writer/by-id.txt')).text, 'by id');
    assert.equal((await as(ROOT_B, 'GET', '/a-writer/by-mail.txt')).text, 'by mail');
    expectCode(await as(ROOT_B, 'GET', '/a-writer/none.txt'), 403, 'AccessDenied');
    const acl = await as(ROOT_A, 'GET', '/a-writer/by-mail.txt?acl');
    // Grant headers replace the ACL (no implied owner grant, as on AWS): the owner, then B's READ.
    assert.deepEqual(xmlValues(acl.text, 'DisplayName'), ['account-a', 'account-b']);
    // B writes into A's ObjectWriter bucket through a bucket ACL WRITE grant, and owns what it wrote.
    assert.equal((await as(ROOT_A, 'PUT', '/a-writer?acl', '', { 'x-amz-grant-write': `id="${canonicalIdOf('222222222222')}"`, 'x-amz-grant-full-control': `id="${canonicalIdOf('111111111111')}"` })).status, 200);
    assert.equal((await as(ROOT_B, 'PUT', '/a-writer/from-b.txt', 'from b')).status, 200);
    const owned = await as(ROOT_B, 'GET', '/a-writer/from-b.txt?acl');
    assert.equal(xmlValue(owned.text, 'ID'), canonicalIdOf('222222222222'), owned.text);
    assert.equal((await as(ROOT_B, 'GET', '/a-writer/from-b.txt')).text, 'from b');
  });

  it('an upload B starts in A\'s ObjectWriter bucket is B\'s: ListParts and ListMultipartUploads name B as Initiator and Owner', async () => {
    assert.equal((await as(ROOT_A, 'PUT', '/a-uploads', '', { 'x-amz-object-ownership': 'ObjectWriter' })).status, 200);
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 's3:*', Resource: ['arn:aws:s3:::a-uploads', 'arn:aws:s3:::a-uploads/*'] }],
    });
    assert.equal((await as(ROOT_A, 'PUT', '/a-uploads?policy', policy)).status, 204);
    const byB = xmlValue((await as(ROOT_B, 'POST', '/a-uploads/from-b?uploads')).text, 'UploadId')!;
    const byA = xmlValue((await as(ROOT_A, 'POST', '/a-uploads/from-a?uploads')).text, 'UploadId')!;
    const b = canonicalIdOf('222222222222');
    const a = canonicalIdOf('111111111111');
    const parts = await as(ROOT_B, 'GET', `/a-uploads/from-b?uploadId=${byB}`);
    assert.equal(parts.status, 200, parts.text);
    assert.deepEqual(xmlValues(parts.text, 'ID'), [b, b], 'Initiator and Owner');
    assert.deepEqual(xmlValues((await as(ROOT_A, 'GET', `/a-uploads/from-a?uploadId=${byA}`)).text, 'ID'), [a, a]);
    const listed = await as(ROOT_A, 'GET', '/a-uploads?uploads');
    assert.deepEqual(xmlValues(listed.text, 'Key'), ['from-a', 'from-b']);
    assert.deepEqual(xmlValues(listed.text, 'ID'), [a, a, b, b], listed.text);
    assert.deepEqual(xmlValues(listed.text, 'DisplayName'), ['account-a', 'account-a', 'account-b', 'account-b']);
  });

  it('BucketOwnerEnforced: B\'s new objects take bucket-owner-full-control or no ACL, not private; A\'s may say private', async () => {
    assert.equal((await as(ROOT_A, 'PUT', '/a-enforced')).status, 200);
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 's3:*', Resource: ['arn:aws:s3:::a-enforced', 'arn:aws:s3:::a-enforced/*'] }],
    });
    assert.equal((await as(ROOT_A, 'PUT', '/a-enforced?policy', policy)).status, 204);
    assert.equal((await as(ROOT_B, 'PUT', '/a-enforced/plain', 'x')).status, 200);
    assert.equal((await as(ROOT_B, 'PUT', '/a-enforced/bofc', 'x', { 'x-amz-acl': 'bucket-owner-full-control' })).status, 200);
    assert.equal((await as(ROOT_B, 'PUT', '/a-enforced/grant', 'x', { 'x-amz-grant-full-control': `id="${canonicalIdOf('111111111111')}"` })).status, 200);
    expectCode(await as(ROOT_B, 'PUT', '/a-enforced/private', 'x', { 'x-amz-acl': 'private' }), 400, 'AccessControlListNotSupported');
    expectCode(await as(ROOT_B, 'POST', '/a-enforced/private-mpu?uploads', '', { 'x-amz-acl': 'private' }), 400, 'AccessControlListNotSupported');
    expectCode(await as(ROOT_B, 'PUT', '/a-enforced/public', 'x', { 'x-amz-acl': 'public-read' }), 400, 'AccessControlListNotSupported');
    assert.equal((await as(ROOT_A, 'PUT', '/a-enforced/mine', 'x', { 'x-amz-acl': 'private' })).status, 200);
    for (const key of ['plain', 'bofc', 'grant']) {
      assert.deepEqual(xmlValues((await as(ROOT_A, 'GET', `/a-enforced/${key}?acl`)).text, 'ID'), [canonicalIdOf('111111111111'), canonicalIdOf('111111111111')], key);
    }
    expectCode(await as(ROOT_A, 'GET', '/a-enforced/private'), 404, 'NoSuchKey');
    // PutBucketAcl / PutObjectAcl keep the enforced state: private only from A's own account.
    expectCode(await as(ROOT_B, 'PUT', '/a-enforced?acl', '', { 'x-amz-acl': 'private' }), 400, 'AccessControlListNotSupported');
    expectCode(await as(ROOT_B, 'PUT', '/a-enforced/plain?acl', '', { 'x-amz-acl': 'private' }), 400, 'AccessControlListNotSupported');
    assert.equal((await as(ROOT_B, 'PUT', '/a-enforced/plain?acl', '', { 'x-amz-acl': 'bucket-owner-full-control' })).status, 200);
    assert.equal((await as(ROOT_A, 'PUT', '/a-enforced?acl', '', { 'x-amz-acl': 'private' })).status, 200);
    assert.equal((await as(ROOT_A, 'PUT', '/a-enforced/plain?acl', '', { 'x-amz-acl': 'private' })).status, 200);
  });

  it('a disabled access key is refused at once', async () => {
    assert.equal((await as(ROOT_B, 'GET', '/')).status, 200);
    dir.setActive(ROOT_B.accessKey, false);
    expectCode(await as(ROOT_B, 'GET', '/'), 403, 'InvalidAccessKeyId');
    dir.setActive(ROOT_B.accessKey, true);
  });
});
