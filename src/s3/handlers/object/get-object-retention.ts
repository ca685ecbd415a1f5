/**
 * GetObjectRetention: GET /bucket/key?retention[&versionId] -> <Retention> of the version
 * (the latest when no versionId). A bucket without Object Lock: 400 InvalidRequest; a version
 * without retention: 404 NoSuchObjectLockConfiguration (as AWS).
 */
import { S3Error } from '../../../errors/s3-error.js';
import { retentionXml } from '../../xml/shapes/object-lock.js';
import { requireObject, versionIdParam } from '../common/object-key.js';
import { requireObjectLockBucket } from '../common/object-lock-config.js';
import { callerContext } from '../common/op-context.js';
import type { Handler } from '../handler.js';

export const getObjectRetention: Handler = async (req, ctx) => {
  const { bucket, key } = requireObject(req);
  const versionId = versionIdParam(req);
  await requireObjectLockBucket(ctx.objects, bucket);
  const info = await ctx.objects.headObject({ bucket, key, ...(versionId !== undefined ? { versionId } : {}) }, callerContext(req));
  const retention = info.objectLock?.retention;
  if (retention === undefined) throw new S3Error('NoSuchObjectLockConfiguration');
  return { status: 200, headers: { 'content-type': 'application/xml' }, body: retentionXml(retention) };
};
