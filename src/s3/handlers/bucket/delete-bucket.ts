/** DeleteBucket: DELETE /bucket → 204; BucketNotEmpty / NoSuchBucket come from the object layer. */
import type { Handler } from '../handler.js';
import { requireBucket } from './require-bucket.js';

export const deleteBucket: Handler = async (req, ctx) => {
  await ctx.objects.deleteBucket(requireBucket(req));
  return { status: 204 };
};
