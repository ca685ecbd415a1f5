/**
 * External KMSs (Vault Transit, KES) behind the `Kms` contract of crypto/kms.ts, plus what an
 * operator needs from a remote service: creating a key, reachability, closing.
 *
 * Key hierarchy (SSE-S3 / SSE-KMS): a KMS master key (never leaves the KMS) seals a 256-bit
 * data key; the data key seals the object key that encrypts the body (crypto/). Cairn stores
 * only the sealed data key and the key id. The encryption context is always bound by the
 * object key's sealing (crypto/sealed-object-key.ts); KES and the built-in KMS bind it a second
 * time, Vault Transit keys without derivation do not.
 *
 * Failures are domain errors (errors/domain-errors.ts): `KmsUnavailableError` when the KMS
 * cannot be reached or answers 5xx (S3: 503, nothing written), `KmsKeyNotFoundError`,
 * `KmsAccessDeniedError` (the KMS refused Cairn's credentials), `DecryptionFailedError` (a
 * sealed data key the KMS does not accept for this key and context).
 */
import type { EncryptionContext } from '../crypto/encryption-context.js';
import type { Kms } from '../crypto/kms.js';

export interface KmsStatus {
  readonly kind: 'builtin' | 'vault' | 'kes';
  readonly endpoint?: string;
  readonly reachable: boolean;
  /** Round trip of the status call. */
  readonly latencyMs?: number;
  readonly version?: string;
  readonly error?: string;
}

/** A key rotation: the key's version that new data keys are sealed with from now on. */
export interface KeyRotation {
  readonly keyId: string;
  readonly version: number;
}

export interface ExternalKms extends Kms {
  /** Creates the master key; 'exists' when the KMS already has one by that name (left as it is). */
  createKey(keyId: string): Promise<'created' | 'exists'>;
  /**
   * A new version of the key: new data keys are sealed with it, data keys sealed by older
   * versions still open (KmsRotationUnsupportedError where the KMS cannot rotate).
   */
  rotateKey(keyId: string): Promise<KeyRotation>;
  /**
   * The data key sealed by `ciphertext` re-sealed with the key's newest version (the data key
   * itself stays), undefined when `ciphertext` is sealed by the newest version already.
   */
  rewrapDataKey(keyId: string, ciphertext: Buffer, context: EncryptionContext): Promise<Buffer | undefined>;
  status(): Promise<KmsStatus>;
  close(): Promise<void>;
}
