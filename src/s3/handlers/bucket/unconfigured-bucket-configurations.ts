/**
 * The bucket configurations addressed by id (analytics, inventory, metrics,
 * intelligent-tiering): Cairn performs none of them, so a Put is 501 NotImplemented (in
 * index.ts) and no bucket ever holds one. Reading them therefore has an exact AWS answer:
 * - Get (or Delete) of an id: 404 NoSuchConfiguration "The specified configuration does not
 *   exist." (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html), as AWS
 *   answers for an id the bucket does not hold
 *   (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketAnalyticsConfiguration.html,
 *   ..._GetBucketInventoryConfiguration, _GetBucketMetricsConfiguration,
 *   _GetBucketIntelligentTieringConfiguration, and their Delete*).
 * - List: 200 with the family's empty result document, IsTruncated false
 *   (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBucketAnalyticsConfigurations.html
 *   and its siblings).
 * Every one answers NoSuchBucket first when the bucket does not exist; an empty or missing
 * id is 400 InvalidArgument as AWS refuses it.
 */
import { S3Error } from '../../../errors/s3-error.js';
import { toXml } from '../../xml/build-xml.js';
import { callerContext } from '../common/op-context.js';
import type { Handler } from '../handler.js';
import { requireBucket } from './require-bucket.js';

function requireId(query: URLSearchParams): void {
  const id = query.get('id');
  if (id === null || id === '') {
    throw new S3Error('InvalidArgument', { message: 'Configuration id is required.', extra: { ArgumentName: 'id', ArgumentValue: '' } });
  }
}

const noSuchConfiguration: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  await ctx.objects.headBucket({ bucket }, callerContext(req));
  requireId(req.query);
  throw new S3Error('NoSuchConfiguration');
};

function emptyList(root: string): Handler {
  const body = toXml(root, { IsTruncated: 'false' });
  return async (req, ctx) => {
    await ctx.objects.headBucket({ bucket: requireBucket(req) }, callerContext(req));
    return { status: 200, headers: { 'content-type': 'application/xml' }, body };
  };
}

export const getBucketAnalyticsConfiguration = noSuchConfiguration;
export const deleteBucketAnalyticsConfiguration = noSuchConfiguration;
export const listBucketAnalyticsConfigurations = emptyList('ListBucketAnalyticsConfigurationResult');
export const getBucketInventoryConfiguration = noSuchConfiguration;
export const deleteBucketInventoryConfiguration = noSuchConfiguration;
export const listBucketInventoryConfigurations = emptyList('ListInventoryConfigurationsResult');
export const getBucketMetricsConfiguration = noSuchConfiguration;
export const deleteBucketMetricsConfiguration = noSuchConfiguration;
export const listBucketMetricsConfigurations = emptyList('ListMetricsConfigurationsResult');
export const getBucketIntelligentTieringConfiguration = noSuchConfiguration;
export const deleteBucketIntelligentTieringConfiguration = noSuchConfiguration;
export const listBucketIntelligentTieringConfigurations = emptyList('ListBucketIntelligentTieringConfigurationsOutput');
