/**
 * Writes a handler's S3Response: status, headers, then the body (string, buffer, chunks in
 * memory or stream). A head with a body in memory or none is written whole (writeWholeHead).
 * HEAD, 204 and 304 never carry a body; a stream body given for them is destroyed.
 * Streams are written chunk by chunk with backpressure; a stream that fails before its first byte rejects so the
 * pipeline can still render an XML error, a later failure cuts the connection.
 * A stream body whose declared Content-Length is at most SMALL_BODY_BYTES is read whole first
 * and sent with res.end(buffer): head and body leave in one write instead of a pipe, a
 * writev and a separate end (measured by bench/tools/request-path-profile.mjs).
 * With `releaseChunk` (S3Response: the object layer's recycled read buffers) each chunk of a
 * stream body is handed back once the socket took all of its bytes (the write callback
 * without an error), so the next frames reuse its buffer; a small body's chunks too (a 64 KiB
 * data-dir GET otherwise left its frame to the collector and read the next one into fresh,
 * page-faulting memory).
 */
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { S3Response } from '../handlers/handler.js';

function isReadable(body: unknown): body is Readable {
  return typeof body === 'object' && body !== null && typeof (body as Readable).pipe === 'function';
}

function isChunks(body: unknown): body is readonly Buffer[] {
  return Array.isArray(body);
}

/** Stream bodies up to this declared size are buffered and sent in one write. */
export const SMALL_BODY_BYTES = 64 * 1024;

/**
 * Reads a stream whole and sends it with the head in one write. A failure before the first
 * byte rejects with nothing sent (the pipeline renders the XML error); a later failure sends
 * the head and the bytes read so far before rejecting, so the connection is cut as when piped.
 */
async function sendSmall(body: Readable, res: ServerResponse, max: number, release?: (chunk: Buffer) => void): Promise<void> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    // 'data' events, not an async iterator: the iterator's read() joins what is buffered into a
    // new Buffer, and only the very chunk objects pushed can be released to the frame pool.
    const onData = (chunk: Buffer | string): void => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      total += b.length;
      if (total > max) body.destroy(new Error(`response body exceeds its declared length ${max}`));
      else chunks.push(b);
    };
    body.on('data', onData);
    try {
      await finished(body);
    } finally {
      body.off('data', onData);
    }
  } catch (err) {
    if (chunks.length > 0 && !res.destroyed) res.write(Buffer.concat(chunks));
    throw err;
  }
  if (chunks.length !== 1) {
    const whole = Buffer.concat(chunks, total);
    if (release !== undefined) for (const c of chunks) release(c); // copied: the frames are free
    res.end(whole);
    return;
  }
  const only = chunks[0]!;
  if (release === undefined) res.end(only);
  else res.end(only, (err?: Error | null) => { if (err === undefined || err === null) release(only); });
}

/**
 * A body already in memory as chunks (GetObjectResult.chunks: a small range of a data file read
 * whole), its head already written with their total length: head and chunks corked into one
 * socket write, then the end. Each chunk is handed back once the socket took it; a failed write
 * (the client went away) keeps it from the pool.
 */
function sendChunks(chunks: readonly Buffer[], res: ServerResponse, release?: (chunk: Buffer) => void): void {
  res.cork();
  for (const c of chunks) {
    if (release === undefined) res.write(c);
    else res.write(c, (err?: Error | null) => { if (err === undefined || err === null) release(c); });
  }
  res.end();
}

function declaredSmallLength(res: ServerResponse): number | undefined {
  const v = res.getHeader('content-length');
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : -1;
  return n >= 0 && n <= SMALL_BODY_BYTES ? n : undefined;
}

/**
 * Streams body into res chunk by chunk, with pipe()'s backpressure (pause on a full buffer,
 * resume on drain). With `release`, each chunk is written with a callback that releases it
 * once the socket has taken its bytes; a failed write (client gone) never releases its chunk.
 * A body error rejects; a client that goes away destroys the body and resolves.
 */
function streamBody(body: Readable, res: ServerResponse, release?: (chunk: Buffer) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const done = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      res.off('drain', onDrain);
      body.off('data', onData);
      if (err !== undefined) reject(err); else resolve();
    };
    const onDrain = (): void => { body.resume(); };
    const onData = (chunk: Buffer): void => {
      const ok = release === undefined
        ? res.write(chunk)
        : res.write(chunk, (err) => { if (err === undefined || err === null) release(chunk); });
      if (!ok) body.pause();
    };
    body.on('data', onData);
    res.on('drain', onDrain);
    body.once('end', () => { res.end(); });
    body.once('error', (err) => done(err));
    res.once('finish', () => done());
    res.once('close', () => {
      if (!res.writableFinished) { body.destroy(); done(); }
    });
  });
}

