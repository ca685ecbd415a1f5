/**
 * PutBucketAcl / PutObjectAcl under Cairn's ACL model, which is AWS's "bucket owner enforced"
 * Object Ownership (the bucket owner owns everything, ACLs are disabled): AWS accepts only
 * requests that keep that state (the `private` or `bucket-owner-full-control` canned ACL, or
 * an AccessControlPolicy body whose only grants give the owner FULL_CONTROL: "equivalent forms
 * of this ACL expressed in the XML format", which s3cmd sends when it copies an object's ACL)
 * and refuses every other ACL, grant header or body with 400 AccessControlListNotSupported
 * ("The bucket does not allow ACLs"). The bucket (and object version) must exist first:
 * NoSuchBucket / NoSuchKey / NoSuchVersion.
 */
import { S3Error } from '../../../errors/s3-error.js';
import type { Handler, S3Request } from '../handler.js';
import { childElement, childElements, childText, parseXml } from '../../xml/parse-xml.js';
import { readBodyCapped } from '../../xml/read-body.js';
import { ownerOf } from '../../xml/shapes/owner.js';
import { nonEmptyHeader } from '../common/header-value.js';
import { callerContext } from '../common/op-context.js';
import { requireBucket, requireObject, versionIdParam } from '../common/object-key.js';

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

/** Throws unless the request only restates the owner-enforced ACL. */
async function requireOwnerOnlyAcl(req: S3Request): Promise<void> {
  const acl = nonEmptyHeader(req.headers, 'x-amz-acl');
  const hasGrant = GRANT_HEADERS.some((h) => nonEmptyHeader(req.headers, h) !== undefined);
  const body = await readBodyCapped(req.body, BODY_CAP);
  if (hasGrant) throw new S3Error('AccessControlListNotSupported');
  if (body.length > 0) {
    if (acl !== undefined) {
      throw new S3Error('UnexpectedContent', { message: 'This request does not support content' });
    }
    if (!isOwnerOnlyPolicy(body, ownerOf(req.accessKey).ID)) throw new S3Error('AccessControlListNotSupported');
    return;
  }
  if (acl === undefined || !KEEPING_ACLS.has(acl)) throw new S3Error('AccessControlListNotSupported');
}

export const putBucketAcl: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  await ctx.objects.headBucket({ bucket }, callerContext(req));
  await requireOwnerOnlyAcl(req);
  return { status: 200, headers: { 'content-length': '0' } };
};

export const putObjectAcl: Handler = async (req, ctx) => {
  const { bucket, key } = requireObject(req);
  const versionId = versionIdParam(req);
  const info = await ctx.objects.headObject({ bucket, key, ...(versionId !== undefined ? { versionId } : {}) }, callerContext(req));
  await requireOwnerOnlyAcl(req);
  const headers: Record<string, string> = { 'content-length': '0' };
  if (versionId !== undefined) headers['x-amz-version-id'] = info.versionId;
  return { status: 200, headers };
};
