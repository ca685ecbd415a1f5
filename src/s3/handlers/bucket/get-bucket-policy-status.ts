/**
 * GetBucketPolicyStatus: GET /bucket?policyStatus ->
 * <PolicyStatus><IsPublic>true|false</IsPublic></PolicyStatus> computed from the stored policy
 * (iam/policy/policy-status.ts), or 404 NoSuchBucketPolicy when there is none.
 */
import { S3Error } from '../../../errors/s3-error.js';
import { isPublicPolicy } from '../../../iam/policy/index.js';
import { toXml } from '../../xml/build-xml.js';
import { compileBucketPolicy, POLICY_CONFIG } from '../common/bucket-policy.js';
import { callerContext } from '../common/op-context.js';
import type { Handler } from '../handler.js';
import { requireBucket } from './require-bucket.js';

export const getBucketPolicyStatus: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const stored = await ctx.objects.getBucketConfig({ bucket, name: POLICY_CONFIG }, callerContext(req));
  if (stored === undefined) throw new S3Error('NoSuchBucketPolicy', { extra: { BucketName: bucket } });
  const isPublic = isPublicPolicy(compileBucketPolicy(stored.toString('utf8'), bucket));
  const body = toXml('PolicyStatus', { IsPublic: isPublic ? 'true' : 'false' });
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
};
