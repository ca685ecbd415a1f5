/**
 * GetObjectAcl: GET /bucket/key?acl[&versionId=] → the owner's FULL_CONTROL grant, after
 * checking the object (version) exists (NoSuchKey / NoSuchVersion otherwise).
 */
import { S3Error } from '../../../errors/s3-error.js';
import type { Handler } from '../handler.js';
import { versionIdParam } from '../common/object-key.js';
import { callerContext } from '../common/op-context.js';
import { ownerFullControlXml } from './access-control-policy.js';

export const getObjectAcl: Handler = async (req, ctx) => {
  if (req.bucket === undefined || req.key === undefined) throw new S3Error('InvalidRequest', { message: 'A bucket and key are required.' });
  const versionId = versionIdParam(req);
  const info = await ctx.objects.headObject({ bucket: req.bucket, key: req.key, ...(versionId !== undefined ? { versionId } : {}) }, callerContext(req));
  const headers: Record<string, string> = { 'content-type': 'application/xml' };
  if (versionId !== undefined) headers['x-amz-version-id'] = info.versionId;
  return { status: 200, headers, body: ownerFullControlXml(req.accessKey) };
};
