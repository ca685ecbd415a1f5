/**
 * HashiCorp Vault's Transit secrets engine as Cairn's KMS
 * (https://developer.hashicorp.com/vault/api-docs/secret/transit):
 *   generate  POST /v1/<mount>/datakey/plaintext/<key>  {"bits":256}
 *               -> data.plaintext (base64), data.ciphertext ("vault:v<N>:...")
 *   decrypt   POST /v1/<mount>/decrypt/<key>            {"ciphertext":"vault:v<N>:..."} -> data.plaintext
 *   rewrap    POST /v1/<mount>/rewrap/<key>             {"ciphertext"} -> data.ciphertext (newest key version)
 *   rotate    POST /v1/<mount>/keys/<key>/rotate        a new key version (older ones still decrypt)
 *   create    POST /v1/<mount>/keys/<key>               {"type":"aes256-gcm96"}
 *   describe  GET  /v1/<mount>/keys/<key>               -> data.type, data.latest_version, data.keys
 *   health    GET  /v1/sys/health                       -> initialized, sealed, version
 * with `X-Vault-Token` (static or AppRole, vault-token.ts) and `X-Vault-Namespace` when set.
 * The stored ciphertext is Vault's `vault:v<N>:` string as UTF-8 bytes. Vault errors are
 * `{"errors":[...]}`: 403 is a refused token (AppRole logs in once more, then
 * KmsAccessDeniedError), a missing key is KmsKeyNotFoundError, a refused ciphertext
 * DecryptionFailedError, a network failure or 5xx (a sealed Vault answers 503)
 * KmsUnavailableError. `listKeys` is Transit's `LIST /v1/<mount>/keys`.
 */
import type { EncryptionContext } from '../crypto/encryption-context.js';
import type { DataKey, KmsKeyStatus } from '../crypto/kms.js';
import { DecryptionFailedError, KmsAccessDeniedError, KmsKeyNotFoundError } from '../errors/domain-errors.js';
import { checkedKeyName } from './key-name.js';
import type { ExternalKms, KeyRotation, KmsStatus } from './kms.js';
import { base64Field, callKms, errorText, stringField, type KmsAnswer, type KmsCall, type KmsEndpoint } from './kms-http.js';
import { roundTripStatus } from './round-trip-status.js';
import { VaultToken, type VaultAuth } from './vault-token.js';

export interface VaultTransitOptions {
  readonly endpoint: KmsEndpoint;
  readonly auth: VaultAuth;
  /** Where the Transit engine is mounted (default `transit`). */
  readonly mount?: string;
  /** Vault Enterprise namespace (X-Vault-Namespace). */
  readonly namespace?: string;
}

const NOT_FOUND = /not found|no such key|does not exist/i;

/** The key version of a `vault:v<N>:` ciphertext. */
const versionOf = (ciphertext: string): string | undefined => /^vault:v(\d+):/.exec(ciphertext)?.[1];

export class VaultTransitKms implements ExternalKms {
  readonly #opts: VaultTransitOptions;
  readonly #token: VaultToken;
  readonly #mount: string;

  constructor(opts: VaultTransitOptions) {
    this.#opts = opts;
    this.#mount = (opts.mount ?? 'transit').replace(/^\/+|\/+$/g, '');
    this.#token = new VaultToken({ endpoint: opts.endpoint, auth: opts.auth, namespace: opts.namespace });
  }

  async generateDataKey(keyId: string, _context: EncryptionContext): Promise<DataKey> {
    const key = checkedKeyName(keyId);
    const answer = await this.#call(key, { method: 'POST', path: `/v1/${this.#mount}/datakey/plaintext/${key}`, body: { bits: 256 } });
    this.#expectOk(key, answer);
    const plaintext = base64Field(answer.json, 'data', 'plaintext');
    const ciphertext = stringField(answer.json, 'data', 'ciphertext');
    if (plaintext?.length !== 32 || ciphertext === undefined) throw new KmsAccessDeniedError(key, 'Vault answered a data key without a 256-bit plaintext or a ciphertext');
    return { keyId: key, plaintext, ciphertext: Buffer.from(ciphertext, 'utf8') };
  }

  async decrypt(keyId: string, ciphertext: Buffer, _context: EncryptionContext): Promise<Buffer> {
    const key = checkedKeyName(keyId);
    const answer = await this.#call(key, { method: 'POST', path: `/v1/${this.#mount}/decrypt/${key}`, body: { ciphertext: ciphertext.toString('utf8') } });
    if (answer.status === 400 && !NOT_FOUND.test(errorText(answer.json))) throw new DecryptionFailedError(`Vault key ${key}${errorText(answer.json)}`);
    this.#expectOk(key, answer);
    const plaintext = base64Field(answer.json, 'data', 'plaintext');
    if (plaintext === undefined) throw new DecryptionFailedError(`Vault key ${key}: answered without a plaintext`);
    return plaintext;
  }

