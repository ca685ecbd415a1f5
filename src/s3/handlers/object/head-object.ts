/**
 * HeadObject: HEAD /bucket/key[?versionId][&partNumber] — the headers GetObject would send,
 * without a body. A Range header is resolved here against the object size (206 with
 * Content-Range, 416 when unsatisfiable); partNumber selects a part of a multipart object (400
 * InvalidPartNumber beyond its parts)
 * (part 1 of a single-part object is the whole object).
 */
import type { ByteRange, ObjectInfo } from '../../../object/object-layer.js';
import { InvalidPartNumberError, InvalidRangeError } from '../../../errors/domain-errors.js';
import { S3Error } from '../../../errors/s3-error.js';
import type { Handler } from '../handler.js';
import { parseReadConditions } from '../common/conditions.js';
import { headerValue } from '../common/header-value.js';
import { requireObject, versionIdParam } from '../common/object-key.js';
import { callerContext } from '../common/op-context.js';
import {
  isChecksumModeEnabled, objectResponseHeaders, parseResponseOverrides, partNumberParam,
} from '../common/object-response-headers.js';
import { contentRange, parseRange, resolveRange } from '../common/range.js';
import { showsVersionId } from '../common/versioning.js';
import { expirationHeader } from '../common/expiration-header.js';
import { parseReadCustomerKey, sseResponseHeaders } from '../common/sse-headers.js';

/** Byte range of part `n` of an object; a single-part object has one part: itself. */
export function partRange(info: ObjectInfo, n: number): ByteRange {
  if (info.parts === undefined || info.parts.length === 0) {
    if (n !== 1) throw new InvalidPartNumberError(n);
    return { start: 0, end: info.size - 1 };
  }
  let start = 0;
  for (const p of info.parts) {
    if (p.number === n) return { start, end: start + p.size - 1 };
    start += p.size;
  }
  throw new InvalidPartNumberError(n);
}

export const headObject: Handler = async (req, ctx) => {
  const { bucket, key } = requireObject(req);
  const versionId = versionIdParam(req);
  const partNumber = partNumberParam(req.query);
  const rangeHeader = headerValue(req.headers, 'range');
  if (partNumber !== undefined && rangeHeader !== undefined) {
    throw new S3Error('InvalidRequest', { message: 'Cannot specify both Range header and partNumber query parameter' });
  }
  const spec = parseRange(rangeHeader);
  const overrides = parseResponseOverrides(req.query);
  const conditions = parseReadConditions(req.headers);
  const customerKey = parseReadCustomerKey(req);

  const info = await ctx.objects.headObject({
    bucket,
    key,
    ...(versionId !== undefined ? { versionId } : {}),
    ...(partNumber !== undefined ? { partNumber } : {}),
    ...(conditions !== undefined ? { conditions } : {}),
    ...(customerKey !== undefined ? { customerKey } : {}),
  }, callerContext(req));

  let served: ByteRange | undefined;
  if (partNumber !== undefined) served = partRange(info, partNumber);
  else if (spec !== undefined) {
    served = resolveRange(spec, info.size);
    if (served === undefined) throw new InvalidRangeError(info.size);
  }
  const checksum = !isChecksumModeEnabled(req.headers) || spec !== undefined
    ? undefined
    : partNumber !== undefined && info.parts !== undefined ? info.parts.find((p) => p.number === partNumber)?.checksum
      : info.checksum;
  const headers: Record<string, string> = objectResponseHeaders(info, {
    overrides,
    ...(checksum !== undefined ? { checksum } : {}),
    showNullVersion: await showsVersionId(ctx.versioningStates, info, versionId),
  });
  const length = served === undefined ? info.size : Math.max(0, served.end - served.start + 1);
  Object.assign(headers, await expirationHeader(ctx, info), sseResponseHeaders(info.encryption));
  headers['content-length'] = String(length);
  if (served !== undefined && info.size > 0) headers['content-range'] = contentRange(served, info.size);
  if (partNumber !== undefined && info.parts !== undefined) headers['x-amz-mp-parts-count'] = String(info.parts.length);
  return { status: served !== undefined && info.size > 0 ? 206 : 200, headers };
};
