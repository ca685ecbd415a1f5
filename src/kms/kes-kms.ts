/**
 * MinIO KES as Cairn's KMS (the KES server API, https://github.com/minio/kes, `internal/api`):
 *   generate  PUT /v1/key/generate/<key>  {"context":b64}                -> {"plaintext":b64,"ciphertext":b64}
 *   decrypt   PUT /v1/key/decrypt/<key>   {"ciphertext":b64,"context":b64} -> {"plaintext":b64}
 *   create    PUT /v1/key/create/<key>                                      (400 "key already exists")
 *   describe  GET /v1/key/describe/<key>  -> {"name","algorithm","created_at","created_by"}
 *   list      GET /v1/key/list/*          -> {"names":[...]} (every key)
 *   status    GET /v1/status              -> {"version","uptime",...}
 * over mutual TLS: KES identifies Cairn by its client certificate (the SHA-256 of its public
 * key) and authorizes it by policy. The encryption context (canonical JSON) is bound by KES as
 * associated data. Errors are `{"message":"..."}`: 404 "key does not exist", 403 "not
 * authorized: insufficient permissions", 400 on a ciphertext that does not verify.
 * KES's API has no key rotation (keys are created, imported and deleted, never versioned):
 * `rotateKey` and `rewrapDataKey` are refused with KmsRotationUnsupportedError.
 */
import { canonicalContext, type EncryptionContext } from '../crypto/encryption-context.js';
import type { DataKey, KmsKeyStatus } from '../crypto/kms.js';
import { DecryptionFailedError, KmsAccessDeniedError, KmsKeyNotFoundError, KmsRotationUnsupportedError } from '../errors/domain-errors.js';
import { checkedKeyName } from './key-name.js';
import type { ExternalKms, KeyRotation, KmsStatus } from './kms.js';
import { roundTripStatus } from './round-trip-status.js';
import { base64Field, callKms, errorText, stringField, type KmsAnswer, type KmsEndpoint } from './kms-http.js';

export interface KesOptions {
  /** https://host:port with the client certificate (mTLS) and the CAs of the KES server. */
  readonly endpoint: KmsEndpoint;
}

export class KesKms implements ExternalKms {
  readonly #endpoint: KmsEndpoint;

  constructor(opts: KesOptions) {
    this.#endpoint = opts.endpoint;
  }

  async rotateKey(keyId: string): Promise<KeyRotation> {
    throw new KmsRotationUnsupportedError(keyId, 'KES has no key rotation API (a KES key is never versioned)');
  }

  async rewrapDataKey(keyId: string): Promise<Buffer | undefined> {
    throw new KmsRotationUnsupportedError(keyId, 'KES has no key rotation API (a KES key is never versioned)');
  }

  async generateDataKey(keyId: string, context: EncryptionContext): Promise<DataKey> {
    const key = checkedKeyName(keyId);
    const answer = await callKms(this.#endpoint, {
      method: 'PUT', path: `/v1/key/generate/${key}`, body: { context: Buffer.from(canonicalContext(context)).toString('base64') },
    });
    this.#expectOk(key, answer);
    const plaintext = base64Field(answer.json, 'plaintext');
    const ciphertext = base64Field(answer.json, 'ciphertext');
    if (plaintext?.length !== 32 || ciphertext === undefined) throw new KmsAccessDeniedError(key, 'KES answered a data key without a 256-bit plaintext or a ciphertext');
    return { keyId: key, plaintext, ciphertext };
  }

  async decrypt(keyId: string, ciphertext: Buffer, context: EncryptionContext): Promise<Buffer> {
    const key = checkedKeyName(keyId);
    const answer = await callKms(this.#endpoint, {
      method: 'PUT', path: `/v1/key/decrypt/${key}`,
      body: { ciphertext: ciphertext.toString('base64'), context: Buffer.from(canonicalContext(context)).toString('base64') },
    });
    if (answer.status === 400) throw new DecryptionFailedError(`KES key ${key}${errorText(answer.json)}`);
    this.#expectOk(key, answer);
    const plaintext = base64Field(answer.json, 'plaintext');
    if (plaintext === undefined) throw new DecryptionFailedError(`KES key ${key}: answered without a plaintext`);
    return plaintext;
  }

  async listKeys(): Promise<string[]> {
    // `*` lists every key (KES treats any other resource as a name prefix) in one answer.
    const answer = await callKms(this.#endpoint, { method: 'GET', path: '/v1/key/list/*' });
    this.#expectOk('(list)', answer);
    const names = (answer.json as { names?: unknown } | undefined)?.names;
    return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string').sort() : [];
  }

  async createKey(keyId: string): Promise<'created' | 'exists'> {
    const key = checkedKeyName(keyId);
    const answer = await callKms(this.#endpoint, { method: 'PUT', path: `/v1/key/create/${key}` });
    if (answer.status === 400 && /already exists/i.test(errorText(answer.json))) return 'exists';
    this.#expectOk(key, answer);
    return 'created';
  }

  async keyStatus(keyId: string): Promise<KmsKeyStatus> {
    const key = checkedKeyName(keyId);
    const answer = await callKms(this.#endpoint, { method: 'GET', path: `/v1/key/describe/${key}` });
    this.#expectOk(key, answer);
    return roundTripStatus(this, key);
  }

  async status(): Promise<KmsStatus> {
    const started = performance.now();
    const endpoint = this.#endpoint.url.origin;
    try {
      const answer = await callKms(this.#endpoint, { method: 'GET', path: '/v1/status' });
      if (answer.status !== 200) return { kind: 'kes', endpoint, reachable: false, error: `HTTP ${answer.status}${errorText(answer.json)}` };
      return { kind: 'kes', endpoint, reachable: true, latencyMs: performance.now() - started, version: stringField(answer.json, 'version') };
    } catch (err) {
      return { kind: 'kes', endpoint, reachable: false, error: (err as Error).message };
    }
  }

  async close(): Promise<void> {
    // Nothing held open: every call uses its own connection.
  }

  #expectOk(key: string, answer: KmsAnswer): void {
    if (answer.status === 200) return;
    const message = errorText(answer.json);
    if (answer.status === 404) throw new KmsKeyNotFoundError(key);
    throw new KmsAccessDeniedError(key, `KES HTTP ${answer.status}${message}`);
  }
}