  /**
   * Re-seals a data key with the key's newest version (after a key rotation); the data key
   * stays. Undefined when Vault answers the same version (the ciphertext was the newest).
   */
  async rewrapDataKey(keyId: string, ciphertext: Buffer, _context: EncryptionContext): Promise<Buffer | undefined> {
    const key = checkedKeyName(keyId);
    const given = ciphertext.toString('utf8');
    const answer = await this.#call(key, { method: 'POST', path: `/v1/${this.#mount}/rewrap/${key}`, body: { ciphertext: given } });
    if (answer.status === 400 && !NOT_FOUND.test(errorText(answer.json))) throw new DecryptionFailedError(`Vault key ${key}${errorText(answer.json)}`);
    this.#expectOk(key, answer);
    const rewrapped = stringField(answer.json, 'data', 'ciphertext');
    if (rewrapped === undefined) throw new DecryptionFailedError(`Vault key ${key}: answered a rewrap without a ciphertext`);
    return versionOf(rewrapped) === versionOf(given) ? undefined : Buffer.from(rewrapped, 'utf8');
  }

  /** POST keys/<key>/rotate, then the key's latest_version. */
  async rotateKey(keyId: string): Promise<KeyRotation> {
    const key = checkedKeyName(keyId);
    this.#expectOk(key, await this.#call(key, { method: 'POST', path: `/v1/${this.#mount}/keys/${key}/rotate` }));
    const described = await this.#call(key, { method: 'GET', path: `/v1/${this.#mount}/keys/${key}` });
    this.#expectOk(key, described);
    const latest = (described.json as { data?: { latest_version?: unknown } } | undefined)?.data?.latest_version;
    if (typeof latest !== 'number') throw new KmsAccessDeniedError(key, 'Vault described the key without a latest_version');
    return { keyId: key, version: latest };
  }

  async listKeys(): Promise<string[]> {
    const answer = await this.#call('(list)', { method: 'GET', path: `/v1/${this.#mount}/keys?list=true` });
    if (answer.status === 404) return [];
    this.#expectOk('(list)', answer);
    const keys = (answer.json as { data?: { keys?: unknown } } | undefined)?.data?.keys;
    return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string').sort() : [];
  }

  async createKey(keyId: string): Promise<'created' | 'exists'> {
    const key = checkedKeyName(keyId);
    // Vault's create is idempotent and says nothing about an existing key: look first.
    const existing = await this.#call(key, { method: 'GET', path: `/v1/${this.#mount}/keys/${key}` });
    if (existing.status === 200) return 'exists';
    const answer = await this.#call(key, { method: 'POST', path: `/v1/${this.#mount}/keys/${key}`, body: { type: 'aes256-gcm96' } });
    this.#expectOk(key, answer);
    return 'created';
  }

  async keyStatus(keyId: string): Promise<KmsKeyStatus> {
    const key = checkedKeyName(keyId);
    const answer = await this.#call(key, { method: 'GET', path: `/v1/${this.#mount}/keys/${key}` });
    this.#expectOk(key, answer);
    return roundTripStatus(this, key);
  }

  async status(): Promise<KmsStatus> {
    const started = performance.now();
    const endpoint = this.#opts.endpoint.url.origin;
    try {
      // sys/health answers 200 (active), 429 (standby), 472/473 (DR/perf standby), 501 (not
      // initialized), 503 (sealed): callKms turns 5xx into an error.
      const answer = await callKms(this.#opts.endpoint, { method: 'GET', path: '/v1/sys/health' });
      const latencyMs = performance.now() - started;
      const version = stringField(answer.json, 'version');
      const sealed = (answer.json as { sealed?: unknown } | undefined)?.sealed === true;
      return { kind: 'vault', endpoint, reachable: answer.status === 200 && !sealed, latencyMs, version, ...(answer.status !== 200 ? { error: `HTTP ${answer.status}` } : {}) };
    } catch (err) {
      return { kind: 'vault', endpoint, reachable: false, error: (err as Error).message };
    }
  }

  async close(): Promise<void> {
    // Nothing held open: every call uses its own connection.
  }

  async #call(key: string, call: KmsCall): Promise<KmsAnswer> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.#token.get();
      const headers: Record<string, string> = { 'x-vault-token': token };
      if (this.#opts.namespace) headers['x-vault-namespace'] = this.#opts.namespace;
      const answer = await callKms(this.#opts.endpoint, { ...call, headers });
      if (answer.status === 403 && attempt === 0 && this.#token.canRelogin) {
        this.#token.invalidate();
        continue;
      }
      if (answer.status === 403) throw new KmsAccessDeniedError(key, `Vault${errorText(answer.json) || ': permission denied'}`);
      return answer;
    }
  }

  #expectOk(key: string, answer: KmsAnswer): void {
    if (answer.status === 200 || answer.status === 204) return;
    const message = errorText(answer.json);
    if (answer.status === 404 || NOT_FOUND.test(message)) throw new KmsKeyNotFoundError(key);
    throw new KmsAccessDeniedError(key, `Vault HTTP ${answer.status}${message}`);
  }
}
