/**
 * GetObject: GET /bucket/key[?versionId][&partNumber][&response-*]
 * Range (one range; several or malformed ones are ignored and the whole object is served, as
 * S3 does), partNumber (not together with Range), conditional headers (evaluated by the
 * layer: 304 / 412), x-amz-checksum-mode. 200 with the whole object, 206 with Content-Range
 * for a range or a part. The body is streamed; a client disconnect destroys it. A body of
 * pooled read buffers goes out with its releaseChunk, so the response writer hands each
 * chunk back once the socket took it.
 */
import type { Readable } from 'node:stream';
import { S3Error } from '../../../errors/s3-error.js';
import type { Handler } from '../handler.js';
import { parseReadConditions } from '../common/conditions.js';
import { headerValue } from '../common/header-value.js';
import { requireObject, versionIdParam } from '../common/object-key.js';
import { abortableContext } from '../common/op-context.js';
import {
  isChecksumModeEnabled, objectResponseHeaders, parseResponseOverrides, partNumberParam,
} from '../common/object-response-headers.js';
import { contentRange, parseRange } from '../common/range.js';
import { showsVersionId } from '../common/versioning.js';
import { expirationHeader } from '../common/expiration-header.js';
import { parseReadCustomerKey, sseResponseHeaders } from '../common/sse-headers.js';

/** Destroys `body` when the client goes away before it was fully sent. */
export function destroyOnAbort(body: Readable, signal: AbortSignal): void {
  if (signal.aborted) {
    body.destroy();
    return;
  }
  const onAbort = (): void => { body.destroy(); };
  signal.addEventListener('abort', onAbort, { once: true });
  body.once('close', () => signal.removeEventListener('abort', onAbort));
}

export const getObject: Handler = async (req, ctx) => {
  const { bucket, key } = requireObject(req);
  const versionId = versionIdParam(req);
  const partNumber = partNumberParam(req.query);
  const range = parseRange(headerValue(req.headers, 'range'));
  if (partNumber !== undefined && headerValue(req.headers, 'range') !== undefined) {
    throw new S3Error('InvalidRequest', { message: 'Cannot specify both Range header and partNumber query parameter' });
  }
  const overrides = parseResponseOverrides(req.query);
  const conditions = parseReadConditions(req.headers);
  const customerKey = parseReadCustomerKey(req);

  // The signal is read only when a body is streamed (not for inline objects): abortableContext reads it lazily.
  const result = await ctx.objects.getObject({
    bucket,
    key,
    ...(versionId !== undefined ? { versionId } : {}),
    ...(range !== undefined ? { range } : {}),
    ...(partNumber !== undefined ? { partNumber } : {}),
    ...(conditions !== undefined ? { conditions } : {}),
    ...(customerKey !== undefined ? { customerKey } : {}),
  }, abortableContext(req));
  const { info } = result;
  let showNullVersion: boolean;
  let expiration: Record<string, string>;
  try {
    showNullVersion = await showsVersionId(ctx.versioningStates, info, versionId);
    expiration = await expirationHeader(ctx, info);
  } catch (err) {
    if (result.bytes === undefined && result.chunks === undefined) result.body.destroy();
    throw err;
  }
  // In-memory bytes (inline objects, small data files read whole) go out as they are: no
  // stream to build or to destroy.
  const inMemory = result.bytes ?? result.chunks;
  const body = inMemory ?? result.body;
  if (inMemory === undefined) destroyOnAbort(result.body, req.signal);
  const release = result.bytes === undefined && result.releaseChunk !== undefined ? { releaseChunk: result.releaseChunk } : {};

  // Whole-object checksums describe the whole object only; a part has its own.
  const checksum = !isChecksumModeEnabled(req.headers) || range !== undefined
    ? undefined
    : partNumber !== undefined ? info.parts?.[partNumber - 1]?.checksum ?? (info.parts === undefined ? info.checksum : undefined)
      : info.checksum;
  const headers: Record<string, string> = objectResponseHeaders(info, {
    overrides,
    ...(checksum !== undefined ? { checksum } : {}),
    showNullVersion,
  });
  const served = result.range;
  const isPartial = served !== undefined && (range !== undefined || partNumber !== undefined);
  Object.assign(headers, expiration, sseResponseHeaders(info.encryption));
  headers['content-length'] = String(served !== undefined ? served.end - served.start + 1 : info.size);
  if (isPartial) headers['content-range'] = contentRange(served, info.size);
  if (result.partsCount !== undefined && info.parts !== undefined) headers['x-amz-mp-parts-count'] = String(result.partsCount);
  return { status: isPartial ? 206 : 200, headers, body, ...release };
};
