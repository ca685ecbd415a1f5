/**
 * GetBucketTagging: GET /bucket?tagging -> 200 <Tagging><TagSet>...</TagSet></Tagging>, or
 * 404 NoSuchTagSet "The TagSet does not exist" (BucketName given) when the bucket has none
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketTagging.html).
 */
import { S3Error } from '../../../errors/s3-error.js';
import { taggingXml } from '../../xml/shapes/tagging.js';
import { callerContext } from '../common/op-context.js';
import type { Handler } from '../handler.js';
import { BUCKET_TAGGING_CONFIG, decodeBucketTags } from './bucket-tags.js';
import { requireBucket } from './require-bucket.js';

export const getBucketTagging: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const doc = await ctx.objects.getBucketConfig({ bucket, name: BUCKET_TAGGING_CONFIG }, callerContext(req));
  if (doc === undefined) throw new S3Error('NoSuchTagSet', { extra: { BucketName: bucket } });
  return { status: 200, headers: { 'content-type': 'application/xml' }, body: taggingXml(decodeBucketTags(doc)) };
};
