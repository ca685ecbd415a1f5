/**
 * GetBucketCors: GET /bucket?cors -> the stored CORSConfiguration, or 404
 * NoSuchCORSConfiguration (with BucketName) when the bucket has none.
 */
import { S3Error } from '../../../errors/s3-error.js';
import { CORS_CONFIG, decodeCorsDocument } from '../../cors/cors-document.js';
import { corsConfigurationXml } from '../../xml/shapes/cors-configuration.js';
import { callerContext } from '../common/op-context.js';
import type { Handler } from '../handler.js';
import { requireBucket } from './require-bucket.js';

export const getBucketCors: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const op = callerContext(req);
  await ctx.objects.headBucket({ bucket }, op);
  const rules = decodeCorsDocument(await ctx.objects.getBucketConfig({ bucket, name: CORS_CONFIG }, op));
  if (rules === undefined) throw new S3Error('NoSuchCORSConfiguration', { extra: { BucketName: bucket } });
  return { status: 200, headers: { 'content-type': 'application/xml' }, body: corsConfigurationXml(rules) };
};
