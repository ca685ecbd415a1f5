/**
 * MinIO KES as Cairn's KMS (the KES server API, https://github.com/minio/kes, `internal/api`):
 *   generate  PUT /v1/key/generate/<key>  {"context":b64}                -> {"plaintext":b64,"ciphertext":b64}
 *   decrypt   PUT /v1/key/decrypt/<key>   {"ciphertext":b64,"context":b64} -> {"plaintext":b64}
 *   create    PUT /v1/key/create/<key>                                      (400 "key already exists")
 *   describe  GET /v1/key/describe/<key>  -> {"name","algorithm","created_at","created_by"}
 *   status    GET /v1/status              -> {"version","uptime",...}
 * over mutual TLS: KES identifies Cairn by its client certificate (the SHA-256 of its public
 * key) and authorizes it by policy. The encryption context (canonical JSON) is bound by KES as
 * associated data. Errors are `{"message":"..."}`: 404 "key does not exist", 403 "not
 * authorized: insufficient permissions", 400 on a ciphertext that does not verify.
 */
import { KmsAccessDeniedError, KmsDecryptError, KmsKeyNotFoundError } from '../errors/domain-errors.js';
import { checkedKeyName } from './key-name.js';
import { canonicalContext, type DataKey, type DecryptRequest, type KeyRequest, type Kms, type KmsKeyStatus, type KmsStatus } from './kms.js';
import { base64Field, callKms, errorText, stringField, type KmsAnswer, type KmsEndpoint } from './kms-http.js';

export interface KesOptions {
  /** https://host:port with the client certificate (mTLS) and the CAs of the KES server. */
  readonly endpoint: KmsEndpoint;
}

export class KesKms implements Kms {
  readonly #endpoint: KmsEndpoint;

  constructor(opts: KesOptions) {
    this.#endpoint = opts.endpoint;
  }

  async generateDataKey(req: KeyRequest): Promise<DataKey> {
    const key = checkedKeyName(req.keyId);
    const answer = await callKms(this.#endpoint, {
      method: 'PUT', path: `/v1/key/generate/${key}`, body: { context: canonicalContext(req.context).toString('base64') },
    });
    this.#expectOk(key, answer);
    const plaintext = base64Field(answer.json, 'plaintext');
    const ciphertext = base64Field(answer.json, 'ciphertext');
    if (plaintext?.length !== 32 || ciphertext === undefined) throw new KmsAccessDeniedError(key, 'KES answered a data key without a 256-bit plaintext or a ciphertext');
    return { plaintext, ciphertext };
  }

  async decryptDataKey(req: DecryptRequest): Promise<Buffer> {
    const key = checkedKeyName(req.keyId);
    const answer = await callKms(this.#endpoint, {
      method: 'PUT', path: `/v1/key/decrypt/${key}`,
      body: { ciphertext: req.ciphertext.toString('base64'), context: canonicalContext(req.context).toString('base64') },
    });
    if (answer.status === 400) throw new KmsDecryptError(key, `KES${errorText(answer.json)}`);
    this.#expectOk(key, answer);
    const plaintext = base64Field(answer.json, 'plaintext');
    if (plaintext === undefined) throw new KmsDecryptError(key, 'KES answered without a plaintext');
    return plaintext;
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
    const algorithm = stringField(answer.json, 'algorithm');
    const created = stringField(answer.json, 'created_at');
    const createdAt = created !== undefined && !Number.isNaN(Date.parse(created)) ? new Date(created) : undefined;
    try {
      const probe = { keyId: key, context: { probe: 'cairn-key-status' } };
      const dataKey = await this.generateDataKey(probe);
      const back = await this.decryptDataKey({ ...probe, ciphertext: dataKey.ciphertext });
      return { keyId: key, usable: back.equals(dataKey.plaintext), algorithm, createdAt };
    } catch (err) {
      return { keyId: key, usable: false, algorithm, createdAt, error: (err as Error).message };
    }
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
