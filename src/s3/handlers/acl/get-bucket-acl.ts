/**
 * GetBucketAcl: GET /bucket?acl -> the bucket's ACL (NoSuchBucket when missing): the owner's
 * FULL_CONTROL grant under BucketOwnerEnforced or when no ACL was set, else the stored grants.
 */
import { S3Error } from '../../../errors/s3-error.js';
import type { Handler } from '../handler.js';
import { ACL_CONFIG, cannedAcl, decodeAcl } from '../common/acl-model.js';
import { bucketAclSettings } from '../common/object-acl.js';
import { accessControlPolicyXml, displayNames } from './access-control-policy.js';

export const getBucketAcl: Handler = async (req, ctx) => {
  if (req.bucket === undefined) throw new S3Error('InvalidRequest', { message: 'A bucket name is required.' });
  const bucket = req.bucket;
  const settings = await bucketAclSettings(req, ctx, bucket);
  const stored = settings.ownership === 'BucketOwnerEnforced' ? undefined : decodeAcl((await ctx.objects.getBucketConfig({ bucket, name: ACL_CONFIG }))?.toString('utf8'));
  const body = accessControlPolicyXml(stored ?? cannedAcl('private', settings.ownerCanonicalId), displayNames(req, ctx));
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
};
