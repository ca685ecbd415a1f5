/**
 * S3 authorization with accounts (AWS IAM User Guide, "Policy evaluation logic" and
 * "Cross-account policy evaluation logic"; Amazon S3 User Guide, "How Amazon S3 authorizes a
 * request"). For each request:
 *
 * 1. The caller: anonymous, or the directory's ResolvedCaller for the access key (account,
 *    principal, identity policies, boundary, session policies). A signed request whose key the
 *    directory no longer knows is denied.
 * 2. No bucket (ListBuckets) and CreateBucket: the caller's own identity side decides (an
 *    account root may, an IAM user needs an identity Allow); anonymous never.
 * 3. Otherwise the bucket's state (BucketAuthzCache: owner, policy, ownership, Public Access
 *    Block, ACL). A bucket that does not exist is judged as one of the caller's account (the
 *    handler answers NoSuchBucket); an anonymous request goes on to that NoSuchBucket, as on
 *    AWS. x-amz-expected-bucket-owner naming another account is denied. `evaluatePolicies`
 *    runs with the identity policies, the boundary, the session policies and the bucket
 *    policy, `resourceAccount` = the owner: same account, an identity Allow or a policy Allow
 *    suffices; cross-account, both sides must allow; an explicit Deny wins. RestrictPublicBuckets drops a public policy for callers
 *    outside the owner's account. The Public Access Block in force is the bucket's OR the owner
 *    account's (S3 Control), flag by flag.
 * 4. Where Object Ownership lets ACLs work, an ACL grant (bucket ACL; object ACL for object
 *    reads and ACL operations, read lazily) counts as a resource-side Allow: a group grant
 *    (AllUsers, AuthenticatedUsers) is enough for anonymous and same-account callers; a grant
 *    to an account's canonical id reaches its root, and its IAM users only with their own
 *    identity Allow; cross-account the caller's own side must allow too.
 *    IgnorePublicAcls drops grants to AllUsers / AuthenticatedUsers.
 *    Under ObjectWriter (and BucketOwnerPreferred), an object another account wrote is that
 *    account's: the bucket policy can only deny on it, and only its object ACL allows - the
 *    bucket owner gets no access the ACL does not grant (AWS "object context").
 * 5. The owner's account root may always Get/Put/DeleteBucketPolicy (lock-out protection, as
 *    on AWS where the root user can always delete a bucket policy).
 *
 * Cost: without a policy and ACL the decision is a cache lookup and one evaluation of the
 * caller's identity policies (compiled, indexed); an object is read only when a policy tests
 * `s3:ExistingObjectTag/*` or an object ACL must be consulted.
 */
import type { CallerDirectory, ResolvedCaller } from '../../iam/caller.js';
import { createRequestContext, evaluatePolicies, type ContextValue, type Decision, type PrincipalInfo } from '../../iam/policy/index.js';
import type { ObjectLayer } from '../../object/object-layer.js';
import type { StoredAcl } from '../handlers/common/acl-model.js';
import { mergePublicAccessBlocks, type PublicAccessBlock } from '../handlers/common/public-access-block.js';
import { aclGrants, aclKindOf } from './acl-access.js';
import type { Authorizer, AuthzRequest } from './authorize.js';
import { NOT_HELD, type BucketAuthz, type BucketAuthzCache } from './bucket-authz-cache.js';
import { ANONYMOUS } from './caller-principal.js';
import { existingTagKeys, objectFactsReader, type ObjectFacts } from './object-facts.js';
import { testsExistingObjectTags } from './policy-needs.js';

