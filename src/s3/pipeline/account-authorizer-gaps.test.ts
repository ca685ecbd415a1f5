/**
 * The S3 authorizer on two cases of issue #9 beyond the bucket level:
 * - Block Public Access at the account level (Amazon S3 User Guide, "Blocking public access to
 *   your Amazon S3 storage": the bucket's and the owner account's settings count together, the
 *   most restrictive combination wins);
 * - ObjectWriter ownership (S3 User Guide, "Controlling ownership of objects": an object another
 *   account uploads is owned by that account; the bucket owner reaches it only through its ACL,
 *   and "How Amazon S3 authorizes a request for an object operation": the bucket policy can only
 *   deny in the object context of an object the bucket owner does not own).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authzHarness } from '../../../test/helpers/authz-fakes.js';
import { canonicalIdOf, twoAccountDirectory } from '../../../test/helpers/memory-directory.js';
import { cannedAcl, encodeAcl } from '../handlers/common/acl-model.js';

const A = '111111111111';
const B = '222222222222';
const policy = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const NONE = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };

describe('account-level Block Public Access', () => {
  const publicRead = policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket-a/*' });

  it('RestrictPublicBuckets of the owner account blocks a public policy the bucket allows; another account\'s setting does not', async () => {
    const dir = twoAccountDirectory({ aliceBucket: 'alice-bucket' });
    const h = authzHarness(dir);
    h.store.addBucket('bucket-a', A, { policy: publicRead });
    h.store.addObject('bucket-a', 'x');
    assert.equal(await h.allowed('', 's3:GetObject', 'bucket-a', 'x'), true);
    dir.setAccountPublicAccessBlock(B, { ...NONE, RestrictPublicBuckets: true });
    assert.equal(await h.allowed('', 's3:GetObject', 'bucket-a', 'x'), true, 'B\'s account setting is not A\'s');
    dir.setAccountPublicAccessBlock(A, { ...NONE, RestrictPublicBuckets: true });
    assert.equal(await h.allowed('', 's3:GetObject', 'bucket-a', 'x'), false);
    assert.equal(await h.allowed('AKIAROOTB', 's3:GetObject', 'bucket-a', 'x'), false, 'cross-account through a public policy');
    assert.equal(await h.allowed('AKIAROOTA', 's3:GetObject', 'bucket-a', 'x'), true, 'the owner');
    dir.setAccountPublicAccessBlock(A, undefined);
    assert.equal(await h.allowed('', 's3:GetObject', 'bucket-a', 'x'), true);
  });

  it('IgnorePublicAcls of the owner account drops public grants, whatever the bucket says', async () => {
    const dir = twoAccountDirectory({ aliceBucket: 'alice-bucket' });
    const h = authzHarness(dir);
    h.store.addBucket('bucket-a', A, {
      ownership: 'ObjectWriter', acl: encodeAcl(cannedAcl('public-read', canonicalIdOf(A))), 'public-access-block': JSON.stringify(NONE),
    });
    assert.equal(await h.allowed('', 's3:ListBucket', 'bucket-a'), true);
    dir.setAccountPublicAccessBlock(A, { ...NONE, IgnorePublicAcls: true });
    assert.equal(await h.allowed('', 's3:ListBucket', 'bucket-a'), false);
  });
});

describe('ObjectWriter: objects another account owns', () => {
  function setup(ownership = 'ObjectWriter'): ReturnType<typeof authzHarness> {
    const dir = twoAccountDirectory({ aliceBucket: 'alice-bucket' });
    const h = authzHarness(dir);
    h.store.addBucket('bucket-a', A, {
      ownership,
      // Set by the first write of an object another account owns (object-acl.ts).
      'foreign-objects': '1',
      policy: policy(
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket-a/*' },
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: ['s3:PutObject', 's3:GetObject'], Resource: 'arn:aws:s3:::bucket-a/*' },
      ),
    });
    h.store.addObject('bucket-a', 'from-b', { 'x-cairn-acl': encodeAcl(cannedAcl('private', canonicalIdOf(B))) });
    h.store.addObject('bucket-a', 'from-a');
    return h;
  }

  it('the bucket owner gets nothing the object ACL does not grant; the writer has its object', async () => {
    const h = setup();
    assert.equal(await h.allowed('AKIAROOTA', 's3:GetObject', 'bucket-a', 'from-b'), false, 'bucket owner, even with a policy Allow');
    assert.equal(await h.allowed('AKIAROOTA', 's3:GetObjectAcl', 'bucket-a', 'from-b'), false);
    assert.equal(await h.allowed('AKIABOB', 's3:GetObject', 'bucket-a', 'from-b'), false, 'bucket owner\'s user');
    assert.equal(await h.allowed('AKIAROOTA', 's3:DeleteObject', 'bucket-a', 'from-b'), true, 'the bucket owner may still delete');
    assert.equal(await h.allowed('AKIAROOTA', 's3:GetObject', 'bucket-a', 'from-a'), true, 'its own objects unaffected');
    assert.equal(await h.allowed('AKIAROOTB', 's3:GetObject', 'bucket-a', 'from-b'), true, 'the writer (FULL_CONTROL)');
    assert.equal(await h.allowed('AKIAROOTB', 's3:PutObjectAcl', 'bucket-a', 'from-b'), true);
    assert.equal(await h.allowed('', 's3:GetObject', 'bucket-a', 'from-b'), false);
  });

  it('a grant of the writer reaches the bucket owner; bucket-owner-full-control too; a bucket policy Deny still binds the writer', async () => {
    const h = setup();
    const acl = cannedAcl('private', canonicalIdOf(B));
    h.store.addObject('bucket-a', 'from-b', { 'x-cairn-acl': encodeAcl({ ...acl, grants: [...acl.grants, { grantee: { type: 'CanonicalUser', id: canonicalIdOf(A) }, permission: 'READ' }] }) });
    assert.equal(await h.allowed('AKIAROOTA', 's3:GetObject', 'bucket-a', 'from-b'), true);
    assert.equal(await h.allowed('AKIAROOTA', 's3:GetObjectAcl', 'bucket-a', 'from-b'), false, 'READ is not READ_ACP');
    h.store.addObject('bucket-a', 'full', { 'x-cairn-acl': encodeAcl(cannedAcl('bucket-owner-full-control', canonicalIdOf(B), canonicalIdOf(A))) });
    assert.equal(await h.allowed('AKIAROOTA', 's3:GetObjectAcl', 'bucket-a', 'full'), true);
    h.store.setConfig('bucket-a', 'policy', policy({ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket-a/from-b' }));
    assert.equal(await h.allowed('AKIAROOTB', 's3:GetObject', 'bucket-a', 'from-b'), false, 'the bucket policy can deny');
  });

  it('a bucket without the foreign-objects mark is not read for ownership (no HeadObject per request)', async () => {
    const h = setup();
    h.store.setConfig('bucket-a', 'foreign-objects', undefined);
    assert.equal(await h.allowed('AKIAROOTA', 's3:GetObject', 'bucket-a', 'from-a'), true);
    assert.equal(h.store.headObjectCalls, 0);
  });

  it('BucketOwnerEnforced: the bucket owner owns everything (a stored writer ACL no longer counts)', async () => {
    const h = setup('BucketOwnerEnforced');
    assert.equal(await h.allowed('AKIAROOTA', 's3:GetObject', 'bucket-a', 'from-b'), true);
  });
});
