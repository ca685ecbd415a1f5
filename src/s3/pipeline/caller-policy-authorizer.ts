/**
 * Authorization of IAM users and STS sessions by their policies (AWS policy evaluation logic,
 * src/iam/policy), in front of BucketPolicyAuthorizer, which keeps deciding for the cluster root
 * and anonymous requests. A caller resolved through the CallerDirectory (its access key and,
 * for temporary credentials, its session token) is allowed when its identity policies (within
 * its boundary and session policies) or the bucket policy allow the request and nothing denies
 * it. A session of the cluster root (GetSessionToken) is the root.
 *
 * The bridge until the `s3-authz` authorizer (which consumes ResolvedCaller for every caller)
 * replaces both: only the cluster account exists here, so every bucket is that account's.
 */
import { CLUSTER_ACCOUNT_ID, type CallerDirectory, type ResolvedCaller } from '../../iam/caller.js';
import { createRequestContext, evaluatePolicies, type Decision } from '../../iam/policy/index.js';
import type { Authorizer, AuthzRequest } from './authorize.js';
import { resourceArn } from './bucket-policy-authorizer.js';
import type { BucketPolicyCache } from './bucket-policy-cache.js';

export interface CallerPolicyAuthorizerOptions {
  readonly callers: CallerDirectory;
  /** Decides for the cluster root and anonymous requests. */
  readonly fallback: Authorizer;
  readonly rootAccessKey: string;
  readonly policies: BucketPolicyCache;
  readonly now?: () => Date;
  readonly onDecision?: (req: AuthzRequest, decision: Decision) => void;
}

export class CallerPolicyAuthorizer implements Authorizer {
  readonly #opts: CallerPolicyAuthorizerOptions;
  readonly #now: () => Date;

  constructor(opts: CallerPolicyAuthorizerOptions) {
    this.#opts = opts;
    this.#now = opts.now ?? (() => new Date());
  }

  async isAllowed(req: AuthzRequest): Promise<boolean> {
    if (req.isAnonymous || req.accessKey === this.#opts.rootAccessKey) return this.#opts.fallback.isAllowed(req);
    let caller: ResolvedCaller | undefined;
    try {
      caller = this.#opts.callers.resolve(req.accessKey, req.sessionToken);
    } catch {
      return false;
    }
    if (caller === undefined) return false;
    if (caller.isClusterRoot) return this.#opts.fallback.isAllowed({ ...req, accessKey: this.#opts.rootAccessKey });
    const resource = req.bucket === undefined ? 'arn:aws:s3:::*' : resourceArn(req.bucket, req.key);
    const bucketPolicy = req.bucket === undefined ? undefined : await this.#opts.policies.get(req.bucket);
    const request = createRequestContext({
      action: req.action, resource, principal: caller.principal, resourceAccount: CLUSTER_ACCOUNT_ID, now: this.#now(),
      keys: req.conditionKeys?.() ?? {},
    });
    const decision = evaluatePolicies({
      request, identity: caller.identity,
      ...(bucketPolicy !== undefined ? { resource: bucketPolicy } : {}),
      ...(caller.boundary !== undefined ? { boundary: caller.boundary } : {}),
      ...(caller.session !== undefined ? { session: caller.session } : {}),
    });
    this.#opts.onDecision?.(req, decision);
    return decision.allowed;
  }
}
