/**
 * Answers requests node:http could not parse (the 'clientError' event) with a proper S3
 * XML error before closing the connection: an oversized header section becomes
 * 400 RequestHeaderSectionTooLarge (what S3 answers; node's own default would be a bare 431),
 * anything else 400 BadRequest. Resets and timeouts just close the socket.
 */
import type { Duplex } from 'node:stream';
import { S3Error } from '../errors/s3-error.js';
import { errorXml } from '../s3/pipeline/render-error.js';

export interface ClientErrorContext {
  readonly requestId: string;
  readonly hostId: string;
  readonly serverName: string;
}

export function answerClientError(err: Error & { code?: string }, socket: Duplex, ctx: ClientErrorContext): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT' || err.code === 'HPE_HEADERS_TIMEOUT') {
    const s3 = new S3Error('RequestTimeout');
    socket.end(rawResponse(s3, ctx));
    return;
  }
  const s3 = err.code === 'HPE_HEADER_OVERFLOW'
    ? new S3Error('RequestHeaderSectionTooLarge', { extra: { MaxSizeAllowed: '16384' } })
    : new S3Error('BadRequest');
  socket.end(rawResponse(s3, ctx));
}

function rawResponse(err: S3Error, ctx: ClientErrorContext): string {
  const body = errorXml(err, { requestId: ctx.requestId, hostId: ctx.hostId, resource: '/' });
  return [
    `HTTP/1.1 ${err.status} ${err.status === 400 ? 'Bad Request' : 'Error'}`,
    'Content-Type: application/xml',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `x-amz-request-id: ${ctx.requestId}`,
    `x-amz-id-2: ${ctx.hostId}`,
    `Server: ${ctx.serverName}`,
    `Date: ${new Date().toUTCString()}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}
