/**
 * DeleteBucketTagging: DELETE /bucket?tagging -> 204, whether or not the bucket had tags
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketTagging.html).
 */
import { callerContext } from '../common/op-context.js';
import type { Handler } from '../handler.js';
import { BUCKET_TAGGING_CONFIG } from './bucket-tags.js';
import { requireBucket } from './require-bucket.js';

export const deleteBucketTagging: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  await ctx.objects.putBucketConfig({ bucket, name: BUCKET_TAGGING_CONFIG, value: undefined }, callerContext(req));
  return { status: 204 };
};
