/**
 * An in-repo stand-in for HashiCorp Vault (no Vault server can be installed here: it is in
 * neither Debian nor npm), implementing, field by field, the parts of Vault's documented HTTP
 * API that Cairn's Vault client uses:
 *   GET  /v1/sys/health                         (200 active; 503 when sealed)
 *   POST /v1/auth/approle/login                 role_id + secret_id -> auth.client_token, lease_duration
 *   POST /v1/transit/keys/:name                 create (type aes256-gcm96), 204
 *   GET  /v1/transit/keys/:name                 data.{name,type,latest_version,keys}; 404 {"errors":[]}
 *   LIST /v1/transit/keys (or GET ?list=true)   data.keys; 404 {"errors":[]} when there are none
 *   POST /v1/transit/keys/:name/rotate          a new key version
 *   POST /v1/transit/datakey/plaintext/:name    data.{plaintext,ciphertext,key_version}
 *   POST /v1/transit/decrypt/:name              data.plaintext
 *   POST /v1/transit/rewrap/:name               data.{ciphertext,key_version}
 * Tokens in `X-Vault-Token` (a root token, or AppRole tokens with a TTL); errors as Vault's
 * `{"errors":[...]}` (403 "permission denied", 400 "encryption key not found", 503 "Vault is
 * sealed"); ciphertexts `vault:v<N>:` + base64(nonce | AES-256-GCM ciphertext | tag), as
 * Transit's aes256-gcm96 keys produce them. Listens on 127.0.0.1 (plain HTTP or TLS).
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { json as readJson } from 'node:stream/consumers';

export interface FakeVaultOptions {
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer };
  /** Lease of AppRole tokens, seconds (default 3600). */
  readonly tokenTtlSeconds?: number;
  /** Mount of the Transit engine (default transit). */
  readonly mount?: string;
  /** Require this X-Vault-Namespace on every call but sys/health. */
  readonly namespace?: string;
}

export interface FakeVault {
  readonly url: string;
  readonly rootToken: string;
  readonly roleId: string;
  readonly secretId: string;
  /** Every call received: method, path, whether it carried a token. */
  readonly calls: { method: string; path: string }[];
  logins(): number;
  seal(sealed: boolean): void;
  /** Revokes every AppRole token (the next call with one gets 403). */
  revokeTokens(): void;
  stop(): Promise<void>;
}

interface TransitKey { versions: Buffer[]; created: number }

function send(res: ServerResponse, status: number, doc?: unknown): void {
  const body = doc === undefined ? '' : JSON.stringify(doc);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
const errors = (res: ServerResponse, status: number, ...messages: string[]): void => send(res, status, { errors: messages });
const envelope = (data: unknown): unknown => ({
  request_id: randomUUID(), lease_id: '', renewable: false, lease_duration: 0, data, wrap_info: null, warnings: null, auth: null,
});

function seal(key: Buffer, plaintext: Buffer, version: number): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return `vault:v${version}:${Buffer.concat([nonce, ct, cipher.getAuthTag()]).toString('base64')}`;
}

function unseal(k: TransitKey, ciphertext: string): Buffer | string {
  const m = /^vault:v(\d+):([A-Za-z0-9+/=]+)$/.exec(ciphertext);
  if (!m) return 'invalid ciphertext: no prefix';
  const key = k.versions[Number(m[1]) - 1];
  if (!key) return 'invalid ciphertext: key version not found';
  const raw = Buffer.from(m[2]!, 'base64');
  if (raw.length < 28) return 'invalid ciphertext: too short';
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
  } catch {
    return 'cipher: message authentication failed';
  }
}

