/**
 * The raw request body of one request, and what happens to its unread rest.
 *
 * The body reaches the handler through a PassThrough piped from the socket, so a handler (or
 * the object layer) destroying its stream never destroys the socket before the response is
 * written. Before the response head goes out, settle() decides the connection's fate:
 *   - body fully received                       -> keep-alive
 *   - Expect: 100-continue and no 100 was sent  -> Connection: close (the client holds the body)
 *   - a small declared rest (<= drainLimit)     -> discard it, keep-alive
 *   - otherwise (large or unknown rest)         -> Connection: close
 * Every Connection: close here is a lingering close (lingering-close.ts): the client may be
 * writing the body still, and a plain close would reset the connection under its answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import { lingerAfterResponse } from './lingering-close.js';

export const DEFAULT_DRAIN_LIMIT = 1024 * 1024;

export class RequestBody {
  readonly #req: IncomingMessage;
  readonly #expectContinue: boolean;
  readonly #drainLimit: number;
  #proxy: PassThrough | undefined;
  #bytesRead = 0;
  #continueSent = false;

  constructor(req: IncomingMessage, opts: { expectContinue: boolean; drainLimit?: number }) {
    this.#req = req;
    this.#expectContinue = opts.expectContinue;
    this.#drainLimit = opts.drainLimit ?? DEFAULT_DRAIN_LIMIT;
  }

  /** Declared Content-Length of the raw body, -1 when absent or invalid. */
  get declaredLength(): number {
    const v = this.#req.headers['content-length'];
    if (v === undefined || !/^\d+$/.test(v)) return -1;
    return Number(v);
  }

  /** Tells the client to send the body (Expect: 100-continue), once, after auth passed. */
  sendContinue(res: ServerResponse): void {
    if (!this.#expectContinue || this.#continueSent || res.headersSent) return;
    this.#continueSent = true;
    res.writeContinue();
  }

  /** sendContinue, then open: a body that must be read before auth can decide (POST forms). */
  continued(res: ServerResponse): Readable {
    this.sendContinue(res);
    return this.open();
  }

  /** The raw body stream, detached from the socket's lifetime. */
  open(): Readable {
    if (this.#proxy) return this.#proxy;
    const req = this.#req;
    const proxy = new PassThrough();
    this.#proxy = proxy;
    req.on('data', (chunk: Buffer) => { this.#bytesRead += chunk.length; });
    let ownListeners = 0;
    const gone = (): void => {
      if (req.complete || proxy.destroyed) return;
      // The error is for whoever still reads the body. When nobody does (the handler already
      // answered, e.g. 400 IncompleteBody on a short body streamed to a data dir, and its
      // reader let go), an 'error' with no listener would crash the process: close quietly.
      // (req.pipe(proxy) adds a listener of its own, which rethrows when it is the only one.)
      if (proxy.listenerCount('error') <= ownListeners) proxy.destroy();
      else proxy.destroy(Object.assign(new Error('client disconnected before the body was complete'), { code: 'ECONNRESET' }));
    };
    req.once('aborted', gone);
    req.once('error', gone);
    req.once('close', gone);
    req.pipe(proxy);
    ownListeners = proxy.listenerCount('error');
    return proxy;
  }

  /** Call before the response head is written. */
  settle(res: ServerResponse): void {
    const req = this.#req;
    if (req.complete || res.headersSent) return;
    if (this.#expectContinue && !this.#continueSent) {
      this.#close(res);
      return;
    }
    // No Content-Length and no Transfer-Encoding: the request has no body (RFC 9112 6.3).
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) return;
    const declared = this.declaredLength;
    if (declared >= 0 && declared - this.#bytesRead <= this.#drainLimit) {
      if (this.#proxy) req.unpipe(this.#proxy);
      req.resume();
      return;
    }
    this.#close(res);
  }

  #close(res: ServerResponse): void {
    res.setHeader('connection', 'close');
    if (this.#proxy) this.#req.unpipe(this.#proxy);
    lingerAfterResponse(this.#req);
  }
}
