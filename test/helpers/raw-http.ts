/** Raw HTTP requests for what SDKs won't send: node:http with no agent, and bare sockets. */
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly text: string;
}

export interface RawRequest {
  readonly port: number;
  readonly method: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string | number>>;
  readonly body?: Buffer | string;
  readonly timeoutMs?: number;
}

export function rawRequest(req: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const r = request({
      host: '127.0.0.1',
      port: req.port,
      method: req.method,
      path: req.path,
      headers: req.headers,
      agent: false,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
      });
    });
    r.setTimeout(req.timeoutMs ?? 30_000, () => r.destroy(new Error(`${req.method} ${req.path} timed out`)));
    r.on('error', reject);
    r.end(req.body);
  });
}

/** The text of the first <Name>...</Name> element, or undefined. */
export function xmlValue(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m?.[1];
}

/** All <Name>...</Name> values in document order. */
export function xmlValues(xml: string, name: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g');
  for (let m = re.exec(xml); m !== null; m = re.exec(xml)) out.push(m[1]!);
  return out;
}

export function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port }, () => { s.off('error', reject); resolve(s); });
    s.once('error', reject);
  });
}

/** Everything the server sends until it closes the socket or `timeoutMs` passes. */
export function readUntilClose(socket: Socket, timeoutMs: number): Promise<{ data: string; closed: boolean }> {
  return new Promise((resolve) => {
    let data = '';
    const done = (closed: boolean): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve({ data, closed });
    };
    const onData = (c: Buffer): void => { data += c.toString('latin1'); };
    const onClose = (): void => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('data', onData);
    socket.on('close', onClose);
    socket.on('error', () => { /* reset by peer counts as closed */ });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface SocketResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/**
 * Reads one HTTP/1.1 response from a socket that may carry more: headers, then a body of
 * Content-Length bytes or a chunked body (none for HEAD, 204, 304).
 * Bytes beyond the response stay in `leftover` for the caller to inspect.
 */
export function readSocketResponse(socket: Socket, opts: { isHead: boolean; timeoutMs?: number; buffered?: Buffer }):
  Promise<SocketResponse & { leftover: Buffer }> {
  return new Promise((resolve, reject) => {
    let buf = opts.buffered ?? Buffer.alloc(0);
    const fail = (err: Error): void => { cleanup(); reject(err); };
    const timer = setTimeout(() => fail(new Error(`no complete response within ${opts.timeoutMs ?? 10_000} ms; got ${JSON.stringify(buf.toString('latin1').slice(0, 500))}`)), opts.timeoutMs ?? 10_000);
    const tryParse = (): void => {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString('latin1').split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? '')?.[1]);
      if (!Number.isFinite(status)) { fail(new Error(`bad status line: ${head[0]}`)); return; }
      const headers: Record<string, string> = {};
      for (const line of head.slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      const noBodyStatus = opts.isHead || status === 204 || status === 304 || (status >= 100 && status < 200);
      if (headers['transfer-encoding']?.includes('chunked') && !noBodyStatus) {
        const decoded = decodeChunked(buf.subarray(end + 4));
        if (!decoded) return;
        cleanup();
        resolve({ status, headers, body: decoded.body, leftover: decoded.rest });
        return;
      }
      const noBody = noBodyStatus;
      const length = noBody ? 0 : Number(headers['content-length'] ?? 0);
      const start = end + 4;
      if (buf.length < start + length) return;
      cleanup();
      resolve({ status, headers, body: buf.subarray(start, start + length), leftover: buf.subarray(start + length) });
    };
    const onData = (c: Buffer): void => { buf = Buffer.concat([buf, c]); tryParse(); };
    const onClose = (): void => fail(new Error(`socket closed before a complete response; got ${JSON.stringify(buf.toString('latin1').slice(0, 500))}`));
    const cleanup = (): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
    };
    socket.on('data', onData);
    socket.on('close', onClose);
    tryParse();
  });
}

/** Serialises a request head for a raw socket. */
export function requestHead(method: string, path: string, headers: Readonly<Record<string, string | number>>): string {
  let head = `${method} ${path} HTTP/1.1\r\n`;
  for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
  return `${head}\r\n`;
}

/** Decodes a complete chunked body (no trailers), or undefined while incomplete. */
function decodeChunked(data: Buffer): { body: Buffer; rest: Buffer } | undefined {
  const parts: Buffer[] = [];
  let pos = 0;
  for (let guard = 0; guard < 100_000; guard++) {
    const lineEnd = data.indexOf('\r\n', pos);
    if (lineEnd < 0) return undefined;
    const size = parseInt(data.subarray(pos, lineEnd).toString('latin1').split(';')[0]!, 16);
    if (!Number.isFinite(size)) throw new Error('bad chunk size line');
    const start = lineEnd + 2;
    if (size === 0) {
      if (data.length < start + 2) return undefined;
      return { body: Buffer.concat(parts), rest: data.subarray(start + 2) };
    }
    if (data.length < start + size + 2) return undefined;
    parts.push(data.subarray(start, start + size));
    pos = start + size + 2;
  }
  throw new Error('too many chunks');
}
