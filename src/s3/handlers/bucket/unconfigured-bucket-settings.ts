/**
 * Bucket sub-resources Cairn cannot configure (their Put* is 501 NotImplemented), so every
 * bucket is in AWS's "never configured" state for them. Reading or deleting them therefore has
 * an exact, truthful AWS answer, which SDK-based tools (terraform, mc stat, rclone, the AWS
 * console) expect instead of a 501:
 * - Get of a configuration that does not exist: 404 with the AWS code
 *   (NoSuchCORSConfiguration, NoSuchWebsiteConfiguration, ...), BucketName given.
 * - Get of a setting with a default: logging disabled (<BucketLoggingStatus/>), no notification
 *   (<NotificationConfiguration/>), acceleration never set (<AccelerateConfiguration/>), the
 *   bucket owner pays (<Payer>BucketOwner</Payer>).
 * - Delete of a configuration that does not exist: 204, as AWS answers (deleting is idempotent).
 * Every one answers NoSuchBucket first when the bucket does not exist.
 */
import { S3Error } from '../../../errors/s3-error.js';
import type { S3ErrorCode } from '../../../errors/s3-codes.js';
import { toXml, type XmlObject } from '../../xml/build-xml.js';
import type { Handler } from '../handler.js';
import { requireBucket } from './require-bucket.js';

function missingConfig(code: S3ErrorCode): Handler {
  return async (req, ctx) => {
    const bucket = requireBucket(req);
    await ctx.objects.headBucket({ bucket });
    throw new S3Error(code, { extra: { BucketName: bucket } });
  };
}

function defaultConfig(root: string, content: XmlObject): Handler {
  const body = toXml(root, content);
  return async (req, ctx) => {
    await ctx.objects.headBucket({ bucket: requireBucket(req) });
    return { status: 200, headers: { 'content-type': 'application/xml' }, body };
  };
}

const deleteAbsentConfig: Handler = async (req, ctx) => {
  await ctx.objects.headBucket({ bucket: requireBucket(req) });
  return { status: 204 };
};

export const getBucketWebsite = missingConfig('NoSuchWebsiteConfiguration');
export const getBucketReplication = missingConfig('ReplicationConfigurationNotFoundError');

export const getBucketLogging = defaultConfig('BucketLoggingStatus', {});
export const getBucketNotificationConfiguration = defaultConfig('NotificationConfiguration', {});
export const getBucketAccelerateConfiguration = defaultConfig('AccelerateConfiguration', {});
export const getBucketRequestPayment = defaultConfig('RequestPaymentConfiguration', { Payer: 'BucketOwner' });

export const deleteBucketWebsite = deleteAbsentConfig;
export const deleteBucketReplication = deleteAbsentConfig;
