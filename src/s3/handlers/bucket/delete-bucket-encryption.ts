/** DeleteBucketEncryption: DELETE /bucket?encryption → 204; new writes are no longer encrypted by default. */
import { ENCRYPTION_CONFIG } from '../common/bucket-encryption.js';
import { callerContext } from '../common/op-context.js';
import type { Handler } from '../handler.js';
import { requireBucket } from './require-bucket.js';

export const deleteBucketEncryption: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const op = callerContext(req);
  await ctx.objects.headBucket({ bucket }, op);
  await ctx.objects.putBucketConfig({ bucket, name: ENCRYPTION_CONFIG, value: undefined }, op);
  ctx.encryptionConfigs.invalidate(bucket);
  return { status: 204 };
};
