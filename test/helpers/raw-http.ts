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
