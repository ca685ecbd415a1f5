/** GetBucketAcl: GET /bucket?acl → the owner's FULL_CONTROL grant (NoSuchBucket when missing). */
import { S3Error } from '../../../errors/s3-error.js';
import type { Handler } from '../handler.js';
import { callerContext } from '../common/op-context.js';
import { ownerFullControlXml } from './access-control-policy.js';

export const getBucketAcl: Handler = async (req, ctx) => {
  if (req.bucket === undefined) throw new S3Error('InvalidRequest', { message: 'A bucket name is required.' });
  await ctx.objects.headBucket({ bucket: req.bucket }, callerContext(req));
  return { status: 200, headers: { 'content-type': 'application/xml' }, body: ownerFullControlXml(req.accessKey) };
};
