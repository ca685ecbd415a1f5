/**
 * POSTs to one HTTP(S) endpoint over one keep-alive connection, written on a raw `net`/`tls`
 * socket: a target sends one request at a time, so a full HTTP client (ClientRequest,
 * IncomingMessage, an agent, a stream consumer per answer) is work done for nothing, and at
 * webhook batch size 1 every request of the server costs one POST.
 *
 * Request: `POST <path> HTTP/1.1`, Host, the target's fixed headers (and Basic auth from
 * user:password in the URL, as node:http does), Content-Type, Content-Length, then the body,
 * written with one socket write. Answer (http-answer.ts): the status line and headers, a body
 * framed by Content-Length, `Transfer-Encoding: chunked` or the connection's end; interim 1xx
 * answers are skipped. The connection is kept unless the answer says `Connection: close`, came
 * from an HTTP/1.0 server without keep-alive, or was framed by the connection's end. No answer
 * within DELIVERY_TIMEOUT_MS (checked once a second: the deadline is 15-16 s), an aborted
 * signal, a socket error or a connection closed mid-answer fail the POST and drop the
 * connection; the next POST opens a new one.
 * postAll() pipelines: several requests written with one socket write, their answers read in
 * order (an answer's leftover bytes start the next one). One exchange at a time; an answer
 * that closes the connection while requests are still unanswered fails the exchange, which
 * reports the answers it got (PipelineError.answers) so the caller knows which were stored.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { DELIVERY_TIMEOUT_MS } from './audit-target.js';
import { HttpAnswerParser } from './http-answer.js';

export interface PostAnswer {
  readonly status: number;
  readonly body: string;
}

/** How often the in-flight request's age is checked against its deadline. */
const WATCHDOG_MS = 1000;

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

function headerLines(headers: Readonly<Record<string, string>>): string {
  let out = '';
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) throw new Error(`invalid HTTP header name ${JSON.stringify(name)}`);
    if (!FIELD_VALUE.test(value)) throw new Error(`invalid characters in the value of HTTP header ${name}`);
    out += `${name}: ${value}\r\n`;
  }
  return out;
}

interface InFlight {
  readonly parser: HttpAnswerParser;
}

/** The requests written together (one post() or postAll()) and their answers so far. */
interface Exchange {
  readonly resolve: (a: PostAnswer[]) => void;
  readonly reject: (e: PipelineError) => void;
  readonly answers: PostAnswer[];
  readonly since: number;
}

/** A pipelined exchange failed after `answers` (the first answers, in order) came back. */
export class PipelineError extends Error {
  constructor(message: string, readonly answers: readonly PostAnswer[]) {
    super(message);
    this.name = 'PipelineError';
  }
}

export class HttpPoster {
  readonly #https: boolean;
  readonly #host: string;
  readonly #port: number;
  /** SNI name: the host unless it is an IP address (RFC 6066). */
  readonly #servername: string | undefined;
  /** `POST ... HTTP/1.1`, Host and the fixed headers. */
  readonly #head: string;
  #socket: Socket | undefined;
  /** The answers still awaited, oldest first (one per request written). */
  #inFlight: InFlight[] = [];
  #exchange: Exchange | undefined;
  #watchdog: NodeJS.Timeout | undefined;
  #signal: AbortSignal | undefined;
  #closed = false;
  readonly #timeoutMs: number;

