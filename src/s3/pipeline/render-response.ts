/**
 * Writes a handler's S3Response: status, headers, then the body (string, buffer or stream).
 * HEAD, 204 and 304 never carry a body; a stream body given for them is destroyed.
 * Streams are piped with backpressure; a stream that fails before its first byte rejects so the
 * pipeline can still render an XML error, a later failure cuts the connection.
 */
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { S3Response } from '../handlers/handler.js';

function isReadable(body: unknown): body is Readable {
  return typeof body === 'object' && body !== null && typeof (body as Readable).pipe === 'function';
}

function streamBody(body: Readable, res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const done = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      if (err !== undefined) reject(err); else resolve();
    };
    body.once('error', (err) => { body.unpipe(res); done(err); });
    res.once('finish', () => done());
    res.once('close', () => {
      if (!res.writableFinished) { body.destroy(); done(); }
    });
    body.pipe(res);
  });
}

export async function writeResponse(res: ServerResponse, out: S3Response, isHead: boolean): Promise<void> {
  res.statusCode = out.status;
  if (out.headers) {
    for (const [name, value] of Object.entries(out.headers)) {
      if (value === undefined) continue;
      res.setHeader(name, typeof value === 'object' ? [...(value as readonly string[])] : value);
    }
  }
  const body = out.body;
  const noBody = isHead || out.status === 204 || out.status === 304;
  if (body === undefined || noBody) {
    if (isReadable(body)) body.destroy();
    if (!noBody && !res.hasHeader('content-length')) res.setHeader('content-length', 0);
    res.end();
    return;
  }
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    if (typeof body === 'string' && !res.hasHeader('content-type')) res.setHeader('content-type', 'application/xml');
    res.setHeader('content-length', Buffer.byteLength(body));
    res.end(body);
    return;
  }
  await streamBody(body, res);
}
