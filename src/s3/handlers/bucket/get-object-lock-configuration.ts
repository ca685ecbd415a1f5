/**
 * GetObjectLockConfiguration: GET /bucket?object-lock -> <ObjectLockConfiguration> with
 * ObjectLockEnabled and the default retention Rule, if any; a bucket without Object Lock
 * answers 404 ObjectLockConfigurationNotFoundError (as AWS).
 */
import { S3Error } from '../../../errors/s3-error.js';
import { objectLockConfigurationXml } from '../../xml/shapes/object-lock.js';
import { decodeLockConfig, OBJECT_LOCK_CONFIG } from '../common/object-lock-config.js';
import { callerContext } from '../common/op-context.js';
import { readBucketVersioning } from '../common/versioning.js';
import type { Handler } from '../handler.js';
import { requireBucket } from './require-bucket.js';

export const getObjectLockConfiguration: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const op = callerContext(req);
  const versioning = await readBucketVersioning(ctx.objects, bucket);
  if (!versioning.objectLockEnabled) throw new S3Error('ObjectLockConfigurationNotFoundError', { extra: { BucketName: bucket } });
  const config = decodeLockConfig(await ctx.objects.getBucketConfig({ bucket, name: OBJECT_LOCK_CONFIG }, op));
  return { status: 200, headers: { 'content-type': 'application/xml' }, body: objectLockConfigurationXml(config.rule) };
};
