/**
 * DeleteBucketPolicy: DELETE /bucket?policy -> 204, also when the bucket has no policy (AWS
 * answers 204 either way); NoSuchBucket when the bucket does not exist.
 */
import { POLICY_CONFIG } from '../common/bucket-policy.js';
import { callerContext } from '../common/op-context.js';
import type { Handler } from '../handler.js';
import { requireBucket } from './require-bucket.js';

export const deleteBucketPolicy: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  await ctx.objects.putBucketConfig({ bucket, name: POLICY_CONFIG, value: undefined }, callerContext(req));
  return { status: 204 };
};
