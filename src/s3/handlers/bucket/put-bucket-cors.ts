/**
 * PutBucketCors: PUT /bucket?cors with a CORSConfiguration document
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketCors.html). Content-MD5 (or
 * an x-amz-checksum-*) is required and verified, as AWS does; the rules are validated
 * (xml/shapes/cors-configuration.ts) and stored as the bucket config document `cors`.
 */
import { S3Error } from '../../../errors/s3-error.js';
import { CORS_CONFIG, encodeCorsDocument } from '../../cors/cors-document.js';
import { parseXml } from '../../xml/parse-xml.js';
import { readDocument } from '../../xml/read-body.js';
import { parseCorsConfiguration } from '../../xml/shapes/cors-configuration.js';
import { verifyDocumentDigest } from '../common/document-digest.js';
import { callerContext } from '../common/op-context.js';
import type { Handler } from '../handler.js';
import { requireBucket } from './require-bucket.js';

export const putBucketCors: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const op = callerContext(req);
  await ctx.objects.headBucket({ bucket }, op);
  const raw = await readDocument(req);
  if (raw.length === 0) throw new S3Error('MissingRequestBodyError');
  verifyDocumentDigest(req.headers, raw);
  const rules = parseCorsConfiguration(parseXml(raw));
  await ctx.objects.putBucketConfig({ bucket, name: CORS_CONFIG, value: encodeCorsDocument(rules) }, op);
  return { status: 200, headers: { 'content-length': 0 } };
};
