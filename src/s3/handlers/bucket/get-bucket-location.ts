/**
 * GetBucketLocation: GET /bucket?location →
 * <LocationConstraint xmlns="...">region</LocationConstraint>, empty for us-east-1 as AWS answers.
 */
import { TEXT, toXml } from '../../xml/build-xml.js';
import type { Handler } from '../handler.js';
import { callerContext } from '../common/op-context.js';
import { requireBucket } from './require-bucket.js';

export const getBucketLocation: Handler = async (req, ctx) => {
  const info = await ctx.objects.headBucket({ bucket: requireBucket(req) }, callerContext(req));
  const region = info.region || ctx.region;
  const body = toXml('LocationConstraint', region === 'us-east-1' ? {} : { [TEXT]: region });
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
};
