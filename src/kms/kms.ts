/**
 * The key management service contract: where the data keys that seal object keys come from.
 *
 * Key hierarchy (SSE-S3 / SSE-KMS): a KMS master key (never leaves the KMS: Vault Transit, KES,
 * or the built-in KMS) seals a 256-bit data key; the data key, bound to the object's
 * encryption context (bucket, key, account) by the sealing layer, seals the object key that
 * encrypts the body. Cairn stores only the sealed data key (`ciphertext`) and the key id.
 *
 * Failures are domain errors (errors/domain-errors.ts): `KmsUnavailableError` when the KMS
 * cannot be reached or answers 5xx (S3: 503, nothing written), `KmsKeyNotFoundError`,
 * `KmsAccessDeniedError` (the KMS refused Cairn's credentials), `KmsDecryptError` (a ciphertext
 * the KMS does not accept for this key and context).
 */

/** Encryption context: string pairs, serialized canonically (sorted keys) where a KMS takes one. */
export type KmsContext = Readonly<Record<string, string>>;

export interface DataKey {
  /** The 32-byte data key; callers wipe it after use. */
  readonly plaintext: Buffer;
  /** The data key sealed by the KMS master key: the only form that is stored. */
  readonly ciphertext: Buffer;
}

export interface KeyRequest {
  /** The master key's name in the KMS. */
  readonly keyId: string;
  readonly context: KmsContext;
}

export interface DecryptRequest extends KeyRequest {
  readonly ciphertext: Buffer;
}

export interface KmsKeyStatus {
  readonly keyId: string;
  /** Generate and decrypt both worked just now. */
  readonly usable: boolean;
  readonly algorithm?: string;
  readonly createdAt?: Date;
  /** Why it is not usable. */
  readonly error?: string;
}

export interface KmsStatus {
  readonly kind: 'builtin' | 'vault' | 'kes';
  readonly endpoint?: string;
  readonly reachable: boolean;
  /** Round trip of the status call. */
  readonly latencyMs?: number;
  readonly version?: string;
  readonly error?: string;
}

export interface Kms {
  generateDataKey(req: KeyRequest): Promise<DataKey>;
  decryptDataKey(req: DecryptRequest): Promise<Buffer>;
  /** Creates the master key; 'exists' when the KMS already has one by that name (left as it is). */
  createKey(keyId: string): Promise<'created' | 'exists'>;
  keyStatus(keyId: string): Promise<KmsKeyStatus>;
  status(): Promise<KmsStatus>;
  close(): Promise<void>;
}

/** The context as the bytes a KMS binds: JSON with sorted keys, no whitespace. */
export function canonicalContext(context: KmsContext): Buffer {
  const sorted: Record<string, string> = {};
  for (const k of Object.keys(context).sort()) sorted[k] = context[k]!;
  return Buffer.from(JSON.stringify(sorted), 'utf8');
}
