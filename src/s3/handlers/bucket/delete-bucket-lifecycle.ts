/** DeleteBucketLifecycle: DELETE /bucket?lifecycle removes the configuration; 204 also when there was none (as AWS). */
import { LIFECYCLE_CONFIG } from '../../../lifecycle/index.js';
import { callerContext } from '../common/op-context.js';
import type { Handler } from '../handler.js';
import { requireBucket } from './require-bucket.js';

export const deleteBucketLifecycle: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const op = callerContext(req);
  await ctx.objects.headBucket({ bucket }, op);
  await ctx.objects.putBucketConfig({ bucket, name: LIFECYCLE_CONFIG, value: undefined }, op);
  ctx.lifecycle.configs.invalidate(bucket);
  return { status: 204 };
};
