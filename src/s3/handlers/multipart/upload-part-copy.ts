/**
 * UploadPartCopy: PUT /bucket/key?partNumber=N&uploadId=X with x-amz-copy-source and an
 * optional x-amz-copy-source-range `bytes=first-last` (bounded form only; the layer checks
 * it lies within the source: InvalidRange) and x-amz-copy-source-if-* preconditions.
 */
import type { Handler } from '../handler.js';
import { copyPartResultXml } from '../../xml/shapes/copy-results.js';
import { parseCopySourceConditions } from '../common/conditions.js';
import { copySourceVersionHeader, parseCopySource, parseCopySourceRange } from '../common/copy-source.js';
import { checkKeyLength, requireObject } from '../common/object-key.js';
import { uploadIdParam, uploadPartNumberParam } from '../common/multipart-params.js';
import { callerContext } from '../common/op-context.js';
import { COPY_SOURCE_CUSTOMER_PREFIX, CUSTOMER_PREFIX, parseCustomerKey, sseResponseHeaders } from '../common/sse-headers.js';

export const uploadPartCopy: Handler = async (req, ctx) => {
  const { bucket, key } = requireObject(req);
  const uploadId = uploadIdParam(req);
  const partNumber = uploadPartNumberParam(req);
  const source = parseCopySource(req.headers);
  checkKeyLength(source.key);
  const range = parseCopySourceRange(req.headers);
  const conditions = parseCopySourceConditions(req.headers);
  const sourceKey = parseCustomerKey(req.headers, COPY_SOURCE_CUSTOMER_PREFIX, req.secure === true);
  const customerKey = parseCustomerKey(req.headers, CUSTOMER_PREFIX, req.secure === true);
  const part = await ctx.objects.copyObjectPart({
    bucket,
    key,
    uploadId,
    partNumber,
    source: {
      bucket: source.bucket,
      key: source.key,
      ...(source.versionId !== undefined ? { versionId: source.versionId } : {}),
      ...(range !== undefined ? { range } : {}),
      ...(conditions !== undefined ? { conditions } : {}),
      ...(sourceKey !== undefined ? { customerKey: sourceKey } : {}),
    },
    ...(customerKey !== undefined ? { customerKey } : {}),
  }, callerContext(req));
  const headers: Record<string, string> = { 'content-type': 'application/xml', ...sseResponseHeaders(part.encryption) };
  const sourceVersion = copySourceVersionHeader(source.versionId, part.sourceVersionId);
  if (sourceVersion !== undefined) headers['x-amz-copy-source-version-id'] = sourceVersion;
  const body = copyPartResultXml({
    etag: part.etag,
    lastModified: part.lastModified,
    ...(part.checksum !== undefined ? { checksum: part.checksum } : {}),
  });
  return { status: 200, headers, body };
};
