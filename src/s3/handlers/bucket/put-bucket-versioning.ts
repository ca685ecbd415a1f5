/**
 * PutBucketVersioning: PUT /bucket?versioning with
 * <VersioningConfiguration><Status>Enabled|Suspended</Status><MfaDelete/></VersioningConfiguration>.
 * Stored as the 'versioning' bucket config document (JSON {"status": ...}, see
 * handlers/common/versioning.ts). A missing Status leaves the state unchanged; any other
 * value is MalformedXML. MFA delete needs MFA devices Cairn does not have: enabling it is
 * NotImplemented. A bucket with Object Lock keeps versioning Enabled: Suspended is 409
 * InvalidBucketState (AWS: "you can't disable Object Lock or suspend versioning for the bucket").
 */
import { S3Error } from '../../../errors/s3-error.js';
import { childText, expectRoot } from '../../xml/parse-xml.js';
import { readXmlBody } from '../../xml/read-body.js';
import { encodeVersioningDoc, readBucketVersioning, VERSIONING_CONFIG } from '../common/versioning.js';
import { callerContext } from '../common/op-context.js';
import type { Handler } from '../handler.js';
import { requireBucket } from './require-bucket.js';

export const putBucketVersioning: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const doc = await readXmlBody(req);
  if (doc === undefined) throw new S3Error('MissingRequestBodyError');
  expectRoot(doc, 'VersioningConfiguration');
  const status = childText(doc, 'Status');
  const mfa = childText(doc, 'MfaDelete');
  if (mfa !== undefined && mfa !== 'Disabled' && mfa !== 'Enabled') throw new S3Error('MalformedXML');
  if (mfa === 'Enabled') throw new S3Error('NotImplemented', { message: 'MFA delete is not supported by this server.' });
  const op = callerContext(req);
  await ctx.objects.headBucket({ bucket }, op);
  if (status === undefined) return { status: 200, headers: { 'content-length': 0 } };
  if (status !== 'Enabled' && status !== 'Suspended') throw new S3Error('MalformedXML');
  const { objectLockEnabled } = await readBucketVersioning(ctx.objects, bucket);
  if (objectLockEnabled && status === 'Suspended') {
    throw new S3Error('InvalidBucketState', {
      message: 'An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.',
    });
  }
  await ctx.objects.putBucketConfig({ bucket, name: VERSIONING_CONFIG, value: encodeVersioningDoc(status, objectLockEnabled) }, op);
  return { status: 200, headers: { 'content-length': 0 } };
};
