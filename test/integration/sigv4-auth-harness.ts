/**
 * A minimal in-process HTTP endpoint for testing s3/sigv4 with real clients: every request
 * goes through authenticate() and decodeBody(); PUT keeps the decoded bytes in memory, GET
 * and HEAD return them, and every S3Error is rendered as the S3 XML error. It records what
 * each request looked like (scheme, payload mode, trailers) so tests can assert which signing
 * flavour the client really used. Test harness only: no storage, no routing beyond the path.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isS3Error, S3Error } from '../../src/errors/s3-error.js';
import { authenticate, decodeBody, SigningKeyCache, type AuthResult } from '../../src/s3/sigv4/index.js';

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly version: 2 | 4;
  readonly scheme: AuthResult['method'];
  readonly payload: AuthResult['payload']['kind'];
  readonly trailers: Record<string, string>;
  readonly errorCode: string | undefined;
}

export interface AuthHarness {
  readonly port: number;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly region: string;
  readonly objects: Map<string, Buffer>;
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

export async function startAuthHarness(opts: { region?: string } = {}): Promise<AuthHarness> {
  const accessKey = 'CAIRNTESTAK';
  const secretKey = 'cairn+test/secret=key';
  const region = opts.region ?? 'us-east-1';
  const objects = new Map<string, Buffer>();
  const seen: SeenRequest[] = [];
  const keyCache = new SigningKeyCache();
  const store = { secretFor: (k: string) => (k === accessKey ? secretKey : undefined) };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    const method = req.method ?? 'GET';
    let auth: AuthResult | undefined;
    let trailers: () => Record<string, string> = () => ({});
    try {
      auth = authenticate({ method, rawPath, rawQuery, headers: req.headers, rawHeaders: req.rawHeaders }, store, {
        now: new Date(),
        region,
        keyCache,
      });
      if (auth.anonymous) throw new S3Error('AccessDenied');
      const decodedHeader = req.headers['x-amz-decoded-content-length'];
      const declared = Number(decodedHeader ?? req.headers['content-length'] ?? -1);
      const decoded = decodeBody(req, auth, { decodedLength: Number.isFinite(declared) ? declared : -1 });
      trailers = decoded.trailers;
      const key = decodeURIComponent(rawPath);
      if (method === 'PUT') {
        const data = await readAll(decoded.body);
        objects.set(key, data);
        res.writeHead(200, { etag: `"${createHash('md5').update(data).digest('hex')}"`, 'content-length': 0 });
        res.end();
      } else if (method === 'GET' || method === 'HEAD') {
        await readAll(decoded.body);
        const data = objects.get(key);
        if (data === undefined) {
          res.writeHead(404, { 'content-type': 'application/xml' });
          res.end(method === 'HEAD' ? undefined : '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>');
        } else {
          res.writeHead(200, { 'content-length': data.length, etag: `"${createHash('md5').update(data).digest('hex')}"`, 'last-modified': new Date().toUTCString() });
          res.end(method === 'HEAD' ? undefined : data);
        }
      } else {
        await readAll(decoded.body);
        res.writeHead(204);
        res.end();
      }
      seen.push({ method, path: rawPath, version: auth.version, scheme: auth.method, payload: auth.payload.kind, trailers: trailers(), errorCode: undefined });
    } catch (err) {
      const code = isS3Error(err) ? err.code : 'InternalError';
      const status = isS3Error(err) ? err.status : 500;
      const message = err instanceof Error ? err.message : String(err);
      seen.push({
        method,
        path: rawPath,
        version: auth?.version ?? 4,
        scheme: auth?.method ?? 'anonymous',
        payload: auth?.payload.kind ?? 'none',
        trailers: {},
        errorCode: code,
      });
      if (!res.headersSent) {
        res.writeHead(status, { 'content-type': 'application/xml', connection: 'close' });
        res.end(method === 'HEAD' ? undefined : `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`);
      } else {
        res.destroy();
      }
      req.resume();
    }
  }

  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    accessKey,
    secretKey,
    region,
    objects,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
