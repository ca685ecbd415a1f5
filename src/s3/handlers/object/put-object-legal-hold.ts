/**
 * PutObjectLegalHold: PUT /bucket/key?legal-hold[&versionId] with <LegalHold><Status>ON|OFF
 * (S3 API Reference, PutObjectLegalHold). Content-MD5 or an x-amz-checksum-* header is
 * required and verified. A legal hold blocks the version's deletion whatever its retention;
 * setting or lifting it needs s3:PutObjectLegalHold only (no bypass involved).
 */
import { S3Error } from '../../../errors/s3-error.js';
import { parseXml } from '../../xml/parse-xml.js';
import { readDocument } from '../../xml/read-body.js';
import { parseLegalHold } from '../../xml/shapes/object-lock.js';
import { verifyDocumentDigest } from '../common/document-digest.js';
import { requireObject, versionIdParam } from '../common/object-key.js';
import { requireObjectLockBucket } from '../common/object-lock-config.js';
import { callerContext } from '../common/op-context.js';
import type { Handler } from '../handler.js';

export const putObjectLegalHold: Handler = async (req, ctx) => {
  const { bucket, key } = requireObject(req);
  const versionId = versionIdParam(req);
  const raw = await readDocument(req);
  if (raw.length === 0) throw new S3Error('MissingRequestBodyError');
  verifyDocumentDigest(req.headers, raw);
  const legalHold = parseLegalHold(parseXml(raw, { maxBytes: raw.length }));
  await requireObjectLockBucket(ctx.objects, bucket);
  await ctx.objects.updateObjectLock({
    bucket, key, ...(versionId !== undefined ? { versionId } : {}), legalHold,
  }, callerContext(req));
  return { status: 200, headers: { 'content-length': 0 } };
};
