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
 * connection; the next POST opens a new one. No pipelining: one request in flight.
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
  readonly resolve: (a: PostAnswer) => void;
  readonly reject: (e: Error) => void;
  readonly parser: HttpAnswerParser;
  readonly since: number;
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
  #inFlight: InFlight | undefined;
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
  post(contentType: string, body: string, signal: AbortSignal): Promise<PostAnswer> {
    if (this.#closed) return Promise.reject(new Error('the poster is closed'));
    if (signal.aborted) return Promise.reject(new Error('aborted'));
    if (this.#inFlight !== undefined) return Promise.reject(new Error('a POST is already in flight'));
    if (signal !== this.#signal) {
      this.#signal = signal;
      signal.addEventListener('abort', () => { if (this.#signal === signal) this.#fail(new Error('aborted')); }, { once: true });
    }
    const socket = this.#socket ?? this.#connect();
    return new Promise<PostAnswer>((resolve, reject) => {
      this.#inFlight = { resolve, reject, parser: new HttpAnswerParser(), since: Date.now() };
      this.#watchdog ??= setInterval(() => this.#checkDeadline(), Math.min(WATCHDOG_MS, this.#timeoutMs)).unref();
      socket.write(`${this.#head}Content-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
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
    const r = this.#inFlight;
    if (this.#socket !== socket) return;
    if (r === undefined) { this.#drop(); return; } // bytes nobody asked for: the connection cannot be trusted
    let done: boolean;
    try { done = r.parser.push(chunk); } catch (err) { this.#fail(err instanceof Error ? err : new Error(String(err))); return; }
    if (done) this.#finish(r);
  }

  #onEnd(socket: Socket): void {
    if (this.#socket !== socket) return;
    const r = this.#inFlight;
    if (r !== undefined && r.parser.end()) { this.#finish(r); return; }
    this.#fail(new Error('the connection closed before the answer was complete'));
  }

  #finish(r: InFlight): void {
    this.#inFlight = undefined;
    if (!r.parser.keepAlive) this.#drop();
    r.resolve({ status: r.parser.status, body: r.parser.body() });
  }

  #checkDeadline(): void {
    const r = this.#inFlight;
    if (r === undefined) {
      clearInterval(this.#watchdog);
      this.#watchdog = undefined;
      return;
    }
    if (Date.now() - r.since >= this.#timeoutMs) this.#fail(new Error(`no answer within ${this.#timeoutMs} ms`));
  }

  /** Fails the request in flight (if any) and drops the connection. */
  #fail(err: Error): void {
    const r = this.#inFlight;
    this.#inFlight = undefined;
    this.#drop();
    r?.reject(err);
  }

  #drop(): void {
    const s = this.#socket;
    this.#socket = undefined;
    s?.destroy();
  }
}
