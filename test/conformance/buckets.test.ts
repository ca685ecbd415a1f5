/**
 * Conformance: bucket operations (s3-tests test_bucket_create_naming_*, test_bucket_create_exists,
 * test_bucket_head_notexist, test_bucket_delete_nonempty, test_bucket_notexist,
 * test_bucket_get_location, test_versioning_bucket_create_suspend*).
 * AWS reference: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type CairnServer } from '../helpers/server.js';
import { xmlValue, xmlValues } from '../helpers/raw-http.js';
import { assertHeadError, assertS3Error, call, createBucket, putObject } from './conformance-client.js';

let s: CairnServer;
before(async () => { s = await startServer(); });
after(async () => { await s?.stop(); });

describe('CreateBucket naming', () => {
  it('accepts 3 and 63 characters, digits, dots and hyphens inside', async () => {
    for (const name of ['abc', 'a'.repeat(63), 'my.bucket-1', '1bucket', 'bucket1']) {
      const r = await call(s, 'PUT', `/${name}`);
      assert.equal(r.status, 200, `${name}: ${r.text}`);
      assert.equal(r.headers.location, `/${name}`);
    }
  });
  it('refuses with 400 InvalidBucketName: 64 chars, 2 chars, uppercase, underscore, IP form, leading/trailing - or ., .., .- and -.', async () => {
    const bad = ['a'.repeat(64), 'ab', 'Abc', 'ABC', 'a_b', '192.168.5.4', '-abc', 'abc-', '.abc', 'abc.', 'a..b', 'a.-b', 'a-.b'];
    for (const name of bad) {
      const r = await call(s, 'PUT', `/${name}`);
      assertS3Error(r, 400, 'InvalidBucketName', `/${name}`);
      assert.equal(xmlValue(r.text, 'BucketName'), name);
    }
  });
});

describe('CreateBucket of an existing bucket and LocationConstraint', () => {
  it('re-creating an owned bucket answers 200 OK (AWS us-east-1 legacy semantics) and keeps its objects', async () => {
    await createBucket(s, 'owned');
    await putObject(s, '/owned/k', 'data');
    const again = await call(s, 'PUT', '/owned');
    assert.equal(again.status, 200, again.text);
    const get = await call(s, 'GET', '/owned/k');
    assert.equal(get.text, 'data');
  });
  it('LocationConstraint of another region: 400 IllegalLocationConstraintException; us-east-1 and empty accepted', async () => {
    const cfg = (loc: string): string => `<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>${loc}</LocationConstraint></CreateBucketConfiguration>`;
    assertS3Error(await call(s, 'PUT', '/loc-eu', { body: cfg('eu-west-1') }), 400, 'IllegalLocationConstraintException');
    assert.equal((await call(s, 'PUT', '/loc-us', { body: cfg('us-east-1') })).status, 200);
    assert.equal((await call(s, 'PUT', '/loc-empty', { body: cfg('') })).status, 200);
    assertS3Error(await call(s, 'PUT', '/loc-bad', { body: '<CreateBucketConfiguration><LocationConstraint>' }), 400, 'MalformedXML');
    assert.equal((await call(s, 'HEAD', '/loc-eu')).status, 404, 'a refused create stores nothing');
  });
  it('GetBucketLocation: empty LocationConstraint for us-east-1 (as AWS), NoSuchBucket for a missing bucket', async () => {
    const r = await call(s, 'GET', '/owned?location');
    assert.equal(r.status, 200);
    assert.match(r.text, /<LocationConstraint xmlns="http:\/\/s3\.amazonaws\.com\/doc\/2006-03-01\/"><\/LocationConstraint>$/);
    assertS3Error(await call(s, 'GET', '/missing-bkt?location'), 404, 'NoSuchBucket', '/missing-bkt');
  });
});

describe('HeadBucket / DeleteBucket / missing buckets', () => {
  it('HeadBucket: 200 with x-amz-bucket-region; 404 without a body for a missing bucket', async () => {
    const ok = await call(s, 'HEAD', '/owned');
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['x-amz-bucket-region'], 'us-east-1');
    assertHeadError(await call(s, 'HEAD', '/missing-bkt'), 404);
  });
  it('DeleteBucket: 409 BucketNotEmpty, then 204 once empty, then 404 NoSuchBucket', async () => {
    await createBucket(s, 'to-delete');
    await putObject(s, '/to-delete/k', 'x');
    const full = await call(s, 'DELETE', '/to-delete');
    assertS3Error(full, 409, 'BucketNotEmpty', '/to-delete');
    assert.equal(xmlValue(full.text, 'BucketName'), 'to-delete');
    assert.equal((await call(s, 'DELETE', '/to-delete/k')).status, 204);
    assert.equal((await call(s, 'DELETE', '/to-delete')).status, 204);
    assertS3Error(await call(s, 'DELETE', '/to-delete'), 404, 'NoSuchBucket');
  });
  it('a bucket whose only content is a pending multipart upload is deleted with it (as AWS does)', async () => {
    await createBucket(s, 'mp-pending');
    assert.equal((await call(s, 'POST', '/mp-pending/k?uploads')).status, 200);
    assert.equal((await call(s, 'PUT', '/mp-pending/o', { body: 'body' })).status, 200);
    assertS3Error(await call(s, 'DELETE', '/mp-pending'), 409, 'BucketNotEmpty');
    assert.match((await call(s, 'GET', '/mp-pending?uploads')).text, /<Key>k<\/Key>/, 'a refused delete aborts nothing');
    assert.equal((await call(s, 'DELETE', '/mp-pending/o')).status, 204);
    assert.equal((await call(s, 'DELETE', '/mp-pending')).status, 204);
    await createBucket(s, 'mp-pending');
    assert.doesNotMatch((await call(s, 'GET', '/mp-pending?uploads')).text, /<Upload>/, 'the upload went with the bucket');
  });
  it('object and listing operations on a missing bucket are NoSuchBucket with BucketName', async () => {
    for (const [method, path] of [['GET', '/missing-bkt'], ['GET', '/missing-bkt?list-type=2'], ['GET', '/missing-bkt?versions'],
      ['GET', '/missing-bkt?uploads'], ['PUT', '/missing-bkt/k'], ['GET', '/missing-bkt/k'], ['POST', '/missing-bkt/k?uploads']] as const) {
      const r = await call(s, method, path, method === 'PUT' ? { body: 'x' } : {});
      assertS3Error(r, 404, 'NoSuchBucket');
      assert.equal(xmlValue(r.text, 'BucketName'), 'missing-bkt', `${method} ${path}`);
    }
  });
});

describe('ListBuckets and versioning configuration', () => {
  it('ListBuckets lists every bucket in name order with Owner and CreationDate', async () => {
    const r = await call(s, 'GET', '/');
    assert.equal(r.status, 200);
    assert.match(r.text, /^<\?xml version="1.0" encoding="UTF-8"\?><ListAllMyBucketsResult xmlns="http:\/\/s3\.amazonaws\.com\/doc\/2006-03-01\/"><Owner><ID>[^<]+<\/ID>/);
    const names = xmlValues(r.text, 'Name');
    assert.deepEqual(names, [...names].sort());
    assert.ok(names.includes('owned'));
    for (const d of xmlValues(r.text, 'CreationDate')) assert.match(d, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
  });
  it('GetBucketVersioning: no Status before versioning was set, then Enabled / Suspended; a bad Status is MalformedXML', async () => {
    await createBucket(s, 'versioned');
    const none = await call(s, 'GET', '/versioned?versioning');
    assert.equal(xmlValue(none.text, 'Status'), undefined);
    assert.match(none.text, /<VersioningConfiguration xmlns="http:\/\/s3\.amazonaws\.com\/doc\/2006-03-01\/"\s*(\/>|><\/VersioningConfiguration>)/);
    for (const state of ['Enabled', 'Suspended']) {
      const put = await call(s, 'PUT', '/versioned?versioning', { body: `<VersioningConfiguration><Status>${state}</Status></VersioningConfiguration>` });
      assert.equal(put.status, 200, put.text);
      assert.equal(xmlValue((await call(s, 'GET', '/versioned?versioning')).text, 'Status'), state);
    }
    assertS3Error(await call(s, 'PUT', '/versioned?versioning', { body: '<VersioningConfiguration><Status>On</Status></VersioningConfiguration>' }), 400, 'MalformedXML');
  });
});
