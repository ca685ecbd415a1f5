/**
 * PutObjectLockConfiguration: PUT /bucket?object-lock with <ObjectLockConfiguration>
 * (S3 API Reference, PutObjectLockConfiguration). Content-MD5 or an x-amz-checksum-* header
 * is required and verified. Object Lock can be enabled on an existing bucket whose versioning
 * is Enabled (AWS allows it since 2023); otherwise 409 InvalidBucketState. The Rule sets the
 * default retention of new versions; a document without Rule removes it. Object Lock can not
 * be disabled once enabled. Stored: the 'object-lock' document first, then the versioning
 * document's flag (so a bucket that says it has Object Lock always has its document).
 */
import { S3Error } from '../../../errors/s3-error.js';
import { parseXml } from '../../xml/parse-xml.js';
import { readDocument } from '../../xml/read-body.js';
import { parseObjectLockConfiguration } from '../../xml/shapes/object-lock.js';
import { verifyDocumentDigest } from '../common/document-digest.js';
import { encodeLockConfig, OBJECT_LOCK_CONFIG } from '../common/object-lock-config.js';
import { callerContext } from '../common/op-context.js';
import { encodeVersioningDoc, readBucketVersioning, VERSIONING_CONFIG } from '../common/versioning.js';
import type { Handler } from '../handler.js';
import { requireBucket } from './require-bucket.js';

export const putObjectLockConfiguration: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const raw = await readDocument(req);
  if (raw.length === 0) throw new S3Error('MissingRequestBodyError');
  verifyDocumentDigest(req.headers, raw);
  const config = parseObjectLockConfiguration(parseXml(raw, { maxBytes: raw.length }));
  const op = callerContext(req);
  const versioning = await readBucketVersioning(ctx.objects, bucket);
  if (!versioning.objectLockEnabled && versioning.state !== 'Enabled') {
    throw new S3Error('InvalidBucketState', { message: "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration" });
  }
  // Locked versions need every key versioned (MinIO refuses excluded prefixes with a lock alike).
  if (versioning.exclusions !== undefined) {
    throw new S3Error('InvalidBucketState', { message: 'Versioning excludes prefixes or folders on this bucket, so an Object Lock configuration cannot be applied.' });
  }
  await ctx.objects.putBucketConfig({ bucket, name: OBJECT_LOCK_CONFIG, value: encodeLockConfig(config) }, op);
  if (!versioning.objectLockEnabled) {
    await ctx.objects.putBucketConfig({ bucket, name: VERSIONING_CONFIG, value: encodeVersioningDoc('Enabled', true) }, op);
  }
  return { status: 200, headers: { 'content-length': 0 } };
};
