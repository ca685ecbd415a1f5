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

  it('an explicit x-amz-object-ownership still wins', async () => {
    assert.equal((await call(s, 'PUT', '/old-enforced', { headers: { 'x-amz-object-ownership': 'BucketOwnerEnforced' } })).status, 200);
    assert.equal(xmlValue((await call(s, 'GET', '/old-enforced?ownershipControls')).text, 'ObjectOwnership'), 'BucketOwnerEnforced');
    assertS3Error(await call(s, 'PUT', '/old-enforced?acl', { headers: { 'x-amz-acl': 'public-read' } }), 400, 'AccessControlListNotSupported');
  });
});