/** Told the Content-Length of a head written whole (the request trace: metrics and audit). */
export interface ResponseLengthSink {
  responseLength(bytes: number): void;
}

/**
 * What every answer's head carries besides the handler's headers (x-amz-request-id, x-amz-id-2,
 * Server as name, value, name, value...), and who hears the Content-Length it declares.
 */
export interface ResponseHead {
  readonly base: readonly string[];
  readonly lengthTo?: ResponseLengthSink | undefined;
}

const NO_HEAD: ResponseHead = { base: [] };

function isContentLength(name: string): boolean {
  return name.length === 14 && name.toLowerCase() === 'content-length';
}

function isContentType(name: string): boolean {
  return name.length === 12 && name.toLowerCase() === 'content-type';
}

type HeaderValue = string | number | readonly string[];

/**
 * Writes the whole head at once with `writeHead(status, list)`: node:http then validates each
 * header once as it serializes it, with none of setHeader's per-header bookkeeping (4-5 µs of a
 * small GET). `length` replaces any Content-Length of the handler's headers; `'declared-or-0'`
 * keeps the handler's, or declares 0 when it gave none; undefined keeps the handler's, if any.
 * Headers set earlier with setHeader (CORS, Connection: close) are merged by node:http.
 */
function writeWholeHead(res: ServerResponse, out: S3Response, head: ResponseHead, length: number | 'declared-or-0' | undefined, defaultType?: string): void {
  const own = typeof length === 'number' ? length : undefined;
  const list: (string | HeaderValue)[] = head.base.slice();
  let declared = own;
  let typed = false;
  if (out.headers !== undefined) {
    for (const name in out.headers) {
      const value = out.headers[name];
      if (value === undefined) continue;
      if (isContentLength(name)) {
        if (own !== undefined) continue;
        declared = Number(value);
      } else if (defaultType !== undefined && !typed && isContentType(name)) {
        typed = true;
      }
      list.push(name, typeof value === 'object' ? [...value] : value);
    }
  }
  if (defaultType !== undefined && !typed) list.push('content-type', defaultType);
  if (own !== undefined) list.push('content-length', String(own));
  else if (length === 'declared-or-0' && declared === undefined) {
    list.push('content-length', '0');
    declared = 0;
  }
  res.writeHead(out.status, list as string[]);
  if (declared !== undefined && Number.isFinite(declared) && declared >= 0) head.lengthTo?.responseLength(declared);
}

export async function writeResponse(res: ServerResponse, out: S3Response, isHead: boolean, head: ResponseHead = NO_HEAD): Promise<void> {
  const body = out.body;
  const noBody = isHead || out.status === 204 || out.status === 304;
  if (body === undefined || noBody) {
    if (isReadable(body)) body.destroy();
    writeWholeHead(res, out, head, noBody ? undefined : 'declared-or-0');
    res.end();
    return;
  }
  if (isChunks(body)) {
    let total = 0;
    for (const c of body) total += c.length;
    writeWholeHead(res, out, head, total);
    sendChunks(body, res, out.releaseChunk);
    return;
  }
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    // A string is encoded once: counting its UTF-8 bytes and then writing it would walk (and,
    // for a listing built by concatenation, flatten) it twice.
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    writeWholeHead(res, out, head, bytes.length, typeof body === 'string' ? 'application/xml' : undefined);
    res.end(bytes);
    return;
  }
  // A stream keeps its head unsent until its first byte (setHeader): a stream that fails before
  // it still gets an XML error instead of a cut connection.
  for (let i = 0; i + 1 < head.base.length; i += 2) res.setHeader(head.base[i]!, head.base[i + 1]!);
  res.statusCode = out.status;
  if (out.headers) {
    for (const [name, value] of Object.entries(out.headers)) {
      if (value === undefined) continue;
      res.setHeader(name, typeof value === 'object' ? [...(value as readonly string[])] : value);
    }
  }
  const small = body.readableObjectMode ? undefined : declaredSmallLength(res);
  if (small !== undefined) {
    await sendSmall(body, res, small, out.releaseChunk);
    return;
  }
  await streamBody(body, res, out.releaseChunk);
}
