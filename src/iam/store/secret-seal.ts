/**
 * Secret access keys (and the stored root secret) are sealed at rest: AES-256-GCM under the
 * deployment's IAM sealing key (32 random bytes, system object `iam/seal-key.json`, itself
 * sealed by the KMS when one is configured: seal-key.ts), with the access key id as additional
 * data so a sealed secret cannot be moved to another key. The stored form is
 * `v1:<base64 iv||tag||ciphertext>`.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CorruptRecordError } from '../../errors/domain-errors.js';

const PREFIX = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretSealer {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new RangeError('the IAM sealing key must be 32 bytes');
    this.#key = key;
  }

  seal(accessKeyId: string, secret: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(accessKeyId, 'utf8'));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  unseal(accessKeyId: string, sealed: string): string {
    if (!sealed.startsWith(PREFIX)) throw new CorruptRecordError(`sealed secret of ${accessKeyId}: unknown format`);
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new CorruptRecordError(`sealed secret of ${accessKeyId}: too short`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(accessKeyId, 'utf8'));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch (err) {
      throw new CorruptRecordError(`sealed secret of ${accessKeyId} does not open with the IAM sealing key`, { cause: err });
    }
  }
}
