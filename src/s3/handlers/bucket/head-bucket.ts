/** HeadBucket: HEAD /bucket → 200 with the bucket's region; 404 (no body) when missing. */
import type { Handler } from '../handler.js';
import { callerContext } from '../common/op-context.js';
import { requireBucket } from './require-bucket.js';

export const headBucket: Handler = async (req, ctx) => {
  const info = await ctx.objects.headBucket({ bucket: requireBucket(req) }, callerContext(req));
  return {
    status: 200,
    headers: { 'x-amz-bucket-region': info.region || ctx.region, 'x-amz-access-point-alias': 'false', 'content-length': 0 },
  };
};
