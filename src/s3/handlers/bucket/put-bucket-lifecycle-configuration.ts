/**
 * PutBucketLifecycleConfiguration: PUT /bucket?lifecycle with a <LifecycleConfiguration>.
 * Content-MD5 or an x-amz-checksum-* header is required and checked (as AWS requires); the
 * document is checked as AWS checks it (lifecycle-document.ts) and replaces the bucket's
 * configuration: stored as the `lifecycle` bucket config document in lifecycle/'s JSON form.
 */
import { S3Error } from '../../../errors/s3-error.js';
import { encodeLifecycleConfiguration, LIFECYCLE_CONFIG } from '../../../lifecycle/index.js';
import { parseXml } from '../../xml/parse-xml.js';
import { readDocument } from '../../xml/read-body.js';
import { verifyDocumentDigest } from '../common/document-digest.js';
import { callerContext } from '../common/op-context.js';
import type { Handler } from '../handler.js';
import { parseLifecycleDocument } from './lifecycle-document.js';
import { requireBucket } from './require-bucket.js';

export const putBucketLifecycleConfiguration: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const op = callerContext(req);
  await ctx.objects.headBucket({ bucket }, op);
  const raw = await readDocument(req);
  if (raw.length === 0) throw new S3Error('MalformedXML');
  verifyDocumentDigest(req.headers, raw);
  const config = parseLifecycleDocument(parseXml(raw, { maxBytes: raw.length }));
  await ctx.objects.putBucketConfig({ bucket, name: LIFECYCLE_CONFIG, value: encodeLifecycleConfiguration(config) }, op);
  ctx.lifecycle.configs.invalidate(bucket);
  return { status: 200, headers: { 'content-length': 0 } };
};
