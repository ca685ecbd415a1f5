/**
 * The one error renderer. Every error, whether raised by routing, auth, a handler or the
 * object layer, is written here:
 *   <?xml version="1.0" encoding="UTF-8"?>
 *   <Error><Code/><Message/>(extra elements)<Resource/><RequestId/><HostId/></Error>
 * HEAD and 304 responses carry the status and headers only. 500 messages are always the
 * generic AWS text.
 */
import type { ServerResponse } from 'node:http';
import { S3_CODES } from '../../errors/s3-codes.js';
import type { S3Error } from '../../errors/s3-error.js';
import { toXml } from '../xml/build-xml.js';

export interface ErrorRenderContext {
  readonly requestId: string;
  readonly hostId: string;
  readonly resource: string;
  readonly isHead: boolean;
  /** Headers the answer carries whatever its outcome (the request's CORS headers). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Headers every answer carries, as name, value, name, value... (x-amz-request-id, x-amz-id-2, Server). */
  readonly base?: readonly string[];
}

/** Headers that survive when an error replaces a response that was being prepared. */
const KEEP = new Set(['x-amz-request-id', 'x-amz-id-2', 'server', 'connection']);

export function errorXml(err: S3Error, ctx: Omit<ErrorRenderContext, 'isHead' | 'headers' | 'base'>): string {
  const message = err.status === 500 ? S3_CODES.InternalError.message : err.message;
  return toXml('Error', {
    Code: err.code,
    Message: message,
    ...err.extra,
    Resource: err.resource ?? ctx.resource,
    RequestId: ctx.requestId,
    HostId: ctx.hostId,
  }, { namespace: false });
}

export function renderError(res: ServerResponse, err: S3Error, ctx: ErrorRenderContext): void {
  if (res.headersSent) {
    // Part of a response is already on the wire: the only honest signal left is a cut connection.
    res.destroy();
    return;
  }
  for (const name of res.getHeaderNames()) if (!KEEP.has(name)) res.removeHeader(name);
  if (ctx.base !== undefined) for (let i = 0; i + 1 < ctx.base.length; i += 2) res.setHeader(ctx.base[i]!, ctx.base[i + 1]!);
  res.statusCode = err.status;
  for (const [name, value] of Object.entries(err.headers)) res.setHeader(name, value);
  if (ctx.headers !== undefined) for (const [name, value] of Object.entries(ctx.headers)) res.setHeader(name, value);
  if (ctx.isHead || err.status === 304) {
    res.end();
    return;
  }
  const body = errorXml(err, ctx);
  res.setHeader('content-type', 'application/xml');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}
