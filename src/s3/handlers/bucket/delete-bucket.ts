/** DeleteBucket: DELETE /bucket → 204; BucketNotEmpty / NoSuchBucket come from the object layer. */
import type { Handler } from '../handler.js';
import { callerContext } from '../common/op-context.js';
import { requireBucket } from './require-bucket.js';

export const deleteBucket: Handler = async (req, ctx) => {
  await ctx.objects.deleteBucket({ bucket: requireBucket(req) }, callerContext(req));
  return { status: 204 };
};
