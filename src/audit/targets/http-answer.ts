/**
 * Reads one HTTP/1.x answer from the bytes of a connection (http-post.ts): the status line and
 * headers, interim 1xx answers skipped, then the body framed by `Transfer-Encoding: chunked`,
 * `Content-Length`, or the connection's end (none for 204 and 304). Says whether the
 * connection may carry the next request, and hands on the bytes after it (leftover(): the next
 * answer of a pipelined connection). Bounded: a head over 64 KiB or a body over 16 MiB is
 * an error (an audit target's answer is a status and, for Elasticsearch, a JSON summary).
 */

const MAX_HEAD = 64 * 1024;
const MAX_BODY = 16 * 1024 * 1024;
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

type State = 'head' | 'fixed' | 'chunk-size' | 'chunk-data' | 'chunk-crlf' | 'trailers' | 'until-close' | 'done';

export class HttpAnswerParser {
  status = 0;
  /** Whether the connection can carry another request once this answer is read. */
  keepAlive = true;
  #state: State = 'head';
  /** Bytes received and not consumed yet. */
  #rest: Buffer = Buffer.alloc(0);
  #left = 0;
  readonly #body: Buffer[] = [];
  #bodyBytes = 0;

  /** Takes the next bytes; true once the answer is complete. Throws on a malformed answer. */
  push(chunk: Buffer): boolean {
    this.#rest = this.#rest.length === 0 ? chunk : Buffer.concat([this.#rest, chunk]);
    for (;;) {
      switch (this.#state) {
        case 'head': {
          const end = this.#rest.indexOf(HEAD_END);
          if (end < 0) {
            if (this.#rest.length > MAX_HEAD) throw new Error('the answer head is larger than 64 KiB');
            return false;
          }
          const head = this.#rest.toString('latin1', 0, end);
          this.#rest = this.#rest.subarray(end + 4);
          this.#head(head);
          break;
        }
        case 'fixed': {
          const n = Math.min(this.#left, this.#rest.length);
          this.#take(n);
          this.#left -= n;
          if (this.#left > 0) return false;
          this.#state = 'done';
          break;
        }
        case 'chunk-size': {
          const nl = this.#rest.indexOf(CRLF);
          if (nl < 0) {
            if (this.#rest.length > 1024) throw new Error('a chunk size line is too long');
            return false;
          }
          const line = this.#rest.toString('latin1', 0, nl);
          this.#rest = this.#rest.subarray(nl + 2);
          const hex = (line.split(';', 1)[0] ?? '').trim();
          if (!/^[0-9a-fA-F]{1,8}$/.test(hex)) throw new Error(`a bad chunk size ${JSON.stringify(line.slice(0, 20))}`);
          this.#left = parseInt(hex, 16);
          this.#state = this.#left === 0 ? 'trailers' : 'chunk-data';
          break;
        }
        case 'chunk-data': {
          const n = Math.min(this.#left, this.#rest.length);
          this.#take(n);
          this.#left -= n;
          if (this.#left > 0) return false;
          this.#state = 'chunk-crlf';
          break;
        }
        case 'chunk-crlf': {
          if (this.#rest.length < 2) return false;
          if (this.#rest[0] !== 0x0d || this.#rest[1] !== 0x0a) throw new Error('a chunk is not followed by CRLF');
          this.#rest = this.#rest.subarray(2);
          this.#state = 'chunk-size';
          break;
        }
        case 'trailers': {
          const nl = this.#rest.indexOf(CRLF);
          if (nl < 0) {
            if (this.#rest.length > MAX_HEAD) throw new Error('the trailers are larger than 64 KiB');
            return false;
          }
          this.#rest = this.#rest.subarray(nl + 2);
          if (nl === 0) this.#state = 'done';
          break;
        }
        case 'until-close':
          this.#take(this.#rest.length);
          return false;
        case 'done':
          // Bytes after the answer belong to the next one (pipelining: leftover()).
          return true;
      }
    }
  }

  /** The connection ended: true when that completes the answer (a body framed by the end). */
  end(): boolean {
    if (this.#state !== 'until-close') return this.#state === 'done';
    this.#state = 'done';
    return true;
  }

  /** Bytes received after this answer ended (the start of the next one, or bytes nobody asked for). */
  leftover(): Buffer {
    return this.#state === 'done' ? this.#rest : Buffer.alloc(0);
  }

  body(): string {
    return this.#body.length === 1 ? this.#body[0]!.toString('utf8') : Buffer.concat(this.#body).toString('utf8');
  }

  #take(n: number): void {
    if (n === 0) return;
    this.#bodyBytes += n;
    if (this.#bodyBytes > MAX_BODY) throw new Error('the answer body is larger than 16 MiB');
    this.#body.push(this.#rest.subarray(0, n));
    this.#rest = this.#rest.subarray(n);
  }

  #head(head: string): void {
    const lines = head.split('\r\n');
    const m = /^HTTP\/1\.([01]) (\d{3})(?: |$)/.exec(lines[0] ?? '');
    if (m === null) throw new Error(`not an HTTP/1.x answer: ${JSON.stringify((lines[0] ?? '').slice(0, 40))}`);
    const status = Number(m[2]);
    if (status >= 100 && status < 200) { this.#state = 'head'; return; } // interim answer (100 Continue, 103, ...)
    this.status = status;
    let contentLength: number | undefined;
    let chunked = false;
    let connection = '';
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      if (colon <= 0) throw new Error(`a malformed answer header ${JSON.stringify(line.slice(0, 40))}`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'content-length') {
        if (!/^\d{1,15}$/.test(value) || (contentLength !== undefined && contentLength !== Number(value))) throw new Error(`a bad Content-Length ${JSON.stringify(value)}`);
        contentLength = Number(value);
      } else if (name === 'transfer-encoding') {
        chunked = value.toLowerCase().split(',').map((s) => s.trim()).includes('chunked');
      } else if (name === 'connection') {
        connection += `${value.toLowerCase()},`;
      }
    }
    const tokens = connection.split(',').map((s) => s.trim());
    this.keepAlive = m[1] === '1' ? !tokens.includes('close') : tokens.includes('keep-alive');
    if (status === 204 || status === 304) this.#state = 'done';
    else if (chunked) this.#state = 'chunk-size';
    else if (contentLength !== undefined) {
      if (contentLength > MAX_BODY) throw new Error('the answer body is larger than 16 MiB');
      this.#left = contentLength;
      this.#state = contentLength === 0 ? 'done' : 'fixed';
    } else {
      this.#state = 'until-close';
      this.keepAlive = false;
    }
  }
}
