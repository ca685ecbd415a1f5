/**
 * Conformance: Object Ownership controls, Public Access Block and ACLs over raw HTTP, with the
 * cluster root (AWS S3 API reference: Put/Get/DeleteBucketOwnershipControls,
 * Put/Get/DeletePublicAccessBlock, Put/GetBucketAcl, Put/GetObjectAcl). Anonymous requests are
 * judged by the ACLs and the policy, and Block Public Access stops them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type CairnServer } from '../helpers/server.js';
import { rawRequest, xmlValue, xmlValues, type RawResponse } from '../helpers/raw-http.js';
import { assertS3Error, call, putObject } from './conformance-client.js';

let s: CairnServer;
before(async () => { s = await startServer(); });
after(async () => { await s?.stop(); });

const anonymous = (method: string, path: string): Promise<RawResponse> => rawRequest({ port: s.port, method, path });
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const ownershipXml = (v: string): string => `<OwnershipControls><Rule><ObjectOwnership>${v}</ObjectOwnership></Rule></OwnershipControls>`;
const pabXml = (flags: Record<string, boolean>): string =>
  `<PublicAccessBlockConfiguration>${Object.entries(flags).map(([k, v]) => `<${k}>${v}</${k}>`).join('')}</PublicAccessBlockConfiguration>`;

describe('Object Ownership controls', () => {
  it('x-amz-object-ownership on CreateBucket; Put / Get / Delete; bad input is MalformedXML / InvalidArgument', async () => {
    assert.equal((await call(s, 'PUT', '/own-writer', { headers: { 'x-amz-object-ownership': 'ObjectWriter' } })).status, 200);
    assert.equal(xmlValue((await call(s, 'GET', '/own-writer?ownershipControls')).text, 'ObjectOwnership'), 'ObjectWriter');
    assertS3Error(await call(s, 'PUT', '/own-bad', { headers: { 'x-amz-object-ownership': 'Nobody' } }), 400, 'InvalidArgument');
    const put = await call(s, 'PUT', '/own-writer?ownershipControls', { body: ownershipXml('BucketOwnerPreferred') });
    assert.equal(put.status, 200, put.text);
    assert.equal(xmlValue((await call(s, 'GET', '/own-writer?ownershipControls')).text, 'ObjectOwnership'), 'BucketOwnerPreferred');
    assertS3Error(await call(s, 'PUT', '/own-writer?ownershipControls', { body: ownershipXml('Everyone') }), 400, 'MalformedXML');
    assertS3Error(await call(s, 'PUT', '/own-writer?ownershipControls', { body: '<OwnershipControls/>' }), 400, 'MalformedXML');
    assert.equal((await call(s, 'DELETE', '/own-writer?ownershipControls')).status, 204);
    assertS3Error(await call(s, 'GET', '/own-writer?ownershipControls'), 404, 'OwnershipControlsNotFoundError');
  });

  it('a public canned ACL on CreateBucket needs ACLs enabled (InvalidBucketAclWithObjectOwnership) and Block Public Access off', async () => {
    assertS3Error(await call(s, 'PUT', '/own-acl', { headers: { 'x-amz-acl': 'public-read' } }), 400, 'InvalidBucketAclWithObjectOwnership');
    // New buckets block public access (AWS since April 2023): a public ACL cannot come with the bucket.
    assertS3Error(await call(s, 'PUT', '/own-acl', { headers: { 'x-amz-acl': 'public-read', 'x-amz-object-ownership': 'ObjectWriter' } }),
      400, 'InvalidBucketAclWithBlockPublicAccessError');
    const made = await call(s, 'PUT', '/own-acl', { headers: { 'x-amz-object-ownership': 'ObjectWriter' } });
    assert.equal(made.status, 200, made.text);
    assert.equal((await call(s, 'DELETE', '/own-acl?publicAccessBlock')).status, 204);
    const ok = await call(s, 'PUT', '/own-acl?acl', { headers: { 'x-amz-acl': 'public-read' } });
    assert.equal(ok.status, 200, ok.text);
    const acl = await call(s, 'GET', '/own-acl?acl');
    assert.deepEqual(xmlValues(acl.text, 'Permission'), ['FULL_CONTROL', 'READ']);
    assert.equal(xmlValue(acl.text, 'URI'), ALL_USERS);
    // Back to BucketOwnerEnforced is refused while the ACL grants others.
    assertS3Error(await call(s, 'PUT', '/own-acl?ownershipControls', { body: ownershipXml('BucketOwnerEnforced') }), 400, 'InvalidBucketAclWithObjectOwnership');
  });
});

describe('ACLs where ownership allows them', () => {
  before(async () => {
    assert.equal((await call(s, 'PUT', '/acl-bucket', { headers: { 'x-amz-object-ownership': 'ObjectWriter' } })).status, 200);
    assert.equal((await call(s, 'DELETE', '/acl-bucket?publicAccessBlock')).status, 204);
    await putObject(s, '/acl-bucket/open.txt', 'open bytes', { 'x-amz-acl': 'public-read' });
    await putObject(s, '/acl-bucket/closed.txt', 'closed bytes');
  });

  it('PutObject with public-read: anonymous may GET that object only', async () => {
    const open = await anonymous('GET', '/acl-bucket/open.txt');
    assert.equal(open.status, 200, open.text);
    assert.equal(open.text, 'open bytes');
    assertS3Error(await anonymous('GET', '/acl-bucket/closed.txt'), 403, 'AccessDenied');
    assertS3Error(await anonymous('GET', '/acl-bucket'), 403, 'AccessDenied');
  });

  it('PutObjectAcl with grant headers and an XML body; GetObjectAcl reads them back', async () => {
    const put = await call(s, 'PUT', '/acl-bucket/closed.txt?acl', { headers: { 'x-amz-grant-read': `uri="${ALL_USERS}"` } });
    assert.equal(put.status, 200, put.text);
    assert.equal((await anonymous('GET', '/acl-bucket/closed.txt')).status, 200);
    const got = await call(s, 'GET', '/acl-bucket/closed.txt?acl');
    assert.deepEqual(xmlValues(got.text, 'Permission'), ['READ']);
    const owner = xmlValue(got.text, 'ID')!;
    const body = `<AccessControlPolicy><Owner><ID>${owner}</ID></Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>${owner}</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>`;
    assert.equal((await call(s, 'PUT', '/acl-bucket/closed.txt?acl', { body })).status, 200);
    assertS3Error(await anonymous('GET', '/acl-bucket/closed.txt'), 403, 'AccessDenied');
    assertS3Error(await call(s, 'PUT', '/acl-bucket/closed.txt?acl', { body: '<AccessControlPolicy><Owner><ID>x</ID></Owner></AccessControlPolicy>' }), 403, 'AccessDenied');
    assertS3Error(await call(s, 'PUT', '/acl-bucket/closed.txt?acl', { headers: { 'x-amz-grant-read': 'id="0000"' } }), 400, 'InvalidArgument');
    assertS3Error(await call(s, 'PUT', '/acl-bucket/closed.txt?acl', { headers: { 'x-amz-grant-read': 'emailAddress="nobody@example.com"' } }), 400, 'UnresolvableGrantByEmailAddress');
    assertS3Error(await call(s, 'PUT', '/acl-bucket/closed.txt?acl', { headers: { 'x-amz-acl': 'private', 'x-amz-grant-read': `uri="${ALL_USERS}"` } }), 400, 'InvalidRequest');
  });

  it('PutBucketAcl public-read lets anonymous list; a copy never inherits the source ACL', async () => {
    assert.equal((await call(s, 'PUT', '/acl-bucket?acl', { headers: { 'x-amz-acl': 'public-read' } })).status, 200);
    assert.equal((await anonymous('GET', '/acl-bucket?list-type=2')).status, 200);
    const copy = await call(s, 'PUT', '/acl-bucket/copy.txt', { headers: { 'x-amz-copy-source': '/acl-bucket/open.txt' } });
    assert.equal(copy.status, 200, copy.text);
    assertS3Error(await anonymous('GET', '/acl-bucket/copy.txt'), 403, 'AccessDenied');
  });

  it('Public Access Block: BlockPublicAcls refuses public ACLs, IgnorePublicAcls stops them', async () => {
    const put = await call(s, 'PUT', '/acl-bucket?publicAccessBlock', { body: pabXml({ BlockPublicAcls: true }) });
    assert.equal(put.status, 200, put.text);
    assertS3Error(await call(s, 'PUT', '/acl-bucket/open.txt?acl', { headers: { 'x-amz-acl': 'public-read-write' } }), 403, 'AccessDenied');
    assertS3Error(await call(s, 'PUT', '/acl-bucket/new.txt', { body: 'x', headers: { 'x-amz-acl': 'public-read' } }), 403, 'AccessDenied');
    assert.equal((await anonymous('GET', '/acl-bucket/open.txt')).status, 200, 'existing public ACLs still work');
    assert.equal((await call(s, 'PUT', '/acl-bucket?publicAccessBlock', { body: pabXml({ BlockPublicAcls: true, IgnorePublicAcls: true }) })).status, 200);
    const got = await call(s, 'GET', '/acl-bucket?publicAccessBlock');
    assert.equal(xmlValue(got.text, 'IgnorePublicAcls'), 'true');
    assert.equal(xmlValue(got.text, 'BlockPublicPolicy'), 'false');
    assertS3Error(await anonymous('GET', '/acl-bucket/open.txt'), 403, 'AccessDenied');
    assert.equal((await call(s, 'DELETE', '/acl-bucket?publicAccessBlock')).status, 204);
    assert.equal((await anonymous('GET', '/acl-bucket/open.txt')).status, 200);
    assertS3Error(await call(s, 'GET', '/acl-bucket?publicAccessBlock'), 404, 'NoSuchPublicAccessBlockConfiguration');
    assertS3Error(await call(s, 'PUT', '/acl-bucket?publicAccessBlock', { body: '<PublicAccessBlockConfiguration><BlockPublicAcls>maybe</BlockPublicAcls></PublicAccessBlockConfiguration>' }), 400, 'MalformedXML');
  });
});

describe('Public Access Block and bucket policies', () => {
  const publicPolicy = JSON.stringify({
    Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::pab-bucket/*' }],
  });

  it('BlockPublicPolicy refuses a public policy; RestrictPublicBuckets stops anonymous access through one', async () => {
    assert.equal((await call(s, 'PUT', '/pab-bucket')).status, 200);
    const fresh = await call(s, 'GET', '/pab-bucket?publicAccessBlock');
    assert.deepEqual(['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'].map((f) => xmlValue(fresh.text, f)),
      ['true', 'true', 'true', 'true'], 'a new bucket blocks public access');
    await putObject(s, '/pab-bucket/a.txt', 'a');
    assert.equal((await call(s, 'PUT', '/pab-bucket?publicAccessBlock', { body: pabXml({ BlockPublicPolicy: true }) })).status, 200);
    const blocked = await call(s, 'PUT', '/pab-bucket?policy', { body: publicPolicy });
    assertS3Error(blocked, 403, 'AccessDenied');
    assert.match(xmlValue(blocked.text, 'Message') ?? '', /because public policies are blocked by the BlockPublicPolicy block public access setting/);
    assert.equal((await call(s, 'PUT', '/pab-bucket?publicAccessBlock', { body: pabXml({ RestrictPublicBuckets: true }) })).status, 200);
    assert.equal((await call(s, 'PUT', '/pab-bucket?policy', { body: publicPolicy })).status, 204);
    assertS3Error(await anonymous('GET', '/pab-bucket/a.txt'), 403, 'AccessDenied');
    assert.equal((await call(s, 'DELETE', '/pab-bucket?publicAccessBlock')).status, 204);
    assert.equal((await anonymous('GET', '/pab-bucket/a.txt')).status, 200);
    assert.equal(xmlValue((await call(s, 'GET', '/pab-bucket?policyStatus')).text, 'IsPublic'), 'true');
  });
});
