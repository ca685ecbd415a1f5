/**
 * The S3 HTTP listener: node:http with no framework in between.
 * - keep-alive on (5 s idle), node's 16 KiB header limit, no total-request timeout (large
 *   uploads may take long) but a 60 s limit to receive the headers and a 5 min inactivity
 *   limit on a socket in the middle of a request.
 * - Expect: 100-continue is routed to the same pipeline with expectContinue = true; the
 *   pipeline sends the 100 only after authentication and authorization passed. Any other
 *   Expect value is ignored (the request is served as if it had none).
 * - close(deadline): stop accepting, let in-flight requests finish until the deadline, then
 *   cut what remains. Idle keep-alive connections are closed at once.
 * - Bytes that are not HTTP after a request read whole: that request is answered, then the
 *   connection closes (#finishBeforeClose); other malformed input gets client-error.ts's 400.
 * - TLS: with a CertificateStore the same listener is node:https (TLS 1.2+, HTTP/1.1): the SNI
 *   callback picks the certificate per server name on every handshake and a reloaded bundle
 *   replaces the default context, so new connections get new certificates and established
 *   ones are never cut. A failed handshake is logged at debug level only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { AddressInfo, Socket } from 'node:net';
import type { S3RequestListener } from '../s3/pipeline.js';
import type { Logger } from '../s3/pipeline/logger.js';
import { RequestIdGenerator } from '../s3/pipeline/request-id.js';
import { answerClientError } from './client-error.js';
import { MIN_TLS_VERSION } from './tls/certificate-files.js';
import type { CertificateStore } from './tls/certificate-store.js';

export interface HttpServerOptions {
  /** '' or undefined = every interface. */
  readonly host?: string;
  readonly port: number;
  readonly listener: S3RequestListener;
  readonly logger: Logger;
  readonly serverName?: string;
  readonly keepAliveTimeoutMs?: number;
  readonly headersTimeoutMs?: number;
  readonly maxHeaderSize?: number;
  /** A socket with no traffic for this long in the middle of a request is destroyed (default 5 min). */
  readonly idleTimeoutMs?: number;
  /** Serve HTTPS with these certificates (plain HTTP without). */
  readonly tls?: CertificateStore;
}

export class HttpServer {
  readonly #server: Server | HttpsServer;
  readonly #opts: HttpServerOptions;
  readonly #unwatchCertificates: (() => void) | undefined;
  readonly #inFlight = new Set<ServerResponse>();
  /** The request each socket is answering (until its response closes). */
  readonly #answering = new WeakMap<Socket, { readonly req: IncomingMessage; readonly res: ServerResponse }>();
  #closing: Promise<void> | undefined;

