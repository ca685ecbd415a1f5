/**
 * PutObjectRetention: PUT /bucket/key?retention[&versionId] with <Retention> (S3 API
 * Reference, PutObjectRetention). Content-MD5 or an x-amz-checksum-* header is required and
 * verified. The date must be ISO 8601 and in the future; an empty <Retention/> removes the
 * retention. Whether the change is allowed (extend always; shorten, remove or change mode of
 * GOVERNANCE with x-amz-bypass-governance-retention and s3:BypassGovernanceRetention; never
 * for active COMPLIANCE) is decided by the object layer: 403 AccessDenied when refused.
 */
import type { ObjectRetention } from '../../../object/object-layer.js';
import { S3Error } from '../../../errors/s3-error.js';
import { parseXml } from '../../xml/parse-xml.js';
import { readDocument } from '../../xml/read-body.js';
import { parseRetention } from '../../xml/shapes/object-lock.js';
import { verifyDocumentDigest } from '../common/document-digest.js';
import { requireObject, versionIdParam } from '../common/object-key.js';
import { requireObjectLockBucket } from '../common/object-lock-config.js';
import { parseRetainUntil } from '../common/object-lock-headers.js';
import { callerContext } from '../common/op-context.js';
import type { Handler } from '../handler.js';

export const putObjectRetention: Handler = async (req, ctx) => {
  const { bucket, key } = requireObject(req);
  const versionId = versionIdParam(req);
  const raw = await readDocument(req);
  if (raw.length === 0) throw new S3Error('MissingRequestBodyError');
  verifyDocumentDigest(req.headers, raw);
  const shape = parseRetention(parseXml(raw, { maxBytes: raw.length }));
  const retention: ObjectRetention | null = shape === undefined
    ? null
    : { mode: shape.mode, retainUntil: parseRetainUntil(shape.retainUntilDate, new Date()) };
  await requireObjectLockBucket(ctx.objects, bucket);
  await ctx.objects.updateObjectLock({
    bucket,
    key,
    ...(versionId !== undefined ? { versionId } : {}),
    retention,
    bypassGovernanceRetention: req.bypassGovernanceRetention === true,
  }, callerContext(req));
  return { status: 200, headers: { 'content-length': 0 } };
};
