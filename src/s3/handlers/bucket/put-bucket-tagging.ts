/**
 * PutBucketTagging: PUT /bucket?tagging with a Tagging document
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketTagging.html). Replaces the
 * whole tag set; Content-MD5 or an x-amz-checksum-* header is required and verified (AWS
 * marks the operation checksum-required). At most 50 tags and the common tag rules
 * (common/tag-rules.ts): InvalidTag. A TagSet with no Tag is accepted and stores an empty set
 * (GetBucketTagging then answers an empty TagSet, as AWS does). 200 with no body: the status
 * AWS's API reference gives (its sample shows a 204), what MinIO answers, and the only one
 * minio-js's setBucketTagging accepts (the AWS SDKs and minio-go take either).
 */
import { S3Error } from '../../../errors/s3-error.js';
import { parseXml } from '../../xml/parse-xml.js';
import { readDocument } from '../../xml/read-body.js';
import { parseTaggingDocument } from '../../xml/shapes/tagging.js';
import { verifyDocumentDigest } from '../common/document-digest.js';
import { callerContext } from '../common/op-context.js';
import { BUCKET_TAG_LIMITS, checkTagRules } from '../common/tag-rules.js';
import type { Handler } from '../handler.js';
import { BUCKET_TAGGING_CONFIG, encodeBucketTags } from './bucket-tags.js';
import { requireBucket } from './require-bucket.js';

export const putBucketTagging: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const op = callerContext(req);
  await ctx.objects.headBucket({ bucket }, op);
  const raw = await readDocument(req);
  if (raw.length === 0) throw new S3Error('MissingRequestBodyError');
  verifyDocumentDigest(req.headers, raw);
  const tags = checkTagRules(parseTaggingDocument(parseXml(raw, { maxBytes: raw.length })), BUCKET_TAG_LIMITS);
  await ctx.objects.putBucketConfig({ bucket, name: BUCKET_TAGGING_CONFIG, value: encodeBucketTags(tags) }, op);
  return { status: 200 };
};
