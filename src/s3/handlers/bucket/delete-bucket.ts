/** DeleteBucket: DELETE /bucket → 204; BucketNotEmpty / NoSuchBucket come from the object layer. */
import type { Handler } from '../handler.js';
import { callerContext } from '../common/op-context.js';
import { requireBucket } from './require-bucket.js';

export const deleteBucket: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  await ctx.objects.deleteBucket({ bucket }, callerContext(req));
  ctx.encryptionConfigs.invalidate(bucket); // a bucket of that name made again starts without one
  return { status: 204 };
};