export async function startFakeVault(opts: FakeVaultOptions = {}): Promise<FakeVault> {
  const mount = opts.mount ?? 'transit';
  const rootToken = `hvs.root-${randomBytes(8).toString('hex')}`;
  const roleId = randomUUID();
  const secretId = randomUUID();
  const tokens = new Map<string, number>([[rootToken, Number.MAX_SAFE_INTEGER]]);
  const keys = new Map<string, TransitKey>();
  const calls: { method: string; path: string }[] = [];
  let sealed = false;
  let logins = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://vault');
    const path = url.pathname;
    calls.push({ method: req.method ?? '', path });
    const body = req.method === 'POST' ? ((await readJson(req).catch(() => ({}))) as Record<string, unknown>) : {};
    if (path === '/v1/sys/health') {
      send(res, sealed ? 503 : 200, { initialized: true, sealed, standby: false, version: '1.15.0-cairn-fake', cluster_name: 'fake' });
      return;
    }
    if (sealed) return errors(res, 503, 'Vault is sealed');
    if (opts.namespace !== undefined && req.headers['x-vault-namespace'] !== opts.namespace) {
      return errors(res, 404, `no handler for route "${path.slice(4)}". route entry not found.`);
    }
    if (path === '/v1/auth/approle/login' && req.method === 'POST') {
      if (body['role_id'] !== roleId) return errors(res, 400, 'invalid role ID');
      if (body['secret_id'] !== secretId) return errors(res, 400, 'invalid secret id');
      logins++;
      const token = `hvs.${randomBytes(12).toString('hex')}`;
      const ttl = opts.tokenTtlSeconds ?? 3600;
      tokens.set(token, Date.now() + ttl * 1000);
      send(res, 200, { ...(envelope(null) as object), auth: { client_token: token, accessor: randomUUID(), policies: ['default', 'cairn'], lease_duration: ttl, renewable: true } });
      return;
    }
    const token = req.headers['x-vault-token'];
    const expires = typeof token === 'string' ? tokens.get(token) : undefined;
    if (expires === undefined || expires < Date.now()) return errors(res, 403, 'permission denied');

    if (path === `/v1/${mount}/keys` && (req.method === 'LIST' || (req.method === 'GET' && url.searchParams.get('list') === 'true'))) {
      if (keys.size === 0) return errors(res, 404);
      return send(res, 200, envelope({ keys: [...keys.keys()].sort() }));
    }
    const m = new RegExp(`^/v1/${mount}/(keys|datakey/plaintext|decrypt|rewrap)/([^/]+)(/rotate)?$`).exec(path);
    if (!m) return errors(res, 404, `no handler for route "${path.slice(4)}". route entry not found.`);
    const [, op, name, rotate] = m as unknown as [string, string, string, string | undefined];
    const key = keys.get(name);
    if (op === 'keys' && rotate) {
      if (!key) return errors(res, 400, 'encryption key not found');
      key.versions.push(randomBytes(32));
      return send(res, 204);
    }
    if (op === 'keys' && req.method === 'POST') {
      if (!key) keys.set(name, { versions: [randomBytes(32)], created: Date.now() });
      return send(res, 204);
    }
    if (op === 'keys' && req.method === 'GET') {
      if (!key) return errors(res, 404);
      const versions = Object.fromEntries(key.versions.map((_, i) => [String(i + 1), Math.floor(key.created / 1000)]));
      return send(res, 200, envelope({ name, type: 'aes256-gcm96', latest_version: key.versions.length, min_decryption_version: 1, keys: versions, derived: false, exportable: false, supports_encryption: true, supports_decryption: true }));
    }
    if (!key) return errors(res, 400, 'encryption key not found');
    const latest = key.versions.length;
    if (op === 'datakey/plaintext') {
      const bits = body['bits'] ?? 256;
      if (bits !== 128 && bits !== 256 && bits !== 512) return errors(res, 400, 'invalid bits given');
      const plaintext = randomBytes((bits as number) / 8);
      return send(res, 200, envelope({ plaintext: plaintext.toString('base64'), ciphertext: seal(key.versions[latest - 1]!, plaintext, latest), key_version: latest }));
    }
    const ciphertext = body['ciphertext'];
    if (typeof ciphertext !== 'string') return errors(res, 400, 'missing ciphertext to decrypt');
    const opened = unseal(key, ciphertext);
    if (typeof opened === 'string') return errors(res, 400, opened);
    if (op === 'decrypt') return send(res, 200, envelope({ plaintext: opened.toString('base64') }));
    return send(res, 200, envelope({ ciphertext: seal(key.versions[latest - 1]!, opened, latest), key_version: latest }));
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((err: unknown) => errors(res, 500, String(err)));
  };
  const server: Server = opts.tls ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, listener) : createHttpServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    rootToken, roleId, secretId, calls,
    logins: () => logins,
    seal: (s) => { sealed = s; },
    revokeTokens: () => { for (const t of [...tokens.keys()]) if (t !== rootToken) tokens.delete(t); },
    stop: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
