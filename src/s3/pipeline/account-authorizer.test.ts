/**
 * The S3 authorizer's decision for every operation of operations.ts, for four callers, on a
 * bucket of account A with no policy and no ACL (issue #9: "no request ever gets more than its
 * policies allow"): A's root may do everything; B's root only what needs no resource of A
 * (ListBuckets, CreateBucket - whose handler then answers BucketAlreadyExists); an IAM user of
 * A without any policy nothing; an anonymous request nothing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OPERATIONS, type S3Operation } from '../operations.js';
import { authzHarness } from '../../../test/helpers/authz-fakes.js';
import { twoAccountDirectory } from '../../../test/helpers/memory-directory.js';

const A = '111111111111';
const CALLERS = { owner: 'AKIAROOTA', otherAccount: 'AKIAROOTB', userWithoutPolicy: 'AKIABOB', anonymous: '' } as const;
type Caller = keyof typeof CALLERS;

/** What B's root may do on A's bucket without any grant: only what is not about A's resources. */
const OTHER_ACCOUNT_MAY: ReadonlySet<S3Operation> = new Set(['ListBuckets', 'CreateBucket']);

function expected(caller: Caller, op: S3Operation): boolean {
  switch (caller) {
    case 'owner': return true;
    case 'otherAccount': return OTHER_ACCOUNT_MAY.has(op);
    default: return false;
  }
}

describe('authorization matrix: every S3 operation x {owner, other account, IAM user without policy, anonymous}', () => {
  const ops = Object.keys(OPERATIONS) as S3Operation[];
  for (const enforced of [true, false]) {
    it(`${enforced ? 'BucketOwnerEnforced' : 'ObjectWriter'} bucket, no policy, no ACL: ${ops.length} operations x 4 callers`, async () => {
      const h = authzHarness(twoAccountDirectory());
      h.store.addBucket('bucket-a', A, enforced ? { ownership: 'BucketOwnerEnforced' } : {});
      h.store.addObject('bucket-a', 'k');
      let checked = 0;
      for (const op of ops) {
        const meta = OPERATIONS[op];
        const bucket = meta.resource === 'service' ? undefined : 'bucket-a';
        const key = meta.resource === 'object' ? 'k' : undefined;
        for (const caller of Object.keys(CALLERS) as Caller[]) {
          const got = await h.allowed(CALLERS[caller], meta.action, bucket, key);
          assert.equal(got, expected(caller, op), `${op} (${meta.action}) by ${caller}`);
          checked++;
        }
      }
      assert.equal(checked, ops.length * 4);
    });
  }

  it('a bucket created before accounts existed (no recorded owner) belongs to the cluster account', async () => {
    const dir = twoAccountDirectory();
    dir.addAccount('000000000000', 'cluster', { accessKey: 'AKIACLUSTER', secretKey: 'cluster-secret' });
    const h = authzHarness(dir);
    h.store.addBucket('legacy', undefined);
    assert.equal(await h.allowed('AKIACLUSTER', 's3:GetObject', 'legacy', 'k'), true);
    assert.equal(await h.allowed('AKIAROOTA', 's3:GetObject', 'legacy', 'k'), false);
    assert.equal(await h.allowed('', 's3:GetObject', 'legacy', 'k'), false);
  });

  it('a bucket that does not exist: the caller\'s own side decides; anonymous goes on to NoSuchBucket (as AWS)', async () => {
    const h = authzHarness(twoAccountDirectory());
    assert.equal(await h.allowed('AKIAROOTA', 's3:GetObject', 'nowhere', 'k'), true);
    assert.equal(await h.allowed('AKIABOB', 's3:GetObject', 'nowhere', 'k'), false);
    assert.equal(await h.allowed('', 's3:ListBucket', 'nowhere'), true);
    assert.equal(await h.allowed('', 's3:CreateBucket', 'nowhere'), false);
  });

  it('an unknown or disabled access key is denied at once', async () => {
    const dir = twoAccountDirectory();
    const h = authzHarness(dir);
    h.store.addBucket('bucket-a', A);
    assert.equal(await h.allowed('AKIAROOTA', 's3:GetObject', 'bucket-a', 'k'), true);
    dir.setActive('AKIAROOTA', false);
    assert.equal(await h.allowed('AKIAROOTA', 's3:GetObject', 'bucket-a', 'k'), false);
    assert.equal(await h.allowed('AKIANOBODY', 's3:ListAllMyBuckets'), false);
  });
});
