/**
 * A streaming multipart/form-data reader (RFC 7578) for browser POST uploads, bounded in memory.
 *
 * The fields before the file are read whole, but at most `maxPreDataBytes` of the body may come
 * before the file's first byte (AWS: 20 KB, MaxPostPreDataLengthExceededError). The part named
 * `file` (AWS requires that name and that it comes last) is handed out as a stream that yields
 * the body bytes as they arrive, holding back only the last `delimiter.length - 1` bytes of a
 * chunk in case the delimiter is split across chunks: a 1 GiB file never sits in memory.
 * Whatever follows the file (fields after it, the closing delimiter, an epilogue) is ignored,
 * as AWS ignores fields after the file. A body that ends before its delimiter is
 * MalformedPOSTRequest; a form without a `file` part is IncorrectNumberOfFilesInPostRequest.
 */
import { Readable } from 'node:stream';
import { S3Error } from '../../errors/s3-error.js';

export interface FormField {
  /** Lower-cased field name (AWS field names are case-insensitive). */
  readonly name: string;
  readonly value: string;
}

export interface FormFile {
  /** `filename` of the part's Content-Disposition ('' when absent). */
  readonly filename: string;
  /** Content-Type of the part, when sent. */
  readonly contentType: string | undefined;
  /** The file's bytes, streamed from the request body. */
  readonly stream: Readable;
}

export interface MultipartForm {
  /** Fields before the file, in order. */
  readonly fields: readonly FormField[];
  readonly file: FormFile;
}

export interface MultipartFormOptions {
  readonly boundary: string;
  /** Bytes of the body allowed before the file's first byte. */
  readonly maxPreDataBytes: number;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const FILE_FIELD = 'file';

function malformed(detail: string): S3Error {
  return new S3Error('MalformedPOSTRequest', { message: `The body of your POST request is not well-formed multipart/form-data. ${detail}` });
}

/** The boundary of a `multipart/form-data; boundary=...` Content-Type; 412 like AWS otherwise. */
export function formBoundary(contentType: string | undefined): string {
  const m = contentType === undefined ? null : /^\s*multipart\/form-data\s*(;.*)?$/i.exec(contentType);
  if (m === null) {
    throw new S3Error('PreconditionFailed', {
      message: 'At least one of the pre-conditions you specified did not hold',
      extra: { Condition: 'Bucket POST must be of the enclosure-type multipart/form-data' },
    });
  }
  const b = /;\s*boundary\s*=\s*(?:"([^"]{1,70})"|([^\s;,"]{1,70}))\s*(?:;|$)/i.exec(m[1] ?? '');
  const boundary = b?.[1] ?? b?.[2];
  if (boundary === undefined) throw malformed('The multipart boundary is missing.');
  return boundary;
}

