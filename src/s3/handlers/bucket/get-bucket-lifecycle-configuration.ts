/**
 * GetBucketLifecycleConfiguration: GET /bucket?lifecycle -> the stored rules as a
 * <LifecycleConfiguration>; 404 NoSuchLifecycleConfiguration (with BucketName) when the bucket
 * has none.
 */
import { S3Error } from '../../../errors/s3-error.js';
import { decodeLifecycleConfiguration, LIFECYCLE_CONFIG } from '../../../lifecycle/index.js';
import { callerContext } from '../common/op-context.js';
import type { Handler } from '../handler.js';
import { renderLifecycleConfiguration } from './lifecycle-render.js';
import { requireBucket } from './require-bucket.js';

export const getBucketLifecycleConfiguration: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const op = callerContext(req);
  await ctx.objects.headBucket({ bucket }, op);
  const doc = await ctx.objects.getBucketConfig({ bucket, name: LIFECYCLE_CONFIG }, op);
  if (doc === undefined) throw new S3Error('NoSuchLifecycleConfiguration', { extra: { BucketName: bucket } });
  const body = renderLifecycleConfiguration(decodeLifecycleConfiguration(doc));
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
};
