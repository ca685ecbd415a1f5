/**
 * Conformance: S3 Object Lock over raw signed HTTP, as AWS documents it and ceph s3-tests
 * (test_object_lock_*) check it:
 *  - CreateBucket with x-amz-bucket-object-lock-enabled (API Reference, CreateBucket), versioning
 *    Enabled and not suspendable (409 InvalidBucketState);
 *  - Put/GetObjectLockConfiguration (API Reference, PutObjectLockConfiguration): Content-MD5
 *    required, MalformedXML / InvalidRetentionPeriod / InvalidBucketState for a bad document or
 *    an unversioned bucket, enabling on an existing versioned bucket;
 *  - lock headers on PutObject (API Reference, PutObject "x-amz-object-lock-*"), the default
 *    retention, the headers on GET/HEAD;
 *  - Put/GetObjectRetention and Put/GetObjectLegalHold (by versionId), GOVERNANCE with
 *    x-amz-bypass-governance-retention (User Guide, "Bypassing governance mode").
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, type CairnServer } from '../helpers/server.js';
import { xmlValue, xmlValues } from '../helpers/raw-http.js';
import { assertS3Error, call, createBucket } from './conformance-client.js';

let s: CairnServer;
before(async () => { s = await startServer(); });
after(async () => { await s?.stop(); });

const md5 = (body: string): string => createHash('md5').update(body).digest('base64');
const withMd5 = (body: string, headers: Record<string, string> = {}): { body: string; headers: Record<string, string> } =>
  ({ body, headers: { 'content-md5': md5(body), ...headers } });
const lockConfig = (rule = ''): string =>
  `<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled>${rule}</ObjectLockConfiguration>`;
const rule = (mode: string, period: string): string => `<Rule><DefaultRetention><Mode>${mode}</Mode>${period}</DefaultRetention></Rule>`;
const retention = (mode: string, until: Date | string): string =>
  `<Retention><Mode>${mode}</Mode><RetainUntilDate>${typeof until === 'string' ? until : until.toISOString()}</RetainUntilDate></Retention>`;
const inSeconds = (n: number): Date => new Date(Date.now() + n * 1000);

async function lockBucket(name: string): Promise<void> {
  const r = await call(s, 'PUT', `/${name}`, { headers: { 'x-amz-bucket-object-lock-enabled': 'true' } });
  assert.equal(r.status, 200, r.text);
}

async function putLocked(path: string, body: string, headers: Record<string, string>): Promise<string> {
  const r = await call(s, 'PUT', path, withMd5(body, headers));
  assert.equal(r.status, 200, r.text);
  return String(r.headers['x-amz-version-id']);
}

describe('object lock configuration', () => {
  it('a bucket created with Object Lock has versioning Enabled for good and a configuration without rule', async () => {
    await lockBucket('lock-cfg');
    assert.equal(xmlValue((await call(s, 'GET', '/lock-cfg?versioning')).text, 'Status'), 'Enabled');
    const got = await call(s, 'GET', '/lock-cfg?object-lock');
    assert.equal(got.status, 200, got.text);
    assert.equal(xmlValue(got.text, 'ObjectLockEnabled'), 'Enabled');
    assert.equal(xmlValue(got.text, 'Rule'), undefined);
    const suspend = await call(s, 'PUT', '/lock-cfg?versioning', { body: '<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>' });
    assertS3Error(suspend, 409, 'InvalidBucketState');
    const enable = await call(s, 'PUT', '/lock-cfg?versioning', { body: '<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>' });
    assert.equal(enable.status, 200);
    assert.equal((await call(s, 'GET', '/lock-cfg?object-lock')).status, 200, 'still enabled after re-enabling versioning');
  });

  it('PutObjectLockConfiguration sets and replaces the default retention (Days or Years)', async () => {
    const put = await call(s, 'PUT', '/lock-cfg?object-lock', withMd5(lockConfig(rule('GOVERNANCE', '<Days>3</Days>'))));
    assert.equal(put.status, 200, put.text);
    let got = await call(s, 'GET', '/lock-cfg?object-lock');
    assert.deepEqual([xmlValue(got.text, 'Mode'), xmlValue(got.text, 'Days'), xmlValue(got.text, 'Years')], ['GOVERNANCE', '3', undefined]);
    assert.equal((await call(s, 'PUT', '/lock-cfg?object-lock', withMd5(lockConfig(rule('COMPLIANCE', '<Years>1</Years>'))))).status, 200);
    got = await call(s, 'GET', '/lock-cfg?object-lock');
    assert.deepEqual([xmlValue(got.text, 'Mode'), xmlValue(got.text, 'Days'), xmlValue(got.text, 'Years')], ['COMPLIANCE', undefined, '1']);
    assert.equal((await call(s, 'PUT', '/lock-cfg?object-lock', withMd5(lockConfig()))).status, 200);
    assert.equal(xmlValue((await call(s, 'GET', '/lock-cfg?object-lock')).text, 'Rule'), undefined);
  });

  it('malformed configurations answer the AWS errors', async () => {
    const cases: Array<[string, number, string]> = [
      ['<ObjectLockConfiguration><ObjectLockEnabled>Disabled</ObjectLockEnabled></ObjectLockConfiguration>', 400, 'MalformedXML'],
      ['<ObjectLockConfiguration></ObjectLockConfiguration>', 400, 'MalformedXML'],
      [lockConfig(rule('FOREVER', '<Days>1</Days>')), 400, 'MalformedXML'],
      [lockConfig(rule('GOVERNANCE', '<Days>1</Days><Years>1</Years>')), 400, 'MalformedXML'],
      [lockConfig(rule('GOVERNANCE', '')), 400, 'MalformedXML'],
      [lockConfig('<Rule></Rule>'), 400, 'MalformedXML'],
      [lockConfig(rule('GOVERNANCE', '<Days>0</Days>')), 400, 'InvalidRetentionPeriod'],
      [lockConfig(rule('GOVERNANCE', '<Years>-1</Years>')), 400, 'InvalidRetentionPeriod'],
    ];
    for (const [doc, status, code] of cases) assertS3Error(await call(s, 'PUT', '/lock-cfg?object-lock', withMd5(doc)), status, code);
    const noMd5 = await call(s, 'PUT', '/lock-cfg?object-lock', { body: lockConfig() });
    assertS3Error(noMd5, 400, 'InvalidRequest');
  });

  it('an unversioned bucket can not get Object Lock (InvalidBucketState); a versioned one can', async () => {
    await createBucket(s, 'lock-later');
    assertS3Error(await call(s, 'GET', '/lock-later?object-lock'), 404, 'ObjectLockConfigurationNotFoundError');
    assertS3Error(await call(s, 'PUT', '/lock-later?object-lock', withMd5(lockConfig())), 409, 'InvalidBucketState');
    await createBucket(s, 'lock-later-v', 'Enabled');
    assert.equal((await call(s, 'PUT', '/lock-later-v?object-lock', withMd5(lockConfig(rule('GOVERNANCE', '<Days>1</Days>'))))).status, 200);
    assert.equal(xmlValue((await call(s, 'GET', '/lock-later-v?object-lock')).text, 'Mode'), 'GOVERNANCE');
    const v = await putLocked('/lock-later-v/obj', 'x', {});
    const head = await call(s, 'HEAD', `/lock-later-v/obj?versionId=${v}`);
    assert.equal(head.headers['x-amz-object-lock-mode'], 'GOVERNANCE');
  });
});

describe('object lock on objects', () => {
  before(async () => { await lockBucket('lock-obj'); await createBucket(s, 'plain-obj', 'Enabled'); });

  it('lock headers on PutObject: stored per version, sent back on GET and HEAD', async () => {
    const until = inSeconds(3600);
    const v = await putLocked('/lock-obj/a', 'aaa', {
      'x-amz-object-lock-mode': 'GOVERNANCE', 'x-amz-object-lock-retain-until-date': until.toISOString(), 'x-amz-object-lock-legal-hold': 'ON',
    });
    for (const method of ['GET', 'HEAD']) {
      const r = await call(s, method, `/lock-obj/a?versionId=${v}`);
      assert.equal(r.headers['x-amz-object-lock-mode'], 'GOVERNANCE', method);
      assert.equal(r.headers['x-amz-object-lock-retain-until-date'], until.toISOString(), method);
      assert.equal(r.headers['x-amz-object-lock-legal-hold'], 'ON', method);
    }
    const plain = await putLocked('/lock-obj/a', 'bbb', {});
    assert.equal((await call(s, 'HEAD', `/lock-obj/a?versionId=${plain}`)).headers['x-amz-object-lock-mode'], undefined);
  });

  it('PutObject lock header errors: no checksum, half a retention, bad mode/date/hold, bucket without Object Lock', async () => {
    const future = inSeconds(3600).toISOString();
    const full = { 'x-amz-object-lock-mode': 'GOVERNANCE', 'x-amz-object-lock-retain-until-date': future };
    assertS3Error(await call(s, 'PUT', '/lock-obj/e', { body: 'x', headers: full }), 400, 'InvalidRequest');
    assertS3Error(await call(s, 'PUT', '/lock-obj/e', withMd5('x', { 'x-amz-object-lock-mode': 'GOVERNANCE' })), 400, 'InvalidArgument');
    assertS3Error(await call(s, 'PUT', '/lock-obj/e', withMd5('x', { 'x-amz-object-lock-retain-until-date': future })), 400, 'InvalidArgument');
    assertS3Error(await call(s, 'PUT', '/lock-obj/e', withMd5('x', { ...full, 'x-amz-object-lock-mode': 'SOFT' })), 400, 'InvalidArgument');
    assertS3Error(await call(s, 'PUT', '/lock-obj/e', withMd5('x', { ...full, 'x-amz-object-lock-retain-until-date': '2001-01-01T00:00:00Z' })), 400, 'InvalidArgument');
    assertS3Error(await call(s, 'PUT', '/lock-obj/e', withMd5('x', { 'x-amz-object-lock-legal-hold': 'MAYBE' })), 400, 'InvalidArgument');
    assertS3Error(await call(s, 'PUT', '/plain-obj/e', withMd5('x', full)), 400, 'InvalidRequest');
    assertS3Error(await call(s, 'GET', '/lock-obj/e'), 404, 'NoSuchKey');
  });

  it('retention: read, extend; GOVERNANCE shortening needs the bypass; COMPLIANCE never shortens', async () => {
    const v = await putLocked('/lock-obj/r', 'r', { 'x-amz-object-lock-mode': 'GOVERNANCE', 'x-amz-object-lock-retain-until-date': inSeconds(600).toISOString() });
    const path = `/lock-obj/r?retention&versionId=${v}`;
    assert.equal(xmlValue((await call(s, 'GET', path)).text, 'Mode'), 'GOVERNANCE');
    const later = inSeconds(1200);
    assert.equal((await call(s, 'PUT', path, withMd5(retention('GOVERNANCE', later)))).status, 200);
    assert.equal(xmlValue((await call(s, 'GET', path)).text, 'RetainUntilDate'), later.toISOString());
    assertS3Error(await call(s, 'PUT', path, withMd5(retention('GOVERNANCE', inSeconds(300)))), 403, 'AccessDenied');
    assertS3Error(await call(s, 'PUT', path, withMd5('<Retention/>')), 403, 'AccessDenied');
    const bypass = { 'x-amz-bypass-governance-retention': 'true' };
    assert.equal((await call(s, 'PUT', path, withMd5(retention('COMPLIANCE', inSeconds(300)), bypass))).status, 200);
    assertS3Error(await call(s, 'PUT', path, withMd5(retention('COMPLIANCE', inSeconds(200)), bypass)), 403, 'AccessDenied');
    assertS3Error(await call(s, 'PUT', path, withMd5(retention('GOVERNANCE', inSeconds(900)), bypass)), 403, 'AccessDenied');
    assertS3Error(await call(s, 'PUT', path, withMd5(retention('COMPLIANCE', '2001-01-01T00:00:00Z'))), 400, 'InvalidArgument');
    assertS3Error(await call(s, 'PUT', path, withMd5('<Retention><Mode>LOOSE</Mode><RetainUntilDate>2099-01-01T00:00:00Z</RetainUntilDate></Retention>')), 400, 'MalformedXML');
    assertS3Error(await call(s, 'PUT', path, { body: retention('COMPLIANCE', inSeconds(900)) }), 400, 'InvalidRequest');
    const none = await putLocked('/lock-obj/none', 'n', {});
    assertS3Error(await call(s, 'GET', `/lock-obj/none?retention&versionId=${none}`), 404, 'NoSuchObjectLockConfiguration');
    assertS3Error(await call(s, 'GET', `/lock-obj/none?legal-hold&versionId=${none}`), 404, 'NoSuchObjectLockConfiguration');
    await putLocked('/plain-obj/p', 'p', {});
    assertS3Error(await call(s, 'GET', '/plain-obj/p?retention'), 400, 'InvalidRequest');
    assertS3Error(await call(s, 'PUT', '/plain-obj/p?legal-hold', withMd5('<LegalHold><Status>ON</Status></LegalHold>')), 400, 'InvalidRequest');
  });

  it('GOVERNANCE: DeleteObject and DeleteObjects of the version need x-amz-bypass-governance-retention', async () => {
    const v = await putLocked('/lock-obj/g', 'g', { 'x-amz-object-lock-mode': 'GOVERNANCE', 'x-amz-object-lock-retain-until-date': inSeconds(600).toISOString() });
    assertS3Error(await call(s, 'DELETE', `/lock-obj/g?versionId=${v}`), 403, 'AccessDenied');
    const doc = `<Delete><Object><Key>g</Key><VersionId>${v}</VersionId></Object></Delete>`;
    const refused = await call(s, 'POST', '/lock-obj?delete', withMd5(doc));
    assert.equal(refused.status, 200);
    assert.equal(xmlValue(refused.text, 'Code'), 'AccessDenied');
    const ok = await call(s, 'POST', '/lock-obj?delete', withMd5(doc, { 'x-amz-bypass-governance-retention': 'true' }));
    assert.deepEqual(xmlValues(ok.text, 'VersionId'), [v], ok.text);
    assert.equal(xmlValue(ok.text, 'Error'), undefined);
    assertS3Error(await call(s, 'GET', `/lock-obj/g?versionId=${v}`), 404, 'NoSuchVersion');
  });

  it('legal hold by versionId blocks the deletion even with the bypass; OFF lifts it', async () => {
    const v1 = await putLocked('/lock-obj/h', 'one', {});
    await putLocked('/lock-obj/h', 'two', {});
    const hold = (status: string): { body: string; headers: Record<string, string> } => withMd5(`<LegalHold><Status>${status}</Status></LegalHold>`);
    assert.equal((await call(s, 'PUT', `/lock-obj/h?legal-hold&versionId=${v1}`, hold('ON'))).status, 200);
    assert.equal(xmlValue((await call(s, 'GET', `/lock-obj/h?legal-hold&versionId=${v1}`)).text, 'Status'), 'ON');
    assert.equal((await call(s, 'GET', '/lock-obj/h?legal-hold')).status, 404, 'the latest version has no legal hold');
    assertS3Error(await call(s, 'DELETE', `/lock-obj/h?versionId=${v1}`, { headers: { 'x-amz-bypass-governance-retention': 'true' } }), 403, 'AccessDenied');
    assertS3Error(await call(s, 'PUT', `/lock-obj/h?legal-hold&versionId=${v1}`, hold('MAYBE')), 400, 'MalformedXML');
    assert.equal((await call(s, 'PUT', `/lock-obj/h?legal-hold&versionId=${v1}`, hold('OFF'))).status, 200);
    assert.equal((await call(s, 'DELETE', `/lock-obj/h?versionId=${v1}`)).status, 204);
  });

  it('default retention applies to PutObject, CopyObject and multipart uploads; explicit headers win', async () => {
    await lockBucket('lock-def');
    assert.equal((await call(s, 'PUT', '/lock-def?object-lock', withMd5(lockConfig(rule('COMPLIANCE', '<Days>1</Days>'))))).status, 200);
    const before = Date.now();
    const v = await putLocked('/lock-def/p', 'p', {});
    const head = await call(s, 'HEAD', `/lock-def/p?versionId=${v}`);
    assert.equal(head.headers['x-amz-object-lock-mode'], 'COMPLIANCE');
    const until = Date.parse(String(head.headers['x-amz-object-lock-retain-until-date']));
    assert.ok(until >= before + 86_400_000 && until <= Date.now() + 86_400_000, `retain-until ${until}`);
    assertS3Error(await call(s, 'PUT', '/lock-def/nomd5', { body: 'x' }), 400, 'InvalidRequest');
    const explicit = await putLocked('/lock-def/x', 'x', { 'x-amz-object-lock-mode': 'GOVERNANCE', 'x-amz-object-lock-retain-until-date': inSeconds(60).toISOString() });
    assert.equal((await call(s, 'HEAD', `/lock-def/x?versionId=${explicit}`)).headers['x-amz-object-lock-mode'], 'GOVERNANCE');
    const copy = await call(s, 'PUT', '/lock-def/copy', { headers: { 'x-amz-copy-source': '/lock-obj/none' } });
    assert.equal(copy.status, 200, copy.text);
    const copied = await call(s, 'HEAD', `/lock-def/copy?versionId=${String(copy.headers['x-amz-version-id'])}`);
    assert.equal(copied.headers['x-amz-object-lock-mode'], 'COMPLIANCE');
    const init = await call(s, 'POST', '/lock-def/mp?uploads');
    const uploadId = xmlValue(init.text, 'UploadId')!;
    const part = await call(s, 'PUT', `/lock-def/mp?partNumber=1&uploadId=${uploadId}`, withMd5('part'));
    const done = await call(s, 'POST', `/lock-def/mp?uploadId=${uploadId}`, {
      body: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${String(part.headers.etag)}</ETag></Part></CompleteMultipartUpload>`,
    });
    assert.equal(done.status, 200, done.text);
    assert.equal((await call(s, 'HEAD', '/lock-def/mp')).headers['x-amz-object-lock-mode'], 'COMPLIANCE');
  });
});
