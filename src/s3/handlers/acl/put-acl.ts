/**
 * PutBucketAcl / PutObjectAcl under Cairn's ACL model, which is AWS's "bucket owner enforced"
 * Object Ownership (the bucket owner owns everything, ACLs are disabled): AWS accepts only
 * requests that keep that state (the `private` or `bucket-owner-full-control` canned ACL) and
 * refuses every other ACL, grant header or AccessControlPolicy body with 400
 * AccessControlListNotSupported ("The bucket does not allow ACLs"). The bucket (and object
 * version) must exist first: NoSuchBucket / NoSuchKey / NoSuchVersion.
 */
import { S3Error } from '../../../errors/s3-error.js';
import type { Handler, S3Request } from '../handler.js';
import { readBodyCapped } from '../../xml/read-body.js';
import { nonEmptyHeader } from '../common/header-value.js';
import { requireBucket, requireObject, versionIdParam } from '../common/object-key.js';

const KEEPING_ACLS: ReadonlySet<string> = new Set(['private', 'bucket-owner-full-control']);
const GRANT_HEADERS = ['x-amz-grant-full-control', 'x-amz-grant-read', 'x-amz-grant-read-acp', 'x-amz-grant-write', 'x-amz-grant-write-acp'];
const BODY_CAP = 64 * 1024;

/** Throws unless the request only restates the owner-enforced ACL. */
async function requireOwnerOnlyAcl(req: S3Request): Promise<void> {
  const acl = nonEmptyHeader(req.headers, 'x-amz-acl');
  const hasGrant = GRANT_HEADERS.some((h) => nonEmptyHeader(req.headers, h) !== undefined);
  const body = await readBodyCapped(req.body, BODY_CAP);
  if (hasGrant || body.length > 0 || acl === undefined || !KEEPING_ACLS.has(acl)) {
    throw new S3Error('AccessControlListNotSupported');
  }
}

export const putBucketAcl: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  await ctx.objects.headBucket(bucket);
  await requireOwnerOnlyAcl(req);
  return { status: 200, headers: { 'content-length': '0' } };
};

export const putObjectAcl: Handler = async (req, ctx) => {
  const { bucket, key } = requireObject(req);
  const versionId = versionIdParam(req);
  const info = await ctx.objects.headObject(bucket, key, versionId !== undefined ? { versionId } : {});
  await requireOwnerOnlyAcl(req);
  const headers: Record<string, string> = { 'content-length': '0' };
  if (versionId !== undefined) headers['x-amz-version-id'] = info.versionId;
  return { status: 200, headers };
};