  constructor(opts: HttpServerOptions) {
    this.#opts = opts;
    const ids = new RequestIdGenerator();
    const serverName = opts.serverName ?? 'Cairn';
    const httpOptions = {
      keepAlive: true,
      requestTimeout: 0,
      // An HTTP/1.1 request without Host gets the S3 XML error from the pipeline (with a
      // request id) instead of node's bare 400.
      requireHostHeader: false,
      headersTimeout: opts.headersTimeoutMs ?? 60_000,
      ...(opts.maxHeaderSize !== undefined ? { maxHeaderSize: opts.maxHeaderSize } : {}),
    };
    const tls = opts.tls;
    if (tls) {
      const primary = tls.current.primary;
      const server = createHttpsServer({
        ...httpOptions,
        cert: primary.cert,
        key: primary.key,
        minVersion: MIN_TLS_VERSION,
        ALPNProtocols: ['http/1.1'],
        SNICallback: (serverName, cb) => cb(null, tls.contextFor(serverName)),
      });
      this.#server = server;
      this.#unwatchCertificates = tls.onChange((bundle) => {
        server.setSecureContext({ cert: bundle.primary.cert, key: bundle.primary.key, minVersion: MIN_TLS_VERSION });
      });
      server.on('tlsClientError', (err: Error, socket: TLSSocket) => {
        opts.logger.debug('TLS handshake failed', { error: err.message, remote: socket.remoteAddress });
      });
    } else {
      this.#server = createServer(httpOptions);
    }
    this.#server.keepAliveTimeout = opts.keepAliveTimeoutMs ?? 5_000;
    // A stalled upload must not hold a socket forever: no total-request limit, but an idle limit.
    this.#server.timeout = opts.idleTimeoutMs ?? 300_000;
    const dispatch = (expectContinue: boolean) => (req: IncomingMessage, res: ServerResponse): void => {
      this.#inFlight.add(res);
      const socket = req.socket;
      this.#answering.set(socket, { req, res });
      res.once('close', () => {
        this.#inFlight.delete(res);
        if (this.#answering.get(socket)?.res === res) this.#answering.delete(socket);
      });
      if (this.#closing) res.setHeader('connection', 'close');
      opts.listener(req, res, { expectContinue }).catch((err: unknown) => {
        opts.logger.error('unhandled pipeline failure', { error: err });
        if (!res.headersSent) { res.statusCode = 500; res.setHeader('connection', 'close'); res.end(); } else res.destroy();
      });
    };
    this.#server.on('request', dispatch(false));
    this.#server.on('checkContinue', dispatch(true));
    // An Expect other than 100-continue is ignored, as S3 does (s3-tests
    // test_object_create_bad_expect_mismatch), instead of node's bare 417.
    this.#server.on('checkExpectation', dispatch(false));
    this.#server.on('clientError', (err: Error & { code?: string }, socket: Socket) => {
      if (this.#finishBeforeClose(socket)) return;
      answerClientError(err, socket, { requestId: ids.next(), hostId: ids.hostId, serverName });
    });
  }

  /**
   * Bytes that are not HTTP after a request read whole (a client that sent more body than its
   * Content-Length, e.g. s3-tests test_object_create_bad_contentlength_mismatch_below_aws2) are
   * not an answer to that request: as S3 does, it is answered by its own Content-Length (a
   * BadDigest, a success) and the connection is closed after it, instead of a 400 for the
   * trailing bytes racing ahead of that answer. True when such an answer is pending. A request
   * whose body is cut by the error (not complete) gets the 400 and the close as before, which
   * also ends its handler's wait for the body.
   */
  #finishBeforeClose(socket: Socket): boolean {
    const open = this.#answering.get(socket);
    if (open === undefined || !open.req.complete || open.res.writableFinished) return false;
    open.res.shouldKeepAlive = false;
    if (!open.res.headersSent) open.res.setHeader('connection', 'close');
    const close = (): void => { socket.end(); };
    open.res.once('finish', close);
    open.res.once('close', close);
    return true;
  }

  /** Starts listening; resolves with the bound address (the real port when port was 0). */
  listen(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.#server.once('error', onError);
      const host = this.#opts.host ? this.#opts.host : undefined;
      this.#server.listen(this.#opts.port, host, () => {
        this.#server.off('error', onError);
        resolve(this.#server.address() as AddressInfo);
      });
    });
  }

  get address(): AddressInfo | undefined {
    const a = this.#server.address();
    return a !== null && typeof a === 'object' ? a : undefined;
  }

  /** 'https' when the listener speaks TLS. */
  get scheme(): 'http' | 'https' {
    return this.#opts.tls ? 'https' : 'http';
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Graceful stop; idempotent. */
  close(deadlineMs: number): Promise<void> {
    if (this.#closing) return this.#closing;
    this.#closing = new Promise<void>((resolve) => {
      const server = this.#server;
      const timer = setTimeout(() => server.closeAllConnections(), deadlineMs);
      timer.unref();
      this.#unwatchCertificates?.();
      server.close(() => { clearTimeout(timer); resolve(); });
      server.closeIdleConnections();
      // Responses finishing during the drain leave idle keep-alive sockets behind: close them too.
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      sweep.unref();
      server.once('close', () => clearInterval(sweep));
    });
    return this.#closing;
  }
}
