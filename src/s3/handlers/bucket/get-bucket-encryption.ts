/**
 * GetBucketEncryption: GET /bucket?encryption → the ServerSideEncryptionConfiguration stored
 * by PutBucketEncryption; 404 ServerSideEncryptionConfigurationNotFoundError when none.
 */
import { S3Error } from '../../../errors/s3-error.js';
import { toXml } from '../../xml/build-xml.js';
import { readBucketEncryption } from '../common/bucket-encryption.js';
import { callerContext } from '../common/op-context.js';
import type { Handler } from '../handler.js';
import { requireBucket } from './require-bucket.js';

export const getBucketEncryption: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  await ctx.objects.headBucket({ bucket }, callerContext(req));
  const config = await readBucketEncryption(ctx.objects, bucket);
  if (config === undefined) throw new S3Error('ServerSideEncryptionConfigurationNotFoundError', { extra: { BucketName: bucket } });
  const body = toXml('ServerSideEncryptionConfiguration', {
    Rule: {
      ApplyServerSideEncryptionByDefault: { SSEAlgorithm: config.algorithm, KMSMasterKeyID: config.kmsKeyId },
      BucketKeyEnabled: config.bucketKeyEnabled === true,
    },
  });
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
};