  /** `timeoutMs`: how long an answer may take (default DELIVERY_TIMEOUT_MS; tests shorten it). */
  constructor(url: string, headers: Readonly<Record<string, string>> = {}, timeoutMs = DELIVERY_TIMEOUT_MS) {
    this.#timeoutMs = timeoutMs;
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`not an http(s) URL: ${url}`);
    this.#https = u.protocol === 'https:';
    this.#host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
    this.#port = u.port === '' ? (this.#https ? 443 : 80) : Number(u.port);
    this.#servername = isIP(this.#host) === 0 ? this.#host : undefined;
    const hasAuth = Object.keys(headers).some((k) => k.toLowerCase() === 'authorization');
    const auth: Record<string, string> = !hasAuth && (u.username !== '' || u.password !== '')
      ? { authorization: `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}` }
      : {};
    this.#head = `POST ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\n${headerLines({ ...auth, ...headers })}`;
  }

  /** One POST; resolves with the answer's status and body (any status), rejects when there is none. */
  async post(contentType: string, body: string, signal: AbortSignal): Promise<PostAnswer> {
    return (await this.postAll(contentType, [body], signal))[0]!;
  }

  /**
   * One POST per body, all written at once on the connection (HTTP/1.1 pipelining); resolves
   * with every answer in order (any status). Rejects with a PipelineError holding the answers
   * that came back before the connection failed, closed, timed out or the signal aborted.
   */
  postAll(contentType: string, bodies: readonly string[], signal: AbortSignal): Promise<PostAnswer[]> {
    if (this.#closed) return Promise.reject(new PipelineError('the poster is closed', []));
    if (signal.aborted) return Promise.reject(new PipelineError('aborted', []));
    if (this.#exchange !== undefined) return Promise.reject(new PipelineError('a POST is already in flight', []));
    if (bodies.length === 0) return Promise.resolve([]);
    if (signal !== this.#signal) {
      this.#signal = signal;
      signal.addEventListener('abort', () => { if (this.#signal === signal) this.#fail(new Error('aborted')); }, { once: true });
    }
    const socket = this.#socket ?? this.#connect();
    let text = '';
    for (const body of bodies) text += `${this.#head}Content-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    return new Promise<PostAnswer[]>((resolve, reject) => {
      this.#exchange = { resolve, reject, answers: [], since: Date.now() };
      this.#inFlight = bodies.map(() => ({ parser: new HttpAnswerParser() }));
      this.#watchdog ??= setInterval(() => this.#checkDeadline(), Math.min(WATCHDOG_MS, this.#timeoutMs)).unref();
      socket.write(text);
    });
  }

  /** A connection is open for the next POST (false after the peer closed it or a failure dropped it). */
  get connected(): boolean {
    return this.#socket !== undefined;
  }

  close(): void {
    this.#closed = true;
    this.#fail(new Error('the poster is closed'));
    clearInterval(this.#watchdog);
    this.#watchdog = undefined;
  }

  #connect(): Socket {
    const socket = this.#https
      ? tlsConnect({ host: this.#host, port: this.#port, ...(this.#servername !== undefined ? { servername: this.#servername } : {}), ALPNProtocols: ['http/1.1'] })
      : netConnect({ host: this.#host, port: this.#port });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#onData(socket, chunk));
    socket.on('end', () => this.#onEnd(socket));
    socket.on('error', (err) => { if (this.#socket === socket) this.#fail(err); });
    socket.on('close', () => { if (this.#socket === socket) this.#fail(new Error('the connection closed before the answer was complete')); });
    this.#socket = socket;
    return socket;
  }

  #onData(socket: Socket, chunk: Buffer): void {
    if (this.#socket !== socket) return;
    let bytes = chunk;
    while (bytes.length > 0) {
      const r = this.#inFlight[0];
      if (r === undefined) { this.#drop(); return; } // bytes nobody asked for: the connection cannot be trusted
      let done: boolean;
      try { done = r.parser.push(bytes); } catch (err) { this.#fail(err instanceof Error ? err : new Error(String(err))); return; }
      if (!done) return;
      bytes = r.parser.leftover();
      if (!this.#answered(r)) {
        // Exchange complete: bytes after its last answer were not asked for; do not reuse the connection.
        if (bytes.length > 0 && this.#socket === socket) this.#drop();
        return;
      }
    }
  }

  #onEnd(socket: Socket): void {
    if (this.#socket !== socket) return;
    const r = this.#inFlight[0];
    if (r !== undefined && r.parser.end() && !this.#answered(r)) return;
    if (this.#inFlight.length > 0) this.#fail(new Error('the connection closed before the answer was complete'));
    else this.#drop();
  }

  /**
   * The oldest request in flight got its answer. False when the connection cannot go on (the
   * answer closes it: requests still in flight fail; or the exchange is complete).
   */
  #answered(r: InFlight): boolean {
    const x = this.#exchange!;
    this.#inFlight.shift();
    x.answers.push({ status: r.parser.status, body: r.parser.body() });
    if (!r.parser.keepAlive) {
      if (this.#inFlight.length > 0) { this.#fail(new Error('the target closed the connection with requests unanswered')); return false; }
      this.#drop();
    }
    if (this.#inFlight.length > 0) return true;
    this.#exchange = undefined;
    x.resolve(x.answers);
    return false;
  }

  #checkDeadline(): void {
    const x = this.#exchange;
    if (x === undefined) {
      clearInterval(this.#watchdog);
      this.#watchdog = undefined;
      return;
    }
    if (Date.now() - x.since >= this.#timeoutMs) this.#fail(new Error(`no answer within ${this.#timeoutMs} ms`));
  }

  /** Fails the exchange in flight (if any) with the answers it got, and drops the connection. */
  #fail(err: Error): void {
    const x = this.#exchange;
    this.#exchange = undefined;
    this.#inFlight = [];
    this.#drop();
    x?.reject(new PipelineError(err.message, x.answers));
  }

  #drop(): void {
    const s = this.#socket;
    this.#socket = undefined;
    s?.destroy();
  }
}
