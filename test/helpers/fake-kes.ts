/**
 * An in-repo stand-in for a MinIO KES server (KES is in neither Debian nor npm), implementing,
 * field by field, the KES server API Cairn's KES client uses (github.com/minio/kes,
 * `internal/api`):
 *   GET /v1/status                 {"version","os","arch","uptime",...}
 *   PUT /v1/key/create/<name>      200; 400 {"message":"key already exists"}
 *   GET /v1/key/describe/<name>    {"name","algorithm","created_at","created_by"}
 *   GET /v1/key/list/<prefix>      {"names":[...],"continue_at":""} (`*` alone: every key)
 *   PUT /v1/key/generate/<name>    {"context":b64} -> {"plaintext":b64,"ciphertext":b64}
 *   PUT /v1/key/decrypt/<name>     {"ciphertext":b64,"context":b64} -> {"plaintext":b64}
 * over mutual TLS: a client certificate signed by the configured CA is required, and its
 * identity (hex SHA-256 of its SubjectPublicKeyInfo, as KES computes it) must be one of the
 * allowed identities, else 403 {"message":"not authorized: insufficient permissions"}. A
 * missing key is 404 {"message":"key does not exist"}; a ciphertext that does not verify
 * (tampered, other key, other context: the context is the AEAD's associated data) is 400
 * {"message":"decryption failed: ciphertext is not authentic"}.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { json as readJson } from 'node:stream/consumers';

export interface FakeKesOptions {
  readonly cert: Buffer;
  readonly key: Buffer;
  /** CA that signs the client certificates. */
  readonly clientCa: Buffer;
  /** Identities (hex SHA-256 of the client's public key) allowed to use every key. */
  readonly allowed: readonly string[];
}

export interface FakeKes {
  readonly url: string;
  readonly calls: { method: string; path: string; identity: string }[];
  stop(): Promise<void>;
}

/** The KES identity of a certificate: hex SHA-256 of its SubjectPublicKeyInfo (DER). */
export function kesIdentity(spkiDer: Buffer): string {
  return createHash('sha256').update(spkiDer).digest('hex');
}

interface KesKey { bytes: Buffer; createdAt: string; createdBy: string }

function send(res: ServerResponse, status: number, doc?: unknown): void {
  const body = doc === undefined ? '' : JSON.stringify(doc);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
const fail = (res: ServerResponse, status: number, message: string): void => send(res, status, { message });

function encrypt(key: Buffer, plaintext: Buffer, context: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(context);
  const bytes = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return Buffer.from(JSON.stringify({ aead: 'AES-256-GCM', iv: iv.toString('base64'), bytes: bytes.toString('base64') }));
}

function decrypt(key: Buffer, ciphertext: Buffer, context: Buffer): Buffer | undefined {
  try {
    const doc = JSON.parse(ciphertext.toString('utf8')) as { iv?: string; bytes?: string };
    const iv = Buffer.from(doc.iv ?? '', 'base64');
    const bytes = Buffer.from(doc.bytes ?? '', 'base64');
    if (iv.length !== 12 || bytes.length < 16) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(context);
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]);
  } catch {
    return undefined;
  }
}

export async function startFakeKes(opts: FakeKesOptions): Promise<FakeKes> {
  const keys = new Map<string, KesKey>();
  const calls: { method: string; path: string; identity: string }[] = [];
  const started = Date.now();
  const allowed = new Set(opts.allowed);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'https://kes').pathname;
    const peer = (req.socket as TLSSocket).getPeerX509Certificate();
    const identity = peer ? kesIdentity(peer.publicKey.export({ type: 'spki', format: 'der' })) : '';
    calls.push({ method: req.method ?? '', path, identity });
    if (!allowed.has(identity)) return fail(res, 403, 'not authorized: insufficient permissions');
    if (path === '/v1/status' && req.method === 'GET') {
      return send(res, 200, { version: 'v0.0.0-cairn-fake', os: 'linux', arch: 'amd64', uptime: Math.floor((Date.now() - started) / 1000), num_cpu: 2, num_cpu_used: 2, mem_heap_used: 0, mem_stack_used: 0 });
    }
    const list = /^\/v1\/key\/list\/(\*|[A-Za-z0-9_.-]{1,80})$/.exec(path);
    if (list && req.method === 'GET') {
      const prefix = list[1] === '*' ? '' : list[1]!;
      return send(res, 200, { names: [...keys.keys()].filter((n) => n.startsWith(prefix)).sort(), continue_at: '' });
    }
    const m = /^\/v1\/key\/(create|describe|generate|decrypt)\/([A-Za-z0-9_.-]{1,80})$/.exec(path);
    if (!m) return fail(res, 404, 'not found');
    const [, op, name] = m as unknown as [string, string, string];
    const wantMethod = op === 'describe' ? 'GET' : 'PUT';
    if (req.method !== wantMethod) return fail(res, 405, 'method not allowed');
    const body = req.method === 'PUT' ? ((await readJson(req).catch(() => ({}))) as Record<string, unknown>) : {};
    const key = keys.get(name);
    if (op === 'create') {
      if (key) return fail(res, 400, 'key already exists');
      keys.set(name, { bytes: randomBytes(32), createdAt: new Date().toISOString(), createdBy: identity });
      return send(res, 200);
    }
    if (!key) return fail(res, 404, 'key does not exist');
    if (op === 'describe') return send(res, 200, { name, algorithm: 'AES256', created_at: key.createdAt, created_by: key.createdBy });
    const context = Buffer.from(typeof body['context'] === 'string' ? body['context'] : '', 'base64');
    if (op === 'generate') {
      const plaintext = randomBytes(32);
      return send(res, 200, { plaintext: plaintext.toString('base64'), ciphertext: encrypt(key.bytes, plaintext, context).toString('base64') });
    }
    if (typeof body['ciphertext'] !== 'string') return fail(res, 400, 'invalid request body');
    const plaintext = decrypt(key.bytes, Buffer.from(body['ciphertext'], 'base64'), context);
    if (!plaintext) return fail(res, 400, 'decryption failed: ciphertext is not authentic');
    return send(res, 200, { plaintext: plaintext.toString('base64') });
  };

  const server = createServer({ cert: opts.cert, key: opts.key, ca: opts.clientCa, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    handle(req, res).catch((err: unknown) => fail(res, 500, String(err)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    calls,
    stop: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
