/**
 * Conformance: the pre-2023 bucket defaults an operator can choose for new buckets
 * (CAIRN_DEFAULT_OBJECT_OWNERSHIP=ObjectWriter, CAIRN_DEFAULT_BUCKET_PUBLIC_ACCESS_BLOCK=off):
 * a CreateBucket without x-amz-object-ownership then has ACLs enabled and no Block Public
 * Access, so canned ACLs work as older clients and test suites (ceph s3-tests) expect. An
 * explicit x-amz-object-ownership still wins.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type CairnServer } from '../helpers/server.js';
import { rawRequest, xmlValue, xmlValues } from '../helpers/raw-http.js';
import { assertS3Error, call, putObject } from './conformance-client.js';

let s: CairnServer;
before(async () => {
  s = await startServer({ env: { CAIRN_DEFAULT_OBJECT_OWNERSHIP: 'ObjectWriter', CAIRN_DEFAULT_BUCKET_PUBLIC_ACCESS_BLOCK: 'off' } });
});
after(async () => { await s?.stop(); });

describe('CAIRN_DEFAULT_OBJECT_OWNERSHIP=ObjectWriter with Block Public Access off for new buckets', () => {
  it('CreateBucket with a public canned ACL works and the ACL is in force', async () => {
    const made = await call(s, 'PUT', '/old-defaults', { headers: { 'x-amz-acl': 'public-read' } });
    assert.equal(made.status, 200, made.text);
    assert.equal(xmlValue((await call(s, 'GET', '/old-defaults?ownershipControls')).text, 'ObjectOwnership'), 'ObjectWriter');
    assertS3Error(await call(s, 'GET', '/old-defaults?publicAccessBlock'), 404, 'NoSuchPublicAccessBlockConfiguration');
    assert.deepEqual(xmlValues((await call(s, 'GET', '/old-defaults?acl')).text, 'Permission'), ['FULL_CONTROL', 'READ']);
    assert.equal((await rawRequest({ port: s.port, method: 'GET', path: '/old-defaults' })).status, 200, 'anonymous may list');
    await putObject(s, '/old-defaults/open.txt', 'open', { 'x-amz-acl': 'public-read' });
    const anon = await rawRequest({ port: s.port, method: 'GET', path: '/old-defaults/open.txt' });
    assert.equal(anon.status, 200);
    assert.equal(anon.body.toString(), 'open');
  });

  it('a missing key is NoSuchKey only to a caller who may list the bucket (s3:ListBucket), else AccessDenied', async () => {
    // public-read bucket ACL: READ = s3:ListBucket for everyone.
    assert.equal((await call(s, 'PUT', '/old-listable', { headers: { 'x-amz-acl': 'public-read' } })).status, 200);
    const listable = await rawRequest({ port: s.port, method: 'GET', path: '/old-listable/no-such-key' });
    assert.equal(listable.status, 404);
    assert.equal(xmlValue(listable.body.toString(), 'Code'), 'NoSuchKey');
    assert.equal((await rawRequest({ port: s.port, method: 'HEAD', path: '/old-listable/no-such-key' })).status, 404);
    // A private bucket with one public-read object: anonymous may read that object, not probe keys.
    assert.equal((await call(s, 'PUT', '/old-unlistable')).status, 200);
    await putObject(s, '/old-unlistable/open.txt', 'open', { 'x-amz-acl': 'public-read' });
    assert.equal((await rawRequest({ port: s.port, method: 'GET', path: '/old-unlistable/open.txt' })).status, 200);
    const probe = await rawRequest({ port: s.port, method: 'GET', path: '/old-unlistable/no-such-key' });
    assert.equal(probe.status, 403);
    assert.equal(xmlValue(probe.body.toString(), 'Code'), 'AccessDenied');
    assert.equal((await rawRequest({ port: s.port, method: 'HEAD', path: '/old-unlistable/no-such-key' })).status, 403);
    // The owner may list: NoSuchKey.
    assertS3Error(await call(s, 'GET', '/old-unlistable/no-such-key'), 404, 'NoSuchKey');
  });

  it('an explicit x-amz-object-ownership still wins', async () => {
    assert.equal((await call(s, 'PUT', '/old-enforced', { headers: { 'x-amz-object-ownership': 'BucketOwnerEnforced' } })).status, 200);
    assert.equal(xmlValue((await call(s, 'GET', '/old-enforced?ownershipControls')).text, 'ObjectOwnership'), 'BucketOwnerEnforced');
    assertS3Error(await call(s, 'PUT', '/old-enforced?acl', { headers: { 'x-amz-acl': 'public-read' } }), 400, 'AccessControlListNotSupported');
  });
});
