/**
 * The S3 authorizer on the cases of issue #9 and the AWS documentation:
 * - "Example 2: Bucket owner granting cross-account bucket permissions" (S3 User Guide): a
 *   bucket policy names account B; B's root may, B's users only with their own Allow.
 * - "Policy evaluation logic": same-account identity Allow suffices, explicit Deny wins.
 * - "Blocking public access": RestrictPublicBuckets, IgnorePublicAcls.
 * - "Access control list (ACL) overview": grants to canonical ids and groups, only where
 *   Object Ownership lets ACLs work.
 * - "Amazon S3 condition key examples": s3:ExistingObjectTag/<key>, read lazily.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authzHarness, type AuthzHarness } from '../../../test/helpers/authz-fakes.js';
import { canonicalIdOf, twoAccountDirectory, type MemoryDirectory } from '../../../test/helpers/memory-directory.js';
import { cannedAcl, encodeAcl, type StoredAcl } from '../handlers/common/acl-model.js';

const A = '111111111111';
const B = '222222222222';
const policy = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const pab = (flags: Partial<Record<'BlockPublicAcls' | 'IgnorePublicAcls' | 'BlockPublicPolicy' | 'RestrictPublicBuckets', boolean>>): string => JSON.stringify(flags);

function setup(configs: Record<string, string> = {}): { h: AuthzHarness; dir: MemoryDirectory } {
  const dir = twoAccountDirectory({ aliceBucket: 'alice-bucket' });
  dir.addUser(B, 'dan', { accessKey: 'AKIADAN', secretKey: 'secret-dan' });
  const h = authzHarness(dir);
  h.store.addBucket('bucket-a', A, configs);
  h.store.addBucket('alice-bucket', A);
  h.store.addObject('bucket-a', 'public/x');
  h.store.addObject('bucket-a', 'private/x');
  return { h, dir };
}

describe('cross-account bucket policy (S3 User Guide, Example 2)', () => {
  const grantB = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket-a/public/*' });

  it('B may read under the prefix and nowhere else; its users only with their own Allow', async () => {
    const { h } = setup({ policy: grantB });
    assert.equal(await h.allowed('AKIAROOTB', 's3:GetObject', 'bucket-a', 'public/x'), true, 'B root, granted prefix');
    assert.equal(await h.allowed('AKIAROOTB', 's3:GetObject', 'bucket-a', 'private/x'), false, 'B root, other prefix');
    assert.equal(await h.allowed('AKIAROOTB', 's3:PutObject', 'bucket-a', 'public/x'), false, 'B root, other action');
    assert.equal(await h.allowed('AKIAROOTB', 's3:ListBucket', 'bucket-a'), false, 'B root, listing');
    assert.equal(await h.allowed('AKIACAROL', 's3:GetObject', 'bucket-a', 'public/x'), true, 'B user with s3:* identity policy');
    assert.equal(await h.allowed('AKIADAN', 's3:GetObject', 'bucket-a', 'public/x'), false, 'B user without policy');
    assert.equal(await h.allowed('AKIABOB', 's3:GetObject', 'bucket-a', 'public/x'), false, 'A user without policy: the grant names B');
    assert.equal(await h.allowed('', 's3:GetObject', 'bucket-a', 'public/x'), false, 'anonymous');
  });

  it('an identity Allow alone never reaches another account\'s bucket', async () => {
    const { h } = setup();
    assert.equal(await h.allowed('AKIACAROL', 's3:GetObject', 'bucket-a', 'public/x'), false);
    assert.equal(await h.allowed('AKIACAROL', 's3:ListAllMyBuckets'), true, 'its own ListBuckets');
  });
});

describe('same account (Policy evaluation logic)', () => {
  it('an IAM user allowed one bucket can do exactly that', async () => {
    const { h } = setup();
    for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) {
      assert.equal(await h.allowed('AKIAALICE', action, 'alice-bucket', 'k'), true, action);
      assert.equal(await h.allowed('AKIAALICE', action, 'bucket-a', 'public/x'), false, `${action} elsewhere`);
    }
    assert.equal(await h.allowed('AKIAALICE', 's3:ListBucket', 'alice-bucket'), true);
    assert.equal(await h.allowed('AKIAALICE', 's3:ListAllMyBuckets'), false, 'not granted');
    assert.equal(await h.allowed('AKIAALICE', 's3:CreateBucket', 'new-bucket'), false, 'not granted');
  });

  it('a bucket policy naming the user exactly allows it without an identity policy', async () => {
    const { h } = setup({ policy: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/bob` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket-a/*' }) });
    assert.equal(await h.allowed('AKIABOB', 's3:GetObject', 'bucket-a', 'private/x'), true);
    assert.equal(await h.allowed('AKIABOB', 's3:PutObject', 'bucket-a', 'private/x'), false);
  });

  it('an explicit Deny binds the owner\'s root, except for the bucket policy itself (lock-out protection)', async () => {
    const { h } = setup({ policy: policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::bucket-a', 'arn:aws:s3:::bucket-a/*'] }) });
    assert.equal(await h.allowed('AKIAROOTA', 's3:GetObject', 'bucket-a', 'public/x'), false);
    assert.equal(await h.allowed('AKIAROOTA', 's3:DeleteBucketPolicy', 'bucket-a'), true);
    assert.equal(await h.allowed('AKIAROOTA', 's3:PutBucketPolicy', 'bucket-a'), true);
    assert.equal(await h.allowed('AKIAALICE', 's3:DeleteBucketPolicy', 'bucket-a'), false);
  });
});

describe('Public Access Block', () => {
  const publicRead = policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket-a/*' });

  it('a public policy lets anonymous read; RestrictPublicBuckets keeps it to the owner\'s account', async () => {
    const { h } = setup({ policy: publicRead });
    assert.equal(await h.allowed('', 's3:GetObject', 'bucket-a', 'public/x'), true);
    assert.equal(await h.allowed('AKIADAN', 's3:GetObject', 'bucket-a', 'public/x'), false, 'B user: needs its own Allow');
    assert.equal(await h.allowed('AKIAROOTB', 's3:GetObject', 'bucket-a', 'public/x'), true, 'B root: public policy + implicit identity');
    h.store.setConfig('bucket-a', 'public-access-block', pab({ RestrictPublicBuckets: true }));
    assert.equal(await h.allowed('', 's3:GetObject', 'bucket-a', 'public/x'), false, 'anonymous blocked');
    assert.equal(await h.allowed('AKIAROOTB', 's3:GetObject', 'bucket-a', 'public/x'), false, 'cross-account blocked');
    assert.equal(await h.allowed('AKIABOB', 's3:GetObject', 'bucket-a', 'public/x'), true, 'same account still allowed by the policy');
  });

  it('RestrictPublicBuckets also blocks non-public delegations of a public policy, not of a non-public one', async () => {
    const grantB = { Effect: 'Allow', Principal: { AWS: B }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket-a/*' };
    const { h } = setup({ policy: policy(grantB), 'public-access-block': pab({ RestrictPublicBuckets: true }) });
    assert.equal(await h.allowed('AKIAROOTB', 's3:GetObject', 'bucket-a', 'public/x'), true, 'non-public policy unaffected');
    h.store.setConfig('bucket-a', 'policy', policy(grantB, { Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::bucket-a' }));
    assert.equal(await h.allowed('AKIAROOTB', 's3:GetObject', 'bucket-a', 'public/x'), false, 'the policy became public');
  });
});

describe('ACLs', () => {
  const objectWriter = { ownership: 'ObjectWriter' };
  const withGrants = (grants: StoredAcl['grants']): string => encodeAcl({ owner: canonicalIdOf(A), grants });

  it('a bucket READ grant to B lets B list, only where ownership allows ACLs', async () => {
    const acl = withGrants([{ grantee: { type: 'CanonicalUser', id: canonicalIdOf(B) }, permission: 'READ' }]);
    const { h } = setup({ ...objectWriter, acl });
    assert.equal(await h.allowed('AKIAROOTB', 's3:ListBucket', 'bucket-a'), true, 'B root');
    assert.equal(await h.allowed('AKIAROOTB', 's3:GetObject', 'bucket-a', 'public/x'), false, 'bucket READ is not object READ');
    assert.equal(await h.allowed('AKIACAROL', 's3:ListBucket', 'bucket-a'), true, 'B user with its own Allow');
    assert.equal(await h.allowed('AKIADAN', 's3:ListBucket', 'bucket-a'), false, 'B user without policy');
    h.store.setConfig('bucket-a', 'ownership', 'BucketOwnerEnforced');
    assert.equal(await h.allowed('AKIAROOTB', 's3:ListBucket', 'bucket-a'), false, 'ACLs disabled');
  });

  it('public-read-write: anonymous may list and write; IgnorePublicAcls turns that off', async () => {
    const { h } = setup({ ...objectWriter, acl: encodeAcl(cannedAcl('public-read-write', canonicalIdOf(A))) });
    assert.equal(await h.allowed('', 's3:ListBucket', 'bucket-a'), true);
    assert.equal(await h.allowed('', 's3:PutObject', 'bucket-a', 'new'), true);
    assert.equal(await h.allowed('', 's3:DeleteBucket', 'bucket-a'), false);
    h.store.setConfig('bucket-a', 'public-access-block', pab({ IgnorePublicAcls: true }));
    assert.equal(await h.allowed('', 's3:ListBucket', 'bucket-a'), false);
  });

  it('an object ACL grant (read lazily) lets B read that object, and only that one', async () => {
    const { h } = setup(objectWriter);
    const objAcl = withGrants([{ grantee: { type: 'CanonicalUser', id: canonicalIdOf(B) }, permission: 'READ' }]);
    h.store.addObject('bucket-a', 'shared', { 'x-cairn-acl': objAcl });
    assert.equal(await h.allowed('AKIAROOTB', 's3:GetObject', 'bucket-a', 'shared'), true);
    assert.equal(await h.allowed('AKIAROOTB', 's3:GetObject', 'bucket-a', 'private/x'), false);
    assert.equal(await h.allowed('AKIAROOTB', 's3:GetObjectAcl', 'bucket-a', 'shared'), false, 'READ is not READ_ACP');
    assert.equal(await h.allowed('AKIABOB', 's3:GetObject', 'bucket-a', 'shared'), false);
  });

  it('AuthenticatedUsers means any signed caller, not anonymous', async () => {
    const { h } = setup({ ...objectWriter, acl: encodeAcl(cannedAcl('authenticated-read', canonicalIdOf(A))) });
    assert.equal(await h.allowed('AKIABOB', 's3:ListBucket', 'bucket-a'), true, 'same-account user through the group');
    assert.equal(await h.allowed('', 's3:ListBucket', 'bucket-a'), false);
  });
});

describe('s3:ExistingObjectTag (S3 User Guide, "Tagging and access control policies")', () => {
  it('reads the object\'s tags only when a statement tests them', async () => {
    const { h } = setup();
    h.store.addObject('bucket-a', 'tagged', { 'x-amz-tagging': 'class=public&team=x' });
    assert.equal(await h.allowed('AKIAROOTA', 's3:GetObject', 'bucket-a', 'tagged'), true);
    assert.equal(h.store.headObjectCalls, 0, 'no policy: no object read');
    h.store.setConfig('bucket-a', 'policy', policy({
      Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket-a/*',
      Condition: { StringEquals: { 's3:ExistingObjectTag/class': 'public' } },
    }));
    assert.equal(await h.allowed('', 's3:GetObject', 'bucket-a', 'tagged'), true);
    assert.equal(await h.allowed('', 's3:GetObject', 'bucket-a', 'private/x'), false, 'untagged');
    assert.equal(await h.allowed('', 's3:GetObject', 'bucket-a', 'missing'), false, 'no such object');
    assert.equal(h.store.headObjectCalls, 3);
  });

  it('works in identity policies too', async () => {
    const dir = twoAccountDirectory();
    dir.addUser(A, 'erin', {
      accessKey: 'AKIAERIN', secretKey: 'secret-erin',
      policies: [policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 's3:ExistingObjectTag/team': 'x' } } })],
    });
    const h = authzHarness(dir);
    h.store.addBucket('bucket-a', A);
    h.store.addObject('bucket-a', 'tagged', { 'x-amz-tagging': 'team=x' });
    h.store.addObject('bucket-a', 'other', { 'x-amz-tagging': 'team=y' });
    assert.equal(await h.allowed('AKIAERIN', 's3:GetObject', 'bucket-a', 'tagged'), true);
    assert.equal(await h.allowed('AKIAERIN', 's3:GetObject', 'bucket-a', 'other'), false);
  });
});
