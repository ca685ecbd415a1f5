/**
 * GetBucketPolicy: GET /bucket?policy -> the stored policy JSON (application/json), or 404
 * NoSuchBucketPolicy when the bucket has none.
 */
import { S3Error } from '../../../errors/s3-error.js';
import { POLICY_CONFIG } from '../common/bucket-policy.js';
import { callerContext } from '../common/op-context.js';
import type { Handler } from '../handler.js';
import { requireBucket } from './require-bucket.js';

export const getBucketPolicy: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const stored = await ctx.objects.getBucketConfig({ bucket, name: POLICY_CONFIG }, callerContext(req));
  if (stored === undefined) throw new S3Error('NoSuchBucketPolicy', { extra: { BucketName: bucket } });
  return { status: 200, headers: { 'content-type': 'application/json', 'content-length': stored.length }, body: stored };
};
