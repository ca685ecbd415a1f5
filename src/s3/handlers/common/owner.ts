/**
 * Owner elements (ListBuckets, ACLs, listings) with accounts: an account is shown by its
 * canonical user id and its name. Without a caller directory (a pipeline run with one root
 * key, in tests) the owner is derived from the access key as before accounts existed.
 */
import { CLUSTER_ACCOUNT_ID, type AccountInfo } from '../../../iam/caller.js';
import { ownerOf, type Owner } from '../../xml/shapes/owner.js';
import type { HandlerContext, S3Request } from '../handler.js';
import type { GranteeResolver } from './acl-request.js';

export function ownerOfAccount(account: AccountInfo): Owner {
  return { ID: account.canonicalUserId, DisplayName: account.name };
}

/** The caller's account as an Owner. */
export function callerOwner(req: S3Request): Owner {
  return req.account !== undefined ? ownerOfAccount(req.account) : ownerOf(req.accessKey);
}

/** The caller's account id (the cluster account for a pipeline without a directory). */
export function callerAccountId(req: S3Request): string {
  return req.account?.id ?? CLUSTER_ACCOUNT_ID;
}

/**
 * A bucket's owner (its account id; the cluster account when none is recorded) as an Owner:
 * also the Owner element of its listings, which every object of a BucketOwnerEnforced bucket has.
 */
export function bucketOwner(req: S3Request, ctx: HandlerContext, ownerId: string | undefined): Owner {
  const account = ctx.accounts?.account(ownerId ?? CLUSTER_ACCOUNT_ID);
  return account !== undefined ? ownerOfAccount(account) : callerOwner(req);
}

/** Grantee checks for ACLs written by this request (canonical ids and e-mails of accounts). */
export function granteeResolver(req: S3Request, ctx: HandlerContext): GranteeResolver {
  const own = callerOwner(req).ID;
  return {
    knowsCanonicalId: (id) => id === own || ctx.accounts?.accountByCanonicalId(id) !== undefined,
    canonicalIdOfEmail: (email) => ctx.accounts?.accountByEmail(email)?.canonicalUserId,
  };
}
