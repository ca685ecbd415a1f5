/**
 * GetObjectTorrent: GET /bucket/key?torrent. Cairn serves no BitTorrent files (AWS does not in
 * Regions launched after 2016 either), but the object is looked up first, so a missing key or
 * version is 404 NoSuchKey / NoSuchVersion like any object request, and only an existing
 * object is 501 NotImplemented (ceph s3-tests test_get_object_torrent).
 */
import { S3Error } from '../../../errors/s3-error.js';
import type { Handler } from '../handler.js';
import { requireObject, versionIdParam } from '../common/object-key.js';
import { callerContext } from '../common/op-context.js';

export const getObjectTorrent: Handler = async (req, ctx) => {
  const { bucket, key } = requireObject(req);
  const versionId = versionIdParam(req);
  await ctx.objects.headObject({ bucket, key, ...(versionId !== undefined ? { versionId } : {}) }, callerContext(req));
  throw new S3Error('NotImplemented', { message: 'GetObjectTorrent is not implemented by this server.' });
};
