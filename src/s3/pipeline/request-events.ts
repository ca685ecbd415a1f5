/**
 * One record per request, published on `node:diagnostics_channel` so metrics and the audit log
 * (src/audit) subscribe without the request path importing them. The S3 pipeline and the admin
 * listener each open a RequestTrace when a request arrives, name its operation once routed,
 * note an error code when they render one and mark the first byte just before the response
 * head is written; the trace publishes `cairn:request:end` when the response closes (sent
 * whole, or the client went away). Nothing is built or measured while no one subscribes.
 * What identifies the request for an audit record (request id, bucket and key, the access key
 * that signed or claimed it, client address, user agent, host, path) travels too; never the
 * Authorization header, a signature, a security token, the query string or any other header.
 */
import { channel } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Which API a request belongs to ('s3' for S3 operations, 'admin' for /minio/admin/v3, 'iam' and 'sts' for IAM and STS). */
export type RequestApi = 's3' | 'admin' | 'iam' | 'sts';

export interface RequestStartEvent {
  readonly api: RequestApi;
}

export interface RequestEndEvent {
  readonly api: RequestApi;
  /** The operation's name (`PutObject`, `ServerInfo`, ...); `Unknown` when routing failed. */
  readonly operation: string;
  readonly statusCode: number;
  /** The error code rendered (`NoSuchKey`, `AccessDenied`, ...), if the answer was an error. */
  readonly errorCode: string | undefined;
  /** False when the client went away before the response was sent whole. */
  readonly completed: boolean;
  /** Request bytes as declared by Content-Length (0 without one). */
  readonly rxBytes: number;
  /** Response bytes as declared by the response's Content-Length (0 without one). */
  readonly txBytes: number;
  /** From arrival to the moment the response head was about to be written. */
  readonly ttfbSeconds: number;
  readonly durationSeconds: number;
  /** Arrival time, epoch milliseconds. */
  readonly startedAtMs: number;
  /** x-amz-request-id of the answer ('' when none was given). */
  readonly requestId: string;
  /** The access key that signed the request, or the one it claimed when authentication failed ('' anonymous). */
  readonly accessKey: string;
  /** Bucket and object key once routed ('' when none). */
  readonly bucket: string;
  readonly object: string;
  /** The peer's address as the socket saw it. */
  readonly remoteAddress: string;
  readonly userAgent: string;
  readonly requestHost: string;
  /** The request target's path, without the query string (it may carry presigned signatures). */
  readonly requestPath: string;
  readonly method: string;
}

export const REQUEST_START_CHANNEL = 'cairn:request:start';
export const REQUEST_END_CHANNEL = 'cairn:request:end';

const startChannel = channel(REQUEST_START_CHANNEL);
const endChannel = channel(REQUEST_END_CHANNEL);

export const UNKNOWN_OPERATION = 'Unknown';

function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

function declared(value: string | number | readonly string[] | undefined): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

const TRACE = Symbol('cairn.requestTrace');
type TracedResponse = ServerResponse & { [TRACE]?: RequestTrace };

/** A request being measured; every method is a no-op when nothing subscribed at its start. */
export class RequestTrace {
  readonly #start: bigint;
  readonly #startedAtMs: number;
  #operation = UNKNOWN_OPERATION;
  #errorCode: string | undefined;
  #firstByte: bigint | undefined;
  #requestId = '';
  #accessKey: string | undefined;
  #bucket = '';
  #object = '';
  #responseLength: number | undefined;

  readonly #req: IncomingMessage;
  readonly #api: RequestApi;

  private constructor(req: IncomingMessage, res: ServerResponse, api: RequestApi) {
    this.#start = process.hrtime.bigint();
    this.#startedAtMs = Date.now();
    this.#req = req;
    this.#api = api;
    startChannel.publish({ api } satisfies RequestStartEvent);
    // One shared listener (the response is `this`, its trace under TRACE): no closure per request.
    (res as TracedResponse)[TRACE] = this;
    res.on('close', RequestTrace.#onClose);
  }

  static readonly #onClose = function onClose(this: TracedResponse): void {
    const trace = this[TRACE];
    if (trace !== undefined) trace.#end(this);
  };

  #end(res: ServerResponse): void {
    const end = process.hrtime.bigint();
    const req = this.#req;
    const seconds = (t: bigint): number => Number(t - this.#start) / 1e9;
    endChannel.publish({
      api: this.#api,
      operation: this.#operation,
      statusCode: res.statusCode,
      errorCode: this.#errorCode,
      completed: res.writableFinished,
      rxBytes: declared(req.headers['content-length']),
      txBytes: this.#responseLength ?? declared(res.getHeader('content-length')),
      ttfbSeconds: seconds(this.#firstByte ?? end),
      durationSeconds: seconds(end),
      startedAtMs: this.#startedAtMs,
      requestId: this.#requestId,
      accessKey: this.#accessKey ?? '',
      bucket: this.#bucket,
      object: this.#object,
      remoteAddress: req.socket.remoteAddress ?? '',
      userAgent: req.headers['user-agent'] ?? '',
      requestHost: req.headers.host ?? '',
      requestPath: pathOf(req.url),
      method: req.method ?? '',
    } satisfies RequestEndEvent);
  }

  /** A trace, or undefined (measure nothing) while no one listens for request ends. */
  static open(req: IncomingMessage, res: ServerResponse, api: RequestApi): RequestTrace | undefined {
    return endChannel.hasSubscribers ? new RequestTrace(req, res, api) : undefined;
  }

  operation(name: string): void { this.#operation = name; }
  requestId(id: string): void { this.#requestId = id; }
  /** The routed bucket and key (either may be absent). */
  target(bucket: string | undefined, key: string | undefined): void {
    this.#bucket = bucket ?? '';
    this.#object = key ?? '';
  }
  /** The access key that signed the request. */
  accessKey(key: string): void { this.#accessKey = key; }
  /** The access key the request claimed, kept only if authentication never named one. */
  claimedAccessKey(key: string | undefined): void { this.#accessKey ??= key; }
  error(code: string): void { this.#errorCode = code; }
  /** The Content-Length of a head written whole with writeHead (setHeader's are read at the end). */
  responseLength(bytes: number): void { this.#responseLength = bytes; }
  /** The response head is about to be written (time to first byte). */
  firstByte(): void { this.#firstByte ??= process.hrtime.bigint(); }
}