/** What the owner's account root may always do, whatever the policy says. */
const ALWAYS_FOR_OWNER_ROOT = new Set(['s3:GetBucketPolicy', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy']);
/** Actions after which the bucket's authorization state is read afresh. */
const CHANGES_STATE = new Set([
  's3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutBucketAcl', 's3:PutBucketOwnershipControls', 's3:PutBucketPublicAccessBlock',
  's3:CreateBucket', 's3:DeleteBucket',
]);
/** Actions that write a new object version (its owner is the writer's account under ObjectWriter). */
const WRITES_OBJECTS = new Set(['s3:PutObject']);
const NO_KEYS: Readonly<Record<string, ContextValue | undefined>> = {};

export interface AccountAuthorizerOptions {
  readonly directory: CallerDirectory;
  readonly buckets: BucketAuthzCache;
  /** For the object facts (existing tags, object ACL) read on demand. */
  readonly objects: Pick<ObjectLayer, 'headObject'>;
  readonly now?: () => Date;
  /** Called with every decision the policy engine made (denials included), for logging and audit. */
  readonly onDecision?: (req: AuthzRequest, decision: Decision) => void;
}

export function resourceArn(bucket: string, key: string | undefined): string {
  return key === undefined ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}`;
}

export class AccountAuthorizer implements Authorizer {
  readonly #opts: AccountAuthorizerOptions;
  readonly #now: () => Date;
  /** Requests let through that change their bucket's authorization state, until settled. */
  readonly #changing = new WeakSet<AuthzRequest>();

  constructor(opts: AccountAuthorizerOptions) {
    this.#opts = opts;
    this.#now = opts.now ?? (() => new Date());
  }

  /** Synchronous when the bucket's state is held and the decision needs no object facts. */
  isAllowed(req: AuthzRequest): boolean | Promise<boolean> {
    const caller = req.isAnonymous ? undefined : req.caller ?? this.#opts.directory.resolve(req.accessKey);
    if (!req.isAnonymous && caller === undefined) return false;
    if (req.bucket === undefined) return caller !== undefined && this.#ownSide(req, caller, '*');
    if (CHANGES_STATE.has(req.action)) this.#beginChange(req);
    const arn = resourceArn(req.bucket, req.key);
    if (req.action === 's3:CreateBucket') return caller !== undefined && this.#ownSide(req, caller, arn);
    const held = this.#opts.buckets.peek(req.bucket);
    if (held !== NOT_HELD) return this.#withState(req, caller, held, arn);
    return this.#opts.buckets.get(req.bucket).then((state) => this.#withState(req, caller, state, arn));
  }

  #withState(req: AuthzRequest, caller: ResolvedCaller | undefined, state: BucketAuthz | undefined, arn: string): boolean | Promise<boolean> {
    // A bucket that does not exist: an anonymous request goes on to its NoSuchBucket (AWS
    // answers 404 to anyone for a bucket no one owns); a signed one is judged by its own side.
    if (state === undefined) return caller === undefined || this.#ownSide(req, caller, arn);
    // x-amz-expected-bucket-owner: a bucket of another account is AccessDenied, whoever asks.
    if (req.expectedBucketOwner !== undefined && req.expectedBucketOwner !== state.owner) return false;
    const isOwnerRoot = caller !== undefined && caller.principal.type === 'Account' && caller.account.id === state.owner;
    if (isOwnerRoot && ALWAYS_FOR_OWNER_ROOT.has(req.action)) return true;
    // The owner's root on a bucket without a policy and without objects of other accounts:
    // allowed, as #decide would find, without building its closures.
    if (isOwnerRoot && state.policy === undefined && !state.hasForeignObjects) return true;
    return this.#decide(req, caller, state, arn);
  }

  /** The caller's identity side alone, in its own account (no resource policy involved). */
  #ownSide(req: AuthzRequest, caller: ResolvedCaller, resource: string): boolean {
    // An account root has every permission in its own account and no policies of its own.
    if (caller.principal.type === 'Account') return true;
    const decision = this.#evaluate(req, caller, caller.principal, resource, caller.account.id, undefined, NO_KEYS);
    return decision.allowed;
  }

  #evaluate(
    req: AuthzRequest, caller: ResolvedCaller | undefined, principal: PrincipalInfo, resource: string, resourceAccount: string,
    policy: BucketAuthz['policy'], extraKeys: Readonly<Record<string, ContextValue | undefined>>,
  ): Decision {
    const base = req.conditionKeys?.() ?? NO_KEYS;
    const keys = extraKeys === NO_KEYS ? base : { ...base, ...extraKeys };
    const request = createRequestContext({ action: req.action, resource, principal, resourceAccount, now: this.#now(), keys });
    const decision = evaluatePolicies({
      request,
      ...(policy !== undefined ? { resource: policy } : {}),
      ...(caller !== undefined ? { identity: caller.identity } : {}),
      ...(caller?.boundary !== undefined ? { boundary: caller.boundary } : {}),
      ...(caller?.session !== undefined ? { session: caller.session } : {}),
    });
    this.#opts.onDecision?.(req, decision);
    return decision;
  }

  async #decide(req: AuthzRequest, caller: ResolvedCaller | undefined, state: BucketAuthz, arn: string): Promise<boolean> {
    // In force: the bucket's flags OR its owner account's (S3 Control), flag by flag.
    // Read only where a flag matters (not on the owner's fast path).
    const pab = (): PublicAccessBlock | undefined => mergePublicAccessBlocks(state.publicAccessBlock, this.#opts.directory.account(state.owner)?.publicAccessBlock);
    const sameAccount = caller !== undefined && caller.account.id === state.owner;
    const policy = state.policyIsPublic && !sameAccount && pab()?.RestrictPublicBuckets === true ? undefined : state.policy;
    const facts = req.key !== undefined ? objectFactsReader(this.#opts.objects, req.bucket!, req.key, req.versionId) : undefined;
    const needsTags = facts !== undefined && (testsExistingObjectTags(policy) || testsExistingObjectTags(caller?.identity)
      || testsExistingObjectTags(caller?.boundary) || testsExistingObjectTags(caller?.session));
    const extra = needsTags ? existingTagKeys((await facts()).tags) : NO_KEYS;
    const principal = caller?.principal ?? ANONYMOUS;
    if (state.hasForeignObjects && facts !== undefined && state.ownership !== 'BucketOwnerEnforced' && aclKindOf(req.action.toLowerCase()) === 'object') {
      const foreign = await this.#foreignObjectAcl(state, facts);
      if (foreign !== undefined) return this.#decideForeignObject({ req, caller, policy, acl: foreign, arn, extra, state, ignorePublicAcls: pab()?.IgnorePublicAcls === true });
    }
    // Fast path (no policy applies to an account root or an anonymous caller): the owner's
    // root is allowed, anyone else only by an ACL - no request context is built.
    const policyless = policy === undefined && (caller === undefined || caller.principal.type === 'Account');
    if (policyless && sameAccount) return true;
    if (!policyless) {
      const decision = this.#evaluate(req, caller, principal, arn, state.owner, policy, extra);
      if (decision.allowed) return this.#allowedWrite(req, sameAccount, state);
      if (decision.effect === 'ExplicitDeny') return false;
    }
    if (state.ownership === 'BucketOwnerEnforced') return false;
    // ACLs: a grant is a resource-side Allow.
    const actionLower = req.action.toLowerCase();
    const kind = aclKindOf(actionLower);
    if (kind === undefined) return false;
    const acl = kind === 'bucket' ? state.acl : facts === undefined ? undefined : (await facts()).acl;
    const match = aclGrants(acl, kind, actionLower, { canonicalUserId: caller?.account.canonicalUserId }, pab()?.IgnorePublicAcls === true);
    if (match === undefined) return false;
    if (caller === undefined) return this.#allowedWrite(req, sameAccount, state);
    const isRoot = caller.principal.type === 'Account';
    if (match === 'group' && sameAccount) return true;
    if (match === 'account' && isRoot) return this.#allowedWrite(req, sameAccount, state);
    // A grant to the account reaches its IAM users only through their own policies; a
    // cross-account caller needs its own side to allow (an account root implicitly does).
    if (sameAccount) return false;
    const allowed = isRoot || this.#evaluate(req, caller, principal, arn, caller.account.id, undefined, extra).allowed;
    return allowed && this.#allowedWrite(req, sameAccount, state);
  }

  /**
   * True; and when another account may write into an ACL-enabled bucket that has no foreign
   * object yet, its state is read afresh for a while: the write may mark it
   * (FOREIGN_OBJECTS_CONFIG), and this process must see that at once.
   */
  #allowedWrite(req: AuthzRequest, sameAccount: boolean, state: BucketAuthz): true {
    if (!sameAccount && !state.hasForeignObjects && state.ownership !== 'BucketOwnerEnforced' && WRITES_OBJECTS.has(req.action)) {
      this.#beginChange(req);
    }
    return true;
  }

  /** `req` may change its bucket's authorization state: the cache reads it afresh until `settled(req)`. */
  #beginChange(req: AuthzRequest): void {
    if (this.#changing.has(req)) return;
    this.#changing.add(req);
    this.#opts.buckets.changing(req.bucket!);
  }

  settled(req: AuthzRequest): void {
    if (!this.#changing.delete(req)) return;
    this.#opts.buckets.changed(req.bucket!);
  }

  /** The object's ACL when another account than the bucket owner owns the object (ObjectWriter / BucketOwnerPreferred). */
  async #foreignObjectAcl(state: BucketAuthz, facts: () => Promise<ObjectFacts>): Promise<StoredAcl | undefined> {
    const acl = (await facts()).acl;
    if (acl === undefined) return undefined;
    const ownerCanonical = this.#opts.directory.account(state.owner)?.canonicalUserId;
    return ownerCanonical !== undefined && acl.owner !== ownerCanonical ? acl : undefined;
  }

  /**
   * An object owned by another account than the bucket owner: the bucket policy can only deny
   * (AWS evaluates it in the bucket context; the object context is the object owner's ACL), so
   * only a grant of the object's ACL allows - the bucket owner included. An IAM user or role
   * session also needs its own identity Allow.
   */
  #decideForeignObject(c: ForeignObjectCase): boolean {
    const { req, caller, arn, extra } = c;
    const principal = caller?.principal ?? ANONYMOUS;
    if (c.policy !== undefined || (caller !== undefined && caller.principal.type !== 'Account')) {
      if (this.#evaluate(req, caller, principal, arn, c.state.owner, c.policy, extra).effect === 'ExplicitDeny') return false;
    }
    const match = aclGrants(c.acl, 'object', req.action.toLowerCase(), { canonicalUserId: caller?.account.canonicalUserId }, c.ignorePublicAcls);
    if (match === undefined) return false;
    if (caller === undefined || caller.principal.type === 'Account') return true;
    return this.#evaluate(req, caller, principal, arn, caller.account.id, undefined, extra).allowed;
  }
}

interface ForeignObjectCase {
  readonly req: AuthzRequest;
  readonly caller: ResolvedCaller | undefined;
  readonly policy: BucketAuthz['policy'];
  readonly acl: StoredAcl;
  readonly arn: string;
  readonly extra: Readonly<Record<string, ContextValue | undefined>>;
  readonly state: BucketAuthz;
  readonly ignorePublicAcls: boolean;
}
