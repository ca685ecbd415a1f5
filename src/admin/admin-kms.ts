import type { KmsResealStatusDocument } from './wire-types.js';

/**
 * What the admin API reads from and asks of the KMS (AdminBackend.kms): the admin surface may
 * not import kms/, so compose/ hands in this view. Failures are the KMS domain errors
 * (errors/domain-errors.ts): KmsKeyNotFoundError, KmsUnavailableError, KmsAccessDeniedError.
 */
export interface AdminKmsStatus {
  readonly backend: 'builtin' | 'vault' | 'kes';
  /** The KMS URL (Vault, KES); absent for the built-in KMS. */
  readonly endpoint?: string;
  readonly defaultKeyId: string;
  readonly reachable: boolean;
  /** Round trip of the status call. */
  readonly latencyMs?: number;
  readonly version?: string;
  /** Why it is not reachable. */
  readonly error?: string;
  /** What seals and opens SSE packages on this server (crypto/aead-engine.ts), e.g. "OpenSSL 3.0.19 27 Jan 2026 (system libcrypto)". */
  readonly sseEngine?: string;
}

export interface AdminKmsKeyStatus {
  readonly keyId: string;
  /** A data key could be generated. */
  readonly encryptionOk: boolean;
  /** That data key decrypted back to the same bytes. */
  readonly decryptionOk: boolean;
  readonly error?: string;
}

/** An account's default key; `isDefault` when the account has none of its own (the deployment's). */
export interface AdminKmsAccountKey {
  readonly account: string;
  readonly keyId: string;
  readonly isDefault: boolean;
  /** Vault: the account's own Transit mount / namespace. */
  readonly vault?: { readonly mount?: string; readonly namespace?: string };
}

export interface AdminKms {
  /** Asks the KMS now (not the cached probe). */
  status(): Promise<AdminKmsStatus>;
  /** 'exists' when a key of that name exists already (left as it is). */
  createKey(keyId: string): Promise<'created' | 'exists'>;
  /** A generate / decrypt round trip through the key (the default key without a name). */
  keyStatus(keyId?: string): Promise<AdminKmsKeyStatus>;
  listKeys(): Promise<string[]>;
  /** Makes the key the account's default key (KmsAccessDeniedError: the key is another account's). */
  setAccountKey(binding: Omit<AdminKmsAccountKey, 'isDefault'>): Promise<void>;
  accountKey(account: string): Promise<AdminKmsAccountKey>;
  /** A new version of the key (KmsRotationUnsupportedError: KES, the built-in master key). */
  rotateKey(keyId: string): Promise<{ keyId: string; version: number }>;
  /** Starts (or continues) the background re-seal pass; AdminError XCairnAdminResealRunning when one runs. */
  startReseal(bucket: string | undefined): Promise<KmsResealStatusDocument>;
  resealStatus(): Promise<KmsResealStatusDocument>;
}
