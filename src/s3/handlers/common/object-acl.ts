/**
 * The ACL a new object version gets (PutObject, CopyObject, CreateMultipartUpload, PostObject)
 * and who owns it (Amazon S3 User Guide, "Controlling ownership of objects"):
 * - BucketOwnerEnforced: ACLs are disabled; only `bucket-owner-full-control` or an equivalent
 *   ACL is accepted (`private` from the bucket owner, grants of FULL_CONTROL to the bucket
 *   owner), anything else is 400 AccessControlListNotSupported; nothing is stored (the bucket
 *   owner owns the object).
 * - BucketOwnerPreferred: the bucket owner owns the object when it is written with
 *   `bucket-owner-full-control`, the writer's account otherwise.
 * - ObjectWriter: the writer's account owns it.
 * The stored ACL is the request's (canned or grant headers) for that owner; without ACL headers
 * an object owned by another account than the bucket's gets `private` for its owner (so its
 * ownership is recorded), else nothing (owner FULL_CONTROL is implied). BlockPublicAcls refuses a
 * public one (403 AccessDenied). An object owned by another account marks the bucket
 * (FOREIGN_OBJECTS_CONFIG). The bucket's settings are read only when the request carries
 * ACL headers or comes from another account than the cluster account.
 */
import { CLUSTER_ACCOUNT_ID } from '../../../iam/caller.js';
import { S3Error } from '../../../errors/s3-error.js';
import type { HandlerContext, S3Request } from '../handler.js';
import { cannedAcl, decodeAcl, encodeAcl, isOwnerOnlyAcl, OBJECT_ACL_METADATA, type StoredAcl } from './acl-model.js';
import { aclFromHeaders, hasAclHeaders } from './acl-request.js';
import { decodeOwnership, effectiveOwnership, OWNERSHIP_CONFIG, type ObjectOwnership } from './ownership-controls.js';
import { bucketOwner, callerOwner, granteeResolver } from './owner.js';
import { bucketPublicAccessBlock, refusePublicAclIfBlocked } from './public-acl-guard.js';

/**
 * Bucket config document set (once, never removed) before the first object another account
 * than the bucket owner owns is written: the authorizer reads object ACLs for ownership only
 * in buckets that have it, so buckets without foreign objects pay no HeadObject per request.
 */
export const FOREIGN_OBJECTS_CONFIG = 'foreign-objects';

async function markForeignObjects(ctx: HandlerContext, bucket: string): Promise<void> {
  if (await ctx.objects.getBucketConfig({ bucket, name: FOREIGN_OBJECTS_CONFIG }) !== undefined) return;
  await ctx.objects.putBucketConfig({ bucket, name: FOREIGN_OBJECTS_CONFIG, value: Buffer.from('1', 'utf8') });
}

export interface BucketAclSettings {
  /** The bucket owner's canonical id. */
  readonly ownerCanonicalId: string;
  readonly ownership: ObjectOwnership;
}

export async function bucketAclSettings(req: S3Request, ctx: HandlerContext, bucket: string): Promise<BucketAclSettings> {
  const [info, ownershipDoc] = await Promise.all([
    ctx.objects.headBucket({ bucket }), ctx.objects.getBucketConfig({ bucket, name: OWNERSHIP_CONFIG }),
  ]);
  return { ownerCanonicalId: bucketOwner(req, ctx, info.owner).ID, ownership: effectiveOwnership(decodeOwnership(ownershipDoc)) };
}

function objectOwner(settings: BucketAclSettings, writer: string, cannedHeader: string | undefined): string {
  if (settings.ownership === 'ObjectWriter') return writer;
  if (settings.ownership === 'BucketOwnerPreferred' && cannedHeader !== 'bucket-owner-full-control') return writer;
  return settings.ownerCanonicalId;
}

/** bucket-owner-full-control or an equivalent form: only FULL_CONTROL grants, to the writer and the bucket owner, the bucket owner's among them. */
function givesBucketOwnerFullControl(acl: StoredAcl, bucketOwner: string, writer: string): boolean {
  return isOwnerOnlyAcl(acl, [bucketOwner, writer])
    && acl.grants.some((g) => g.grantee.type === 'CanonicalUser' && g.grantee.id === bucketOwner);
}

/** The ACL document to store with a new version, or undefined for none. */
export async function newObjectAcl(req: S3Request, ctx: HandlerContext, bucket: string, headers = req.headers): Promise<string | undefined> {
  const withHeaders = hasAclHeaders(headers);
  if (!withHeaders && (req.account === undefined || req.account.id === CLUSTER_ACCOUNT_ID)) return undefined;
  const settings = await bucketAclSettings(req, ctx, bucket);
  const writer = callerOwner(req).ID;
  const canned = typeof headers['x-amz-acl'] === 'string' ? headers['x-amz-acl'].trim() : undefined;
  if (settings.ownership === 'BucketOwnerEnforced') {
    // The ACL as the writer asks for it (canned ACLs expand for the writer): accepted only when it
    // is bucket-owner-full-control or an equivalent form, FULL_CONTROL for the bucket owner and
    // nothing for anyone else but the writer. `private` from another account than the bucket's
    // gives the bucket owner nothing, so it is refused as on AWS (ceph s3-tests
    // test_create_bucket_bucket_owner_enforced); from the bucket owner it is the same ACL.
    const requested = aclFromHeaders(headers, writer, settings.ownerCanonicalId, granteeResolver(req, ctx));
    if (requested !== undefined && !givesBucketOwnerFullControl(requested, settings.ownerCanonicalId, writer)) throw new S3Error('AccessControlListNotSupported');
    return undefined;
  }
  const owner = objectOwner(settings, writer, canned);
  const requested = aclFromHeaders(headers, owner, settings.ownerCanonicalId, granteeResolver(req, ctx));
  const acl: StoredAcl | undefined = requested ?? (owner !== settings.ownerCanonicalId ? cannedAcl('private', owner) : undefined);
  if (acl === undefined) return undefined;
  refusePublicAclIfBlocked(acl, await bucketPublicAccessBlock(ctx, bucket));
  if (owner !== settings.ownerCanonicalId) await markForeignObjects(ctx, bucket);
  return encodeAcl(acl);
}

/** System metadata of a new version with its ACL document (OBJECT_ACL_METADATA), if any. */
export function withObjectAcl(meta: Readonly<Record<string, string>>, acl: string | undefined): Readonly<Record<string, string>> {
  return acl === undefined ? meta : { ...meta, [OBJECT_ACL_METADATA]: acl };
}

/** The ACL of an object version: the stored one, or FULL_CONTROL for the bucket owner. */
export function objectAclOf(stored: string | undefined, bucketOwnerCanonicalId: string): StoredAcl {
  return decodeAcl(stored) ?? cannedAcl('private', bucketOwnerCanonicalId);
}
