/**
 * Server-side encryption cores (pure: no I/O; the ciphers run on the system's libcrypto through
 * the native addon, or on node:crypto: aead-engine.ts). The key hierarchy:
 *
 *   KMS master key (named; built-in: CAIRN_KMS_SECRET_KEY)            kms.ts, builtin-kms.ts
 *     └─ data key: random per object, stored sealed by the master key, bound to the
 *        context {"account","bucket","key"}
 *          └─ object key: random 32 bytes per object, stored sealed by the data key with the
 *             same context and the cipher id                          sealed-object-key.ts
 *               └─ stream key = HMAC-SHA256(object key, label || stream IV): one per object
 *                  body or UploadPart, with a random 32-byte IV stored beside it   stream-key.ts
 *                    └─ 64 KiB packages, AES-256-GCM or ChaCha20-Poly1305, nonce = sequence,
 *                       aad = version, cipher, final flag, sequence    package-format.ts
 *
 * The object layer's SSE code (object/sse/) applies them to object bodies and parts.
 */
export { defaultCipher, isSseCipher, SSE_CIPHERS, type SseCipher } from './cipher-suite.js';
export { aeadEngine, selectAeadEngine, type AeadEngineChoice, type AeadEngineName, type AeadEngineStatus } from './aead-engine.js';
export {
  encryptedSize, FORMAT_VERSION, PACKAGE_SIZE, packageCount, plaintextSize, SEALED_PACKAGE_SIZE, sealedRangeOf,
  type PlainRange, type SealedRange,
} from './package-format.js';
export { deriveStreamKey, newStreamIv, STREAM_IV_BYTES } from './stream-key.js';
export { hmacSha256 } from './hmac-sha256.js';
export { multipartSealedRanges, type MultipartRangeInput, type PartRange } from './multipart-range.js';
export { PackageOpener, PackageSealer, type PackageOpenerOptions } from './package-codec.js';
export { openAll, sealAll } from './package-whole.js';
export { batchPlainLength, openSegmentsInto, type OpenedBatch, type PackageBatch } from './package-batch.js';
export { EncryptStream, type EncryptStreamOptions } from './encrypt-stream.js';
export { DecryptStream, type DecryptStreamOptions } from './decrypt-stream.js';
export { canonicalContext, objectContext, type EncryptionContext, type ObjectContext } from './encryption-context.js';
export {
  newObjectKey, SEALED_OBJECT_KEY_BYTES, sealedKeyCipher, sealObjectKey, unsealObjectKey,
  type SealObjectKeyInput, type UnsealObjectKeyInput,
} from './sealed-object-key.js';
export type { DataKey, Kms, KmsKeyStatus } from './kms.js';
export { parseMasterKey, type MasterKey } from './kms-secret-key.js';
export { BUILTIN_CIPHERTEXT_BYTES, BuiltinKms, type BuiltinKmsOptions } from './builtin-kms.js';
