/**
 * Conformance: bucket settings Cairn cannot configure answer as an AWS bucket that never had
 * them (what terraform, mc and the SDKs read): 404 with the AWS "not found" code for Get,
 * the AWS default document where one exists, 204 for Delete, NoSuchBucket for a missing bucket,
 * and 501 NotImplemented for the Put that would configure them (a Put of the default state is
 * accepted); the id-addressed configurations answer NoSuchConfiguration and empty lists.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, type CairnServer } from '../helpers/server.js';
import { xmlValue } from '../helpers/raw-http.js';
import { assertS3Error, call, createBucket } from './conformance-client.js';

let s: CairnServer;
before(async () => { s = await startServer(); await createBucket(s, 'subres'); });
after(async () => { await s?.stop(); });

describe('unconfigured bucket settings', () => {
  it('Get of a never-configured setting is 404 with the AWS code and BucketName', async () => {
    const cases: Array<[string, string]> = [
      ['policy', 'NoSuchBucketPolicy'], ['policyStatus', 'NoSuchBucketPolicy'], ['cors', 'NoSuchCORSConfiguration'],
      ['lifecycle', 'NoSuchLifecycleConfiguration'], ['website', 'NoSuchWebsiteConfiguration'],
      ['replication', 'ReplicationConfigurationNotFoundError'], ['object-lock', 'ObjectLockConfigurationNotFoundError'],
      ['encryption', 'ServerSideEncryptionConfigurationNotFoundError'],
    ];
    for (const [sub, code] of cases) {
      const r = await call(s, 'GET', `/subres?${sub}`);
      assertS3Error(r, 404, code, '/subres');
      assert.equal(xmlValue(r.text, 'BucketName'), 'subres', sub);
    }
  });
  it('a new bucket blocks public access (all four settings), as on AWS since April 2023', async () => {
    const r = await call(s, 'GET', '/subres?publicAccessBlock');
    assert.equal(r.status, 200, r.text);
    for (const f of ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets']) assert.equal(xmlValue(r.text, f), 'true', f);
    assert.equal((await call(s, 'DELETE', '/subres?publicAccessBlock')).status, 204);
    assertS3Error(await call(s, 'GET', '/subres?publicAccessBlock'), 404, 'NoSuchPublicAccessBlockConfiguration', '/subres');
  });
  it('a new bucket has the BucketOwnerEnforced Object Ownership, as on AWS since 2023', async () => {
    const r = await call(s, 'GET', '/subres?ownershipControls');
    assert.equal(r.status, 200, r.text);
    assert.equal(xmlValue(r.text, 'ObjectOwnership'), 'BucketOwnerEnforced');
  });
  it('settings with an AWS default answer it: logging off, no notifications, no acceleration, owner pays', async () => {
    const expect: Array<[string, RegExp]> = [
      ['logging', /<BucketLoggingStatus xmlns="http:\/\/s3\.amazonaws\.com\/doc\/2006-03-01\/"(\/>|><\/BucketLoggingStatus>)$/],
      ['notification', /<NotificationConfiguration xmlns="http:\/\/s3\.amazonaws\.com\/doc\/2006-03-01\/"(\/>|><\/NotificationConfiguration>)$/],
      ['accelerate', /<AccelerateConfiguration xmlns="http:\/\/s3\.amazonaws\.com\/doc\/2006-03-01\/"(\/>|><\/AccelerateConfiguration>)$/],
      ['requestPayment', /<RequestPaymentConfiguration xmlns="http:\/\/s3\.amazonaws\.com\/doc\/2006-03-01\/"><Payer>BucketOwner<\/Payer><\/RequestPaymentConfiguration>$/],
    ];
    for (const [sub, re] of expect) {
      const r = await call(s, 'GET', `/subres?${sub}`);
      assert.equal(r.status, 200, `${sub}: ${r.text}`);
      assert.match(r.text, re, sub);
    }
  });
  it('Delete of a never-configured setting is 204', async () => {
    for (const sub of ['policy', 'cors', 'lifecycle', 'website', 'replication', 'encryption', 'publicAccessBlock']) {
      const r = await call(s, 'DELETE', `/subres?${sub}`);
      assert.equal(r.status, 204, `${sub}: ${r.text}`);
    }
  });
  it('a missing bucket is 404 NoSuchBucket for all of them; the Put that would configure one is 501', async () => {
    for (const [method, sub] of [['GET', 'policy'], ['GET', 'logging'], ['DELETE', 'cors'], ['GET', 'analytics'], ['GET', 'metrics&id=m']] as const) {
      assertS3Error(await call(s, method, `/no-such-bucket?${sub}`), 404, 'NoSuchBucket');
    }
    const put = await call(s, 'PUT', '/subres?website', { body: '<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix></IndexDocument></WebsiteConfiguration>' });
    assertS3Error(put, 501, 'NotImplemented');
  });
});

describe('configurations addressed by id (analytics, inventory, metrics, intelligent-tiering)', () => {
  const families: Array<[string, string]> = [
    ['analytics', 'ListBucketAnalyticsConfigurationResult'], ['inventory', 'ListInventoryConfigurationsResult'],
    ['metrics', 'ListMetricsConfigurationsResult'], ['intelligent-tiering', 'ListBucketIntelligentTieringConfigurationsOutput'],
  ];
  it('Get and Delete of an id are 404 NoSuchConfiguration; an empty id is 400 InvalidArgument', async () => {
    for (const [sub] of families) {
      for (const method of ['GET', 'DELETE']) {
        assertS3Error(await call(s, method, `/subres?${sub}&id=report1`), 404, 'NoSuchConfiguration');
        assertS3Error(await call(s, method, `/subres?${sub}&id=`), 400, 'InvalidArgument');
      }
    }
  });
  it('List answers the empty result document of the family, IsTruncated false', async () => {
    for (const [sub, root] of families) {
      const r = await call(s, 'GET', `/subres?${sub}`);
      assert.equal(r.status, 200, `${sub}: ${r.text}`);
      assert.match(r.text, new RegExp(`<${root} xmlns="http://s3\\.amazonaws\\.com/doc/2006-03-01/"><IsTruncated>false</IsTruncated></${root}>$`), sub);
    }
  });
  it('Put of any of them is 501 NotImplemented and stores nothing', async () => {
    for (const [sub] of families) {
      assertS3Error(await call(s, 'PUT', `/subres?${sub}&id=report1`, { body: '<AnalyticsConfiguration><Id>report1</Id></AnalyticsConfiguration>' }), 501, 'NotImplemented');
      assertS3Error(await call(s, 'GET', `/subres?${sub}&id=report1`), 404, 'NoSuchConfiguration');
    }
  });
});

describe('Put of a setting to its default state (the only state Cairn has)', () => {
  const md5 = (body: string): Record<string, string> => ({ 'content-md5': createHash('md5').update(body).digest('base64') });
  it('logging off, notifications off, owner pays: 200, and the Get still answers the default', async () => {
    const cases: Array<[string, string, Record<string, string>]> = [
      ['logging', '<BucketLoggingStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>', md5('<BucketLoggingStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>')],
      ['notification', '<NotificationConfiguration/>', {}],
      ['requestPayment', '<RequestPaymentConfiguration><Payer>BucketOwner</Payer></RequestPaymentConfiguration>', md5('<RequestPaymentConfiguration><Payer>BucketOwner</Payer></RequestPaymentConfiguration>')],
    ];
    for (const [sub, body, headers] of cases) {
      const r = await call(s, 'PUT', `/subres?${sub}`, { body, headers });
      assert.equal(r.status, 200, `${sub}: ${r.text}`);
    }
    assert.match((await call(s, 'GET', '/subres?requestPayment')).text, /<Payer>BucketOwner<\/Payer>/);
  });
  it('turning a feature on is 501 NotImplemented; a missing Content-MD5 is 400 InvalidRequest; a bad Payer MalformedXML', async () => {
    const logging = '<BucketLoggingStatus><LoggingEnabled><TargetBucket>subres</TargetBucket><TargetPrefix>l/</TargetPrefix></LoggingEnabled></BucketLoggingStatus>';
    assertS3Error(await call(s, 'PUT', '/subres?logging', { body: logging, headers: md5(logging) }), 501, 'NotImplemented');
    const topic = '<NotificationConfiguration><TopicConfiguration><Topic>arn:aws:sns:us-east-1:1:t</Topic><Event>s3:ObjectCreated:*</Event></TopicConfiguration></NotificationConfiguration>';
    assertS3Error(await call(s, 'PUT', '/subres?notification', { body: topic }), 501, 'NotImplemented');
    const requester = '<RequestPaymentConfiguration><Payer>Requester</Payer></RequestPaymentConfiguration>';
    assertS3Error(await call(s, 'PUT', '/subres?requestPayment', { body: requester, headers: md5(requester) }), 501, 'NotImplemented');
    assertS3Error(await call(s, 'PUT', '/subres?requestPayment', { body: requester }), 400, 'InvalidRequest');
    const bad = '<RequestPaymentConfiguration><Payer>Nobody</Payer></RequestPaymentConfiguration>';
    assertS3Error(await call(s, 'PUT', '/subres?requestPayment', { body: bad, headers: md5(bad) }), 400, 'MalformedXML');
  });
});

describe('PutBucketAcl / PutObjectAcl (bucket owner enforced, as AWS with ACLs disabled)', () => {
  it('the private and bucket-owner-full-control canned ACLs are accepted; the ACL read back is the owner FULL_CONTROL grant', async () => {
    const put = await call(s, 'PUT', '/subres/obj', { body: 'x' });
    assert.equal(put.status, 200);
    for (const acl of ['private', 'bucket-owner-full-control']) {
      assert.equal((await call(s, 'PUT', '/subres?acl', { headers: { 'x-amz-acl': acl } })).status, 200, acl);
      assert.equal((await call(s, 'PUT', '/subres/obj?acl', { headers: { 'x-amz-acl': acl } })).status, 200, acl);
    }
    const got = await call(s, 'GET', '/subres/obj?acl');
    assert.equal(got.status, 200);
    assert.equal(xmlValue(got.text, 'Permission'), 'FULL_CONTROL');
    // The owner-only policy in XML form (what s3cmd sends back after a copy) is equivalent: accepted.
    const again = await call(s, 'PUT', '/subres/obj?acl', { body: got.text });
    assert.equal(again.status, 200, again.text);
    const other = got.text.replace(/<ID>[^<]*<\/ID><DisplayName>[^<]*<\/DisplayName><\/Grantee>/, '<ID>someone-else</ID></Grantee>');
    assertS3Error(await call(s, 'PUT', '/subres/obj?acl', { body: other }), 400, 'AccessControlListNotSupported');
  });
  it('any other ACL, a grant header, or a body granting anything but owner FULL_CONTROL is 400 AccessControlListNotSupported', async () => {
    assertS3Error(await call(s, 'PUT', '/subres?acl', { headers: { 'x-amz-acl': 'public-read' } }), 400, 'AccessControlListNotSupported');
    assertS3Error(await call(s, 'PUT', '/subres/obj?acl', { headers: { 'x-amz-grant-read': 'uri="http://acs.amazonaws.com/groups/global/AllUsers"' } }), 400, 'AccessControlListNotSupported');
    assertS3Error(await call(s, 'PUT', '/subres/obj?acl', { body: '<AccessControlPolicy/>' }), 400, 'AccessControlListNotSupported');
    assertS3Error(await call(s, 'PUT', '/subres/obj?acl'), 400, 'AccessControlListNotSupported');
  });
  it('a missing object or bucket is NoSuchKey / NoSuchBucket', async () => {
    assertS3Error(await call(s, 'PUT', '/subres/missing?acl', { headers: { 'x-amz-acl': 'private' } }), 404, 'NoSuchKey');
    assertS3Error(await call(s, 'PUT', '/no-such-bucket?acl', { headers: { 'x-amz-acl': 'private' } }), 404, 'NoSuchBucket');
  });
});
