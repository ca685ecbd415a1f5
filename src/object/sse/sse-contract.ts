/**
 * Server-side encryption as the ObjectLayer contract states it (re-exported by
 * object-layer.ts, the only object/ file the surfaces import): how a write asks for
 * encryption, the customer key a read of an SSE-C object brings, and how a stored object is
 * encrypted (ObjectInfo.encryption). Keys are raw bytes here; the surface decodes headers.
 */

/** SSE-S3 (x-amz-server-side-encryption: AES256), SSE-KMS (aws:kms), SSE-C (customer key). */
export type SseMode = 'SSE-S3' | 'SSE-KMS' | 'SSE-C';

/** A customer-provided key (SSE-C): 32 bytes and the base64 MD5 the client declared for it (checked). */
export interface CustomerKey {
  readonly key: Buffer;
  readonly keyMd5: string;
}

/** How a new object (or upload) is to be encrypted. */
export type EncryptionRequest =
  | { readonly mode: 'SSE-S3' }
  | {
    readonly mode: 'SSE-KMS';
    /** The KMS key name; the deployment's default key when absent. */
    readonly keyId?: string;
    /** x-amz-server-side-encryption-context: bound to the data key beside account/bucket/key. */
    readonly context?: Readonly<Record<string, string>>;
    readonly bucketKeyEnabled?: boolean;
  }
  | { readonly mode: 'SSE-C'; readonly customerKey: CustomerKey };

/** How a stored object is encrypted (response headers of GET/HEAD/PUT/Copy). */
export interface ObjectEncryption {
  readonly mode: SseMode;
  /** SSE-S3 / SSE-KMS: the KMS key that sealed the data key. */
  readonly kmsKeyId?: string;
  /** SSE-KMS: the context the client gave (without the account/bucket/key binding). */
  readonly context?: Readonly<Record<string, string>>;
  readonly bucketKeyEnabled?: boolean;
  /** SSE-C: base64 MD5 of the customer key. */
  readonly customerKeyMd5?: string;
}
