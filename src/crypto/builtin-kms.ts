/**
 * The built-in KMS: master keys held in memory (CAIRN_KMS_SECRET_KEY, kms-secret-key.ts),
 * data keys generated at random and sealed by the named master key with AES-256-GCM:
 *
 *   sealingKey = HMAC-SHA256(masterKey, "CAIRN-KMS builtin v1" || 0x00 || iv)
 *   aad        = "CAIRN-KMS" || version || uint16be(len(name)) || name || canonicalContext(ctx)
 *   ciphertext = version (0x01) || iv (32) || nonce (12) || AES-256-GCM(sealingKey, nonce, aad, dataKey) || tag (16)
 *
 * (93 bytes). The key name and the context are authenticated: a ciphertext opens only under
 * the master key and context it was made for. A new format gets a new version byte; this one
 * stays readable. Remote KMSes (Vault Transit, KES) implement the same `Kms` contract.
 */
import { randomInto, secureRandomBytes } from '../util/random-pool.js';
import { hmacSha256 } from './hmac-sha256.js';
import { CorruptRecordError, KmsConfigError, KmsKeyNotFoundError } from '../errors/domain-errors.js';
import { KEY_BYTES, NONCE_BYTES, open, sealInto, TAG_BYTES, type AeadInput } from './cipher-suite.js';
import { canonicalContext, type EncryptionContext } from './encryption-context.js';
import type { DataKey, Kms, KmsKeyStatus } from './kms.js';
import { parseMasterKey, type MasterKey } from './kms-secret-key.js';

const VERSION = 1;
const IV_BYTES = 32;
const SEAL_LABEL = Buffer.from('CAIRN-KMS builtin v1\0', 'latin1');
const AAD_LABEL = Buffer.from('CAIRN-KMS', 'latin1');
export const BUILTIN_CIPHERTEXT_BYTES = 1 + IV_BYTES + NONCE_BYTES + KEY_BYTES + TAG_BYTES;

export interface BuiltinKmsOptions {
  readonly keys: readonly MasterKey[];
}

export class BuiltinKms implements Kms {
  private readonly keys = new Map<string, Buffer>();

  /** The built-in KMS of one `NAME:BASE64KEY` value (CAIRN_KMS_SECRET_KEY). */
  static fromSecretKey(value: string): BuiltinKms {
    return new BuiltinKms({ keys: [parseMasterKey(value)] });
  }

  constructor(options: BuiltinKmsOptions) {
    for (const { name, key } of options.keys) {
      if (this.keys.has(name)) throw new KmsConfigError(`KMS key ${name} is given twice`);
      if (key.length !== KEY_BYTES) throw new KmsConfigError(`KMS key ${name} must be ${KEY_BYTES} bytes, got ${key.length}`);
      this.keys.set(name, Buffer.from(key));
    }
  }

  async generateDataKey(keyId: string, context: EncryptionContext): Promise<DataKey> {
    const plaintext = secureRandomBytes(KEY_BYTES);
    return { keyId, plaintext, ciphertext: this.sealDataKey(keyId, plaintext, context) };
  }

  /** `plaintext` (a data key) sealed by `keyId` for `context`: what generateDataKey returns as ciphertext (key rotation re-seals with it). */
  sealDataKey(keyId: string, plaintext: Buffer, context: EncryptionContext): Buffer {
    const master = this.masterKey(keyId);
    const head = 1 + IV_BYTES + NONCE_BYTES;
    const out = Buffer.allocUnsafe(head + plaintext.length + TAG_BYTES);
    out[0] = VERSION;
    randomInto(out, 1, IV_BYTES + NONCE_BYTES);
    const iv = out.subarray(1, 1 + IV_BYTES);
    const nonce = out.subarray(1 + IV_BYTES, head);
    sealInto(this.aead({ master, keyId, iv, nonce, context }), plaintext, out.subarray(head));
    return out;
  }

  async decrypt(keyId: string, ciphertext: Buffer, context: EncryptionContext): Promise<Buffer> {
    const master = this.masterKey(keyId);
    if (ciphertext.length !== BUILTIN_CIPHERTEXT_BYTES) {
      throw new CorruptRecordError(`KMS ciphertext is ${ciphertext.length} bytes, expected ${BUILTIN_CIPHERTEXT_BYTES}`);
    }
    if (ciphertext[0] !== VERSION) throw new CorruptRecordError(`KMS ciphertext version ${ciphertext[0]} is unknown`);
    const iv = ciphertext.subarray(1, 1 + IV_BYTES);
    const nonce = ciphertext.subarray(1 + IV_BYTES, 1 + IV_BYTES + NONCE_BYTES);
    return open(this.aead({ master, keyId, iv, nonce, context }), ciphertext.subarray(1 + IV_BYTES + NONCE_BYTES), `data key sealed by ${keyId}`);
  }

  async keyStatus(keyId: string): Promise<KmsKeyStatus> {
    const context = { purpose: 'key-status' };
    const dataKey = await this.generateDataKey(keyId, context);
    try {
      const back = await this.decrypt(keyId, dataKey.ciphertext, context);
      return { keyId, encryptionOk: true, decryptionOk: back.equals(dataKey.plaintext) };
    } catch (err) {
      return { keyId, encryptionOk: true, decryptionOk: false, error: (err as Error).message };
    }
  }

  async listKeys(): Promise<string[]> {
    return [...this.keys.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  private masterKey(keyId: string): Buffer {
    const key = this.keys.get(keyId);
    if (key === undefined) throw new KmsKeyNotFoundError(keyId);
    return key;
  }

  private aead(input: { master: Buffer; keyId: string; iv: Buffer; nonce: Buffer; context: EncryptionContext }): AeadInput {
    const key = hmacSha256(input.master, SEAL_LABEL, input.iv);
    const context = canonicalContext(input.context);
    const nameBytes = Buffer.byteLength(input.keyId, 'utf8');
    const aad = Buffer.allocUnsafe(AAD_LABEL.length + 3 + nameBytes + Buffer.byteLength(context, 'utf8'));
    let at = AAD_LABEL.copy(aad, 0);
    aad[at++] = VERSION;
    at = aad.writeUInt16BE(nameBytes, at);
    at += aad.write(input.keyId, at, 'utf8');
    aad.write(context, at, 'utf8');
    return { cipher: 'aes-256-gcm', key, nonce: input.nonce, aad };
  }
}
