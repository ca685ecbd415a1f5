/**
 * PutBucketAcl / PutObjectAcl. The ACL comes from a canned ACL (`x-amz-acl`), grant headers
 * (`x-amz-grant-*`) or an AccessControlPolicy body (not a body together with headers:
 * UnexpectedContent). The bucket (and object version) must exist first: NoSuchBucket /
 * NoSuchKey / NoSuchVersion.
 * - Under BucketOwnerEnforced (ACLs disabled) AWS accepts only requests that keep that state
 *   (`bucket-owner-full-control`, `private` from the owner's account, or a body whose only grants give
 *   the owner FULL_CONTROL: "equivalent forms of this ACL expressed in the XML format", which
 *   s3cmd sends when it copies an object's ACL) and refuses every other ACL, grant header or
 *   body with 400 AccessControlListNotSupported; nothing is stored.
 * - Otherwise the ACL replaces the stored one: the bucket's `acl` document, the version's ACL
 *   (ObjectLayer.updateObjectAcl). A body must name the resource's owner. A public ACL is
 *   refused with AccessDenied while BlockPublicAcls is on.
 */
import { S3Error } from '../../../errors/s3-error.js';
import type { Handler, HandlerContext, S3Request } from '../handler.js';
import { childElement, childElements, childText, parseXml } from '../../xml/parse-xml.js';
import { readBodyCapped } from '../../xml/read-body.js';
import { ACL_CONFIG, encodeAcl, OBJECT_ACL_METADATA, type StoredAcl } from '../common/acl-model.js';
import { aclFromHeaders, aclFromXml, hasAclHeaders } from '../common/acl-request.js';
import { nonEmptyHeader } from '../common/header-value.js';
import { bucketAclSettings, objectAclOf } from '../common/object-acl.js';
import { callerContext } from '../common/op-context.js';
import { requireBucket, requireObject, versionIdParam } from '../common/object-key.js';
import { callerOwner, granteeResolver } from '../common/owner.js';
import { bucketPublicAccessBlock, refusePublicAclIfBlocked } from '../common/public-acl-guard.js';

const KEEPING_ACLS: ReadonlySet<string> = new Set(['private', 'bucket-owner-full-control']);
const GRANT_HEADERS = ['x-amz-grant-full-control', 'x-amz-grant-read', 'x-amz-grant-read-acp', 'x-amz-grant-write', 'x-amz-grant-write-acp'];
const BODY_CAP = 64 * 1024;

/** True when the AccessControlPolicy only grants FULL_CONTROL to the owner (by canonical ID). */
function isOwnerOnlyPolicy(body: Buffer, ownerId: string): boolean {
  const doc = parseXml(body, { maxBytes: BODY_CAP });
  if (doc.name !== 'AccessControlPolicy') throw new S3Error('MalformedACLError');
  const list = childElement(doc, 'AccessControlList');
  const grants = list === undefined ? [] : childElements(list, 'Grant');
  if (grants.length === 0) return false;
  return grants.every((g) => {
    const grantee = childElement(g, 'Grantee');
    return grantee !== undefined && childText(grantee, 'ID') === ownerId && childText(g, 'Permission') === 'FULL_CONTROL';
  });
}

/**
 * ACLs disabled: throws unless the request only restates the owner-enforced ACL. `private`
 * restates it only from the owner's account: from another account it would make that account
 * the grantee (ceph s3-tests test_create_bucket_bucket_owner_enforced, written against AWS).
 */
function requireOwnerOnlyAcl(req: S3Request, body: Buffer, ownerId: string): void {
  const acl = nonEmptyHeader(req.headers, 'x-amz-acl');
  const hasGrant = GRANT_HEADERS.some((h) => nonEmptyHeader(req.headers, h) !== undefined);
  if (hasGrant) throw new S3Error('AccessControlListNotSupported');
  if (body.length > 0) {
    if (acl !== undefined) throw new S3Error('UnexpectedContent', { message: 'This request does not support content' });
    if (!isOwnerOnlyPolicy(body, ownerId)) throw new S3Error('AccessControlListNotSupported');
    return;
  }
  if (acl === undefined || !KEEPING_ACLS.has(acl)) throw new S3Error('AccessControlListNotSupported');
  if (acl === 'private' && callerOwner(req).ID !== ownerId) throw new S3Error('AccessControlListNotSupported');
}

/** ACLs enabled: the requested ACL for a resource owned by `owner`. */
function requestedAcl(req: S3Request, ctx: HandlerContext, body: Buffer, owner: string, bucketOwner: string): StoredAcl {
  const resolver = granteeResolver(req, ctx);
  if (body.length > 0) {
    if (hasAclHeaders(req.headers)) throw new S3Error('UnexpectedContent', { message: 'This request does not support content' });
    return aclFromXml(body, owner, resolver);
  }
  const acl = aclFromHeaders(req.headers, owner, bucketOwner, resolver);
  if (acl === undefined) throw new S3Error('MissingSecurityHeader', { extra: { MissingHeaderName: 'x-amz-acl' } });
  return acl;
}

export const putBucketAcl: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const settings = await bucketAclSettings(req, ctx, bucket);
  const body = await readBodyCapped(req.body, BODY_CAP);
  if (settings.ownership === 'BucketOwnerEnforced') {
    requireOwnerOnlyAcl(req, body, settings.ownerCanonicalId);
  } else {
    const acl = requestedAcl(req, ctx, body, settings.ownerCanonicalId, settings.ownerCanonicalId);
    refusePublicAclIfBlocked(acl, await bucketPublicAccessBlock(ctx, bucket));
    await ctx.objects.putBucketConfig({ bucket, name: ACL_CONFIG, value: Buffer.from(encodeAcl(acl), 'utf8') }, callerContext(req));
  }
  return { status: 200, headers: { 'content-length': '0' } };
};

export const putObjectAcl: Handler = async (req, ctx) => {
  const { bucket, key } = requireObject(req);
  const versionId = versionIdParam(req);
  const address = { bucket, key, ...(versionId !== undefined ? { versionId } : {}) };
  const info = await ctx.objects.headObject(address, callerContext(req));
  const settings = await bucketAclSettings(req, ctx, bucket);
  const body = await readBodyCapped(req.body, BODY_CAP);
  if (settings.ownership === 'BucketOwnerEnforced') {
    requireOwnerOnlyAcl(req, body, settings.ownerCanonicalId);
  } else {
    const owner = objectAclOf(info.systemMetadata[OBJECT_ACL_METADATA], settings.ownerCanonicalId).owner;
    const acl = requestedAcl(req, ctx, body, owner, settings.ownerCanonicalId);
    refusePublicAclIfBlocked(acl, await bucketPublicAccessBlock(ctx, bucket));
    await ctx.objects.updateObjectAcl({ ...address, versionId: info.versionId, acl: encodeAcl(acl) }, callerContext(req));
  }
  const headers: Record<string, string> = { 'content-length': '0' };
  if (versionId !== undefined) headers['x-amz-version-id'] = info.versionId;
  return { status: 200, headers };
};
