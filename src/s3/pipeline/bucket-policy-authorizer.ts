/**
 * Authorization by bucket policy (policy engine: src/iam/policy). Until accounts exist, the
 * cluster root is the one account: it owns every bucket, its principal is the account root
 * `arn:aws:iam::000000000000:root` (CLUSTER_ACCOUNT_ID), and anonymous requests are the only
 * other principal.
 *
 * - No bucket in the request (ListBuckets): the root is allowed, anyone else is not.
 * - Anonymous requests are allowed exactly where the bucket's policy allows them (AWS:
 *   "Principal": "*"); without a policy they are denied.
 * - The root is allowed unless the bucket policy explicitly denies it: on AWS an account root
 *   is subject to its bucket policy's Deny statements. So that nobody can lock the cluster
 *   out of a bucket, the root may always Get/Put/Delete the bucket policy itself.
 * - Other access keys (none exist yet) are denied.
 *
 * The policy of a bucket comes from BucketPolicyCache (at most 1 s old across processes).
 */
import { createRequestContext, evaluatePolicies, type ContextValue, type Decision, type PrincipalInfo } from '../../iam/policy/index.js';
import type { Authorizer, AuthzRequest } from './authorize.js';
import type { BucketPolicyCache } from './bucket-policy-cache.js';

export const CLUSTER_ACCOUNT_ID = '000000000000';
const ROOT: PrincipalInfo = { type: 'Account', accountId: CLUSTER_ACCOUNT_ID, arn: `arn:aws:iam::${CLUSTER_ACCOUNT_ID}:root`, userId: CLUSTER_ACCOUNT_ID };
const ANONYMOUS: PrincipalInfo = { type: 'Anonymous' };
/** What the root may always do, whatever the policy says (lock-out protection). */
const ALWAYS_FOR_ROOT = new Set(['s3:GetBucketPolicy', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy']);

export interface BucketPolicyAuthorizerOptions {
  readonly rootAccessKey: string;
  readonly policies: BucketPolicyCache;
  readonly now?: () => Date;
  /** Called with every decision the policy made (denials included), for logging and audit. */
  readonly onDecision?: (req: AuthzRequest, decision: Decision) => void;
}

export function resourceArn(bucket: string, key: string | undefined): string {
  return key === undefined ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}`;
}

export class BucketPolicyAuthorizer implements Authorizer {
  readonly #opts: BucketPolicyAuthorizerOptions;
  readonly #now: () => Date;

  constructor(opts: BucketPolicyAuthorizerOptions) {
    this.#opts = opts;
    this.#now = opts.now ?? (() => new Date());
  }

  async isAllowed(req: AuthzRequest): Promise<boolean> {
    const isRoot = !req.isAnonymous && req.accessKey === this.#opts.rootAccessKey;
    if (!isRoot && !req.isAnonymous) return false;
    if (req.bucket === undefined) return isRoot;
    if (req.action === 's3:PutBucketPolicy' || req.action === 's3:DeleteBucketPolicy') this.#opts.policies.changing(req.bucket);
    if (isRoot && ALWAYS_FOR_ROOT.has(req.action)) return true;
    const policy = await this.#opts.policies.get(req.bucket);
    if (policy === undefined) return isRoot;
    const keys: Readonly<Record<string, ContextValue | undefined>> = req.conditionKeys?.() ?? {};
    const request = createRequestContext({
      action: req.action,
      resource: resourceArn(req.bucket, req.key),
      principal: isRoot ? ROOT : ANONYMOUS,
      resourceAccount: CLUSTER_ACCOUNT_ID,
      now: this.#now(),
      keys,
    });
    const decision = evaluatePolicies({ request, resource: policy });
    this.#opts.onDecision?.(req, decision);
    return decision.allowed;
  }
}
