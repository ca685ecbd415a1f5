/**
 * Bucket and service operations over raw signed requests against the in-process server with
 * four drives: CreateBucket (naming, LocationConstraint, re-create of an owned bucket), HeadBucket,
 * GetBucketLocation, Get/PutBucketVersioning, ListBuckets pagination, GetBucketAcl,
 * GetObjectAcl, DeleteBucket (BucketNotEmpty), XML body limits, virtual-host addressing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { xmlValue, xmlValues } from '../helpers/raw-http.js';
import { bootServer, call, type TestServer } from './s3-server-harness.js';

let t: TestServer;
before(async () => { t = await bootServer({ drives: 4, flags: ['--domain', 's3.cairn.test'] }); });
after(async () => { await t?.stop(); });

const code = (text: string): string | undefined => xmlValue(text, 'Code');

describe('CreateBucket / HeadBucket / DeleteBucket', () => {
  it('creates a bucket (Location header); a second create of the owned bucket is 200 in us-east-1 (AWS legacy semantics)', async () => {
    const res = await call(t, 'PUT', '/alpha-bucket');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers['location'], '/alpha-bucket');
    const again = await call(t, 'PUT', '/alpha-bucket');
    assert.equal(again.status, 200, again.text);
    assert.equal(again.headers['location'], '/alpha-bucket');
  });
  it('refuses names that break the AWS rules with 400 InvalidBucketName', async () => {
    for (const name of ['ab', 'Upper-Case', 'under_score', 'a..b', '192.168.1.1', '-start', 'end-', 'xn--punycode', 'x'.repeat(64), 'a.-b']) {
      const res = await call(t, 'PUT', `/${name}`);
      assert.equal(res.status, 400, name);
      assert.equal(code(res.text), 'InvalidBucketName', name);
    }
  });
  it('accepts a LocationConstraint equal to the region, refuses another one', async () => {
    const ok = await call(t, 'PUT', '/located-bucket', {
      body: '<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>us-east-1</LocationConstraint></CreateBucketConfiguration>',
    });
    assert.equal(ok.status, 200, ok.text);
    const bad = await call(t, 'PUT', '/elsewhere-bucket', {
      body: '<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>',
    });
    assert.equal(bad.status, 400);
    assert.equal(code(bad.text), 'IllegalLocationConstraintException');
    const head = await call(t, 'HEAD', '/elsewhere-bucket');
    assert.equal(head.status, 404, 'a refused create leaves nothing behind');
  });
  it('refuses a malformed CreateBucketConfiguration with MalformedXML', async () => {
    const res = await call(t, 'PUT', '/malformed-bucket', { body: '<CreateBucketConfiguration><LocationConstraint>' });
    assert.equal(res.status, 400);
    assert.equal(code(res.text), 'MalformedXML');
  });
  it('HeadBucket: 200 with the region; 404 without a body when missing', async () => {
    const res = await call(t, 'HEAD', '/alpha-bucket');
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-amz-bucket-region'], 'us-east-1');
    const missing = await call(t, 'HEAD', '/missing-bucket');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.length, 0);
  });
  it('DeleteBucket: 409 BucketNotEmpty with an object, 204 once empty, then 404 NoSuchBucket', async () => {
    await call(t, 'PUT', '/doomed-bucket');
    const put = await call(t, 'PUT', '/doomed-bucket/some/key.txt', { body: 'data' });
    assert.equal(put.status, 200, put.text);
    const busy = await call(t, 'DELETE', '/doomed-bucket');
    assert.equal(busy.status, 409);
    assert.equal(code(busy.text), 'BucketNotEmpty');
    assert.equal(xmlValue(busy.text, 'BucketName'), 'doomed-bucket');
    assert.equal((await call(t, 'DELETE', '/doomed-bucket/some/key.txt')).status, 204);
    assert.equal((await call(t, 'DELETE', '/doomed-bucket')).status, 204);
    const gone = await call(t, 'DELETE', '/doomed-bucket');
    assert.equal(gone.status, 404);
    assert.equal(code(gone.text), 'NoSuchBucket');
    assert.equal(xmlValue(gone.text, 'Resource'), '/doomed-bucket');
  });
});

describe('GetBucketLocation / versioning / ACL', () => {
  it('GetBucketLocation is empty for us-east-1, NoSuchBucket when missing', async () => {
    const res = await call(t, 'GET', '/alpha-bucket?location');
    assert.equal(res.status, 200);
    assert.match(res.text, /<LocationConstraint xmlns="http:\/\/s3\.amazonaws\.com\/doc\/2006-03-01\/"><\/LocationConstraint>/);
    assert.equal((await call(t, 'GET', '/missing-bucket?location')).status, 404);
  });
  it('versioning: none → Enabled → Suspended, stored as the bucket config document', async () => {
    await call(t, 'PUT', '/versioned-bucket');
    let res = await call(t, 'GET', '/versioned-bucket?versioning');
    assert.equal(res.status, 200);
    assert.equal(xmlValue(res.text, 'Status'), undefined);
    for (const status of ['Enabled', 'Suspended']) {
      const put = await call(t, 'PUT', '/versioned-bucket?versioning', {
        body: `<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>${status}</Status></VersioningConfiguration>`,
      });
      assert.equal(put.status, 200, put.text);
      res = await call(t, 'GET', '/versioned-bucket?versioning');
      assert.equal(xmlValue(res.text, 'Status'), status);
    }
    const doc = await t.server.objects.getBucketConfig({ bucket: 'versioned-bucket', name: 'versioning' });
    assert.deepEqual(JSON.parse(doc!.toString('utf8')), { status: 'Suspended' });
  });
  it('versioning: invalid status is MalformedXML, empty body MissingRequestBodyError, missing bucket NoSuchBucket', async () => {
    let res = await call(t, 'PUT', '/versioned-bucket?versioning', { body: '<VersioningConfiguration><Status>On</Status></VersioningConfiguration>' });
    assert.equal(code(res.text), 'MalformedXML');
    res = await call(t, 'PUT', '/versioned-bucket?versioning');
    assert.equal(code(res.text), 'MissingRequestBodyError');
    res = await call(t, 'PUT', '/missing-bucket?versioning', { body: '<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>' });
    assert.equal(code(res.text), 'NoSuchBucket');
    res = await call(t, 'GET', '/missing-bucket?versioning');
    assert.equal(code(res.text), 'NoSuchBucket');
  });
  it('an XML body over the operation cap is MaxMessageLengthExceeded', async () => {
    const res = await call(t, 'PUT', '/versioned-bucket?versioning', { body: `<VersioningConfiguration>${' '.repeat(1024 * 1024 + 10)}</VersioningConfiguration>` });
    assert.equal(res.status, 400);
    assert.equal(code(res.text), 'MaxMessageLengthExceeded');
  });
  it('a DOCTYPE in a request body is refused', async () => {
    const res = await call(t, 'PUT', '/versioned-bucket?versioning', {
      body: '<!DOCTYPE x [<!ENTITY a "Enabled">]><VersioningConfiguration><Status>&a;</Status></VersioningConfiguration>',
    });
    assert.equal(code(res.text), 'MalformedXML');
  });
  it('GetBucketAcl and GetObjectAcl report the owner with FULL_CONTROL', async () => {
    let res = await call(t, 'GET', '/alpha-bucket?acl');
    assert.equal(res.status, 200);
    assert.equal(xmlValue(res.text, 'Permission'), 'FULL_CONTROL');
    assert.match(res.text, /xsi:type="CanonicalUser"/);
    // The owner is the bucket's account: the cluster account (`cairn admin account ls`: "cluster").
    assert.equal(xmlValues(res.text, 'DisplayName')[0], 'cluster');
    await call(t, 'PUT', '/alpha-bucket/acl-object', { body: 'x' });
    res = await call(t, 'GET', '/alpha-bucket/acl-object?acl');
    assert.equal(res.status, 200);
    assert.equal(xmlValue(res.text, 'Permission'), 'FULL_CONTROL');
    res = await call(t, 'GET', '/alpha-bucket/no-such-object?acl');
    assert.equal(code(res.text), 'NoSuchKey');
    res = await call(t, 'PUT', '/alpha-bucket?acl', { body: '<AccessControlPolicy/>' });
    assert.equal(res.status, 400);
    assert.equal(code(res.text), 'AccessControlListNotSupported');
  });
});

describe('ListBuckets', () => {
  before(async () => {
    for (const name of ['page-a', 'page-b', 'page-c', 'page-d', 'page-e']) assert.equal((await call(t, 'PUT', `/${name}`)).status, 200);
  });
  it('lists buckets sorted by name with the owner', async () => {
    const res = await call(t, 'GET', '/');
    assert.equal(res.status, 200);
    const names = xmlValues(res.text, 'Name');
    assert.deepEqual(names, [...names].sort());
    for (const n of ['alpha-bucket', 'page-a', 'page-e']) assert.ok(names.includes(n), n);
    assert.ok(xmlValue(res.text, 'ID'));
    assert.equal(xmlValue(res.text, 'ContinuationToken'), undefined);
  });
  it('paginates with max-buckets and continuation-token, filtered by prefix', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page++) {
      const q = `max-buckets=2&prefix=page-${token ? `&continuation-token=${encodeURIComponent(token)}` : ''}`;
      const res = await call(t, 'GET', `/?${q}`);
      assert.equal(res.status, 200, res.text);
      assert.equal(xmlValue(res.text, 'Prefix'), 'page-');
      seen.push(...xmlValues(res.text, 'Name'));
      token = xmlValue(res.text, 'ContinuationToken');
      if (!token) break;
    }
    assert.deepEqual(seen, ['page-a', 'page-b', 'page-c', 'page-d', 'page-e']);
  });
  it('filters by bucket-region', async () => {
    const here = await call(t, 'GET', '/?bucket-region=us-east-1&prefix=page-');
    assert.equal(xmlValues(here.text, 'Name').length, 5);
    const elsewhere = await call(t, 'GET', '/?bucket-region=eu-west-1');
    assert.equal(elsewhere.status, 200);
    assert.deepEqual(xmlValues(elsewhere.text, 'Name'), []);
  });
  it('refuses bad max-buckets and continuation-token values', async () => {
    for (const q of ['max-buckets=0', 'max-buckets=10001', 'max-buckets=abc', 'continuation-token=%2F%2F%2F']) {
      const res = await call(t, 'GET', `/?${q}`);
      assert.equal(res.status, 400, q);
      assert.equal(code(res.text), 'InvalidArgument', q);
    }
  });
});

describe('virtual-host-style addressing', () => {
  it('takes the bucket from the Host header under the configured domain', async () => {
    const { rawRequest } = await import('../helpers/raw-http.js');
    const { signRequest, EMPTY_SHA256 } = await import('../helpers/sigv4-signer.js');
    const host = `alpha-bucket.s3.cairn.test:${t.port}`;
    const signed = signRequest({ method: 'GET', path: '/?location', host, payloadHash: EMPTY_SHA256 }, { accessKey: t.accessKey, secretKey: t.secretKey });
    const res = await rawRequest({ port: t.port, method: 'GET', path: '/?location', headers: signed.headers });
    assert.equal(res.status, 200, res.text);
    assert.match(res.text, /<LocationConstraint/);
    const signedObj = signRequest({ method: 'GET', path: '/acl-object', host, payloadHash: EMPTY_SHA256 }, { accessKey: t.accessKey, secretKey: t.secretKey });
    const obj = await rawRequest({ port: t.port, method: 'GET', path: '/acl-object', headers: signedObj.headers });
    assert.equal(obj.status, 200, obj.text);
    assert.equal(obj.text, 'x');
  });
});