/** name="..." / filename="..." of a Content-Disposition value. */
export function dispositionParams(value: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /;\s*([A-Za-z][A-Za-z0-9_*-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (let m = re.exec(value); m !== null; m = re.exec(value)) {
    const raw = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '').trim();
    out.set(m[1]!.toLowerCase(), raw);
  }
  return out;
}

/** Reads a body chunk by chunk, keeping only what has not been consumed yet. */
class BodyCursor {
  readonly #iter: AsyncIterator<Buffer | string>;
  buf: Buffer;
  pos = 0;
  /** Bytes consumed so far (before `pos`), for the pre-data limit. */
  consumed = 0;

  constructor(body: Readable, head: Buffer) {
    this.#iter = (body as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
    this.buf = head;
  }

  /** Appends the next chunk; false at the end of the body. */
  async more(): Promise<boolean> {
    const next = await this.#iter.next();
    if (next.done === true) return false;
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    this.buf = this.pos >= this.buf.length ? chunk : Buffer.concat([this.buf.subarray(this.pos), chunk]);
    this.pos = 0;
    return true;
  }

  advance(to: number): void {
    this.consumed += to - this.pos;
    this.pos = to;
  }

  async return(): Promise<void> {
    await this.#iter.return?.();
  }
}

class FormReader {
  readonly #cur: BodyCursor;
  readonly #delimiter: Buffer;
  readonly #max: number;

  constructor(body: Readable, opts: MultipartFormOptions) {
    // The body is read as if it began with CRLF, so the first delimiter looks like the others.
    this.#cur = new BodyCursor(body, Buffer.from(CRLF));
    this.#delimiter = Buffer.from(`\r\n--${opts.boundary}`);
    this.#max = opts.maxPreDataBytes + CRLF.length;
  }

  #checkPreData(extra: number): void {
    if (this.#cur.consumed + extra > this.#max) throw new S3Error('MaxPostPreDataLengthExceededError');
  }

  /** Index of `needle` at or after pos, reading more (within the pre-data limit) until found. */
  async #find(needle: Buffer): Promise<number> {
    const cur = this.#cur;
    for (;;) {
      const at = cur.buf.indexOf(needle, cur.pos);
      if (at >= 0) { this.#checkPreData(at - cur.pos); return at; }
      this.#checkPreData(cur.buf.length - cur.pos);
      if (!(await cur.more())) throw malformed('The body ended inside a part.');
    }
  }

  /** At least n unread bytes (false when the body ends first). */
  async #have(n: number): Promise<boolean> {
    while (this.#cur.buf.length - this.#cur.pos < n) if (!(await this.#cur.more())) return false;
    return true;
  }

  async read(): Promise<MultipartForm> {
    const cur = this.#cur;
    const fields: FormField[] = [];
    cur.advance((await this.#find(this.#delimiter)) + this.#delimiter.length); // preamble + first delimiter
    for (;;) {
      if (!(await this.#have(2))) throw malformed('The body ended after a delimiter.');
      if (cur.buf[cur.pos] === 0x2d && cur.buf[cur.pos + 1] === 0x2d) {
        throw new S3Error('IncorrectNumberOfFilesInPostRequest', { message: 'POST requires exactly one file upload per request.' });
      }
      const lineEnd = await this.#find(CRLF); // transport padding after the delimiter is ignored
      if (cur.buf.subarray(cur.pos, lineEnd).toString('latin1').trim() !== '') throw malformed('Junk after a delimiter.');
      cur.advance(lineEnd + CRLF.length);
      const headers = await this.#readHeaders();
      const params = dispositionParams(headers.get('content-disposition') ?? '');
      const name = params.get('name');
      if (name === undefined) throw malformed('A part has no Content-Disposition name.');
      if (name.toLowerCase() === FILE_FIELD) {
        return { fields, file: { filename: params.get('filename') ?? '', contentType: headers.get('content-type'), stream: this.#fileStream() } };
      }
      const end = await this.#find(this.#delimiter);
      fields.push({ name: name.toLowerCase(), value: cur.buf.subarray(cur.pos, end).toString('utf8') });
      cur.advance(end + this.#delimiter.length);
    }
  }

  async #readHeaders(): Promise<Map<string, string>> {
    const cur = this.#cur;
    const out = new Map<string, string>();
    // A part without headers starts right with the blank line.
    if (!(await this.#have(2))) throw malformed('The body ended inside part headers.');
    if (cur.buf[cur.pos] === 0x0d && cur.buf[cur.pos + 1] === 0x0a) { cur.advance(cur.pos + 2); return out; }
    const end = await this.#find(HEADER_END);
    for (const line of cur.buf.subarray(cur.pos, end).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) throw malformed('A part header is not a header line.');
      out.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    cur.advance(end + HEADER_END.length);
    return out;
  }

  #fileStream(): Readable {
    const cur = this.#cur;
    const delimiter = this.#delimiter;
    const keep = delimiter.length - 1;
    async function* chunks(): AsyncGenerator<Buffer> {
      try {
        for (;;) {
          const at = cur.buf.indexOf(delimiter, cur.pos);
          if (at >= 0) {
            if (at > cur.pos) yield cur.buf.subarray(cur.pos, at);
            cur.advance(at + delimiter.length);
            return;
          }
          const safe = cur.buf.length - keep;
          if (safe > cur.pos) {
            const out = cur.buf.subarray(cur.pos, safe);
            cur.advance(safe);
            yield out;
          }
          if (!(await cur.more())) throw malformed('The body ended before the end of the file.');
        }
      } finally {
        await cur.return();
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }
}

/** Reads the fields up to the file part; the file is streamed by the caller. */
export async function readMultipartForm(body: Readable, opts: MultipartFormOptions): Promise<MultipartForm> {
  return new FormReader(body, opts).read();
}
