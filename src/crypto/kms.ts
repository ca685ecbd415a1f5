/**
 * The KMS contract: every KMS (the built-in one, Vault Transit, KES) generates data keys under
 * a named master key and decrypts them again, both bound to an encryption context. The
 * context is authenticated, not secret: decrypting with another context fails.
 */
import type { EncryptionContext } from './encryption-context.js';

export interface DataKey {
  /** Name of the master key that sealed it. */
  readonly keyId: string;
  /** The 32-byte data key, to use and forget. */
  readonly plaintext: Buffer;
  /** The data key sealed by the master key, to store. */
  readonly ciphertext: Buffer;
}

export interface KmsKeyStatus {
  readonly keyId: string;
  /** A data key could be generated. */
  readonly encryptionOk: boolean;
  /** That data key decrypted back to the same bytes. */
  readonly decryptionOk: boolean;
  /** Why a check failed, when one did. */
  readonly error?: string;
}

export interface Kms {
  /** A new data key sealed by `keyId` for `context` (KmsKeyNotFoundError for an unknown key). */
  generateDataKey(keyId: string, context: EncryptionContext): Promise<DataKey>;
  /** The plaintext of a data key `generateDataKey(keyId, context)` returned (DecryptionFailedError otherwise). */
  decrypt(keyId: string, ciphertext: Buffer, context: EncryptionContext): Promise<Buffer>;
  /** Round-trips a data key through `keyId` (KmsKeyNotFoundError for an unknown key). */
  keyStatus(keyId: string): Promise<KmsKeyStatus>;
  /** The names of the master keys, sorted. */
  listKeys(): Promise<string[]>;
}
