/**
 * PutBucketEncryption: PUT /bucket?encryption with
 * <ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault>
 *   <SSEAlgorithm>AES256|aws:kms</SSEAlgorithm><KMSMasterKeyID>..</KMSMasterKeyID>
 * </ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true</BucketKeyEnabled></Rule>
 * </ServerSideEncryptionConfiguration>. Exactly one rule (AWS); a KMS key only with aws:kms.
 * Stored as the bucket's 'encryption' document (common/bucket-encryption.ts); PUTs, copies and
 * multipart uploads without encryption headers then use it.
 */
import { S3Error } from '../../../errors/s3-error.js';
import { childElement, childElements, childText, expectRoot } from '../../xml/parse-xml.js';
import { readXmlBody } from '../../xml/read-body.js';
import { ENCRYPTION_CONFIG, encodeEncryptionConfig } from '../common/bucket-encryption.js';
import { callerContext } from '../common/op-context.js';
import type { Handler } from '../handler.js';
import { requireBucket } from './require-bucket.js';

export const putBucketEncryption: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const doc = await readXmlBody(req);
  if (doc === undefined) throw new S3Error('MissingRequestBodyError');
  expectRoot(doc, 'ServerSideEncryptionConfiguration');
  const rules = childElements(doc, 'Rule');
  if (rules.length !== 1) throw new S3Error('MalformedXML');
  const rule = rules[0]!;
  const apply = childElement(rule, 'ApplyServerSideEncryptionByDefault');
  if (apply === undefined) throw new S3Error('MalformedXML');
  const algorithm = childText(apply, 'SSEAlgorithm');
  const kmsKeyId = childText(apply, 'KMSMasterKeyID');
  const bucketKey = childText(rule, 'BucketKeyEnabled');
  if (algorithm !== 'AES256' && algorithm !== 'aws:kms') throw new S3Error('MalformedXML');
  if (kmsKeyId !== undefined && algorithm !== 'aws:kms') {
    throw new S3Error('InvalidArgument', {
      message: 'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse',
      extra: { ArgumentName: 'ApplyServerSideEncryptionByDefault' },
    });
  }
  if (bucketKey !== undefined && bucketKey !== 'true' && bucketKey !== 'false') throw new S3Error('MalformedXML');
  const op = callerContext(req);
  await ctx.objects.headBucket({ bucket }, op);
  const name = kmsKeyId === undefined || kmsKeyId === '' ? undefined : /^arn:aws:kms:[^:]*:[^:]*:key\/(.+)$/.exec(kmsKeyId)?.[1] ?? kmsKeyId;
  const value = encodeEncryptionConfig({
    algorithm, ...(name !== undefined ? { kmsKeyId: name } : {}), ...(bucketKey === 'true' ? { bucketKeyEnabled: true } : {}),
  });
  await ctx.objects.putBucketConfig({ bucket, name: ENCRYPTION_CONFIG, value }, op);
  ctx.encryptionConfigs.invalidate(bucket);
  return { status: 200, headers: { 'content-length': 0 } };
};
