/**
 * DeleteBucketCors: DELETE /bucket?cors removes the `cors` config document; 204 whether or
 * not one existed (AWS deletes idempotently), NoSuchBucket for a missing bucket.
 */
import { CORS_CONFIG } from '../../cors/cors-document.js';
import { callerContext } from '../common/op-context.js';
import type { Handler } from '../handler.js';
import { requireBucket } from './require-bucket.js';

export const deleteBucketCors: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const op = callerContext(req);
  await ctx.objects.headBucket({ bucket }, op);
  await ctx.objects.putBucketConfig({ bucket, name: CORS_CONFIG, value: undefined }, op);
  return { status: 204 };
};
