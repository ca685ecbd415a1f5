/**
 * GetObjectAcl: GET /bucket/key?acl[&versionId=] -> the version's ACL, after checking it exists
 * (NoSuchKey / NoSuchVersion otherwise): the bucket owner's FULL_CONTROL grant under
 * BucketOwnerEnforced or when the version has no ACL, else its stored grants.
 */
import { S3Error } from '../../../errors/s3-error.js';
import type { Handler } from '../handler.js';
import { OBJECT_ACL_METADATA } from '../common/acl-model.js';
import { versionIdParam } from '../common/object-key.js';
import { bucketAclSettings, objectAclOf } from '../common/object-acl.js';
import { callerContext } from '../common/op-context.js';
import { accessControlPolicyXml, displayNames } from './access-control-policy.js';

export const getObjectAcl: Handler = async (req, ctx) => {
  if (req.bucket === undefined || req.key === undefined) throw new S3Error('InvalidRequest', { message: 'A bucket and key are required.' });
  const versionId = versionIdParam(req);
  const info = await ctx.objects.headObject({ bucket: req.bucket, key: req.key, ...(versionId !== undefined ? { versionId } : {}) }, callerContext(req));
  const settings = await bucketAclSettings(req, ctx, req.bucket);
  const stored = settings.ownership === 'BucketOwnerEnforced' ? undefined : info.systemMetadata[OBJECT_ACL_METADATA];
  const headers: Record<string, string> = { 'content-type': 'application/xml' };
  if (versionId !== undefined) headers['x-amz-version-id'] = info.versionId;
  return { status: 200, headers, body: accessControlPolicyXml(objectAclOf(stored, settings.ownerCanonicalId), displayNames(req, ctx)) };
};
