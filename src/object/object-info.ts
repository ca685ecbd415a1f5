/** Conversion of stored versions to the ObjectLayer's ObjectInfo, and key validation. */
import { InvalidObjectNameError } from '../errors/domain-errors.js';
import type { ObjectVersionRecord } from '../storage/format/index.js';
import { MAX_KEY_BYTES } from './layer-context.js';
import { lockSettingsOf, withoutLock } from './object-lock-metadata.js';
import type { ObjectAddress, ObjectInfo } from './object-layer.js';
import { objectEncryptionOf, storedEncryptionOf, withoutSse, type StoredEncryption } from './sse/sse-metadata.js';
import { plainSizes } from './sse/sse-read.js';

/** The ObjectInfo of version `v` of the object at `at`. */
export function toObjectInfo(at: ObjectAddress, stored: ObjectVersionRecord, isLatest: boolean): ObjectInfo {
  return toObjectInfoOf(at, stored, isLatest, stored.isDeleteMarker ? undefined : storedEncryptionOf(stored.systemMetadata));
}

/** toObjectInfo with the version's stored encryption already read (`storedEncryptionOf` of its system metadata). */
export function toObjectInfoOf(at: ObjectAddress, stored: ObjectVersionRecord, isLatest: boolean, sse: StoredEncryption | undefined): ObjectInfo {
  // An encrypted version is reported with its plaintext sizes and `encryption`, without its SSE entries.
  const plain = sse === undefined ? undefined : plainSizes(stored, sse);
  const size = plain === undefined ? stored.size : plain.size;
  const versionParts = plain === undefined ? stored.parts : plain.parts;
  const systemMetadata = sse === undefined ? stored.systemMetadata : withoutSse(stored.systemMetadata);
  const objectLock = lockSettingsOf(systemMetadata);
  // Built field by field: a listing page makes 1,000 of these (no spread of temporary objects).
  const info: { -readonly [K in keyof ObjectInfo]: ObjectInfo[K] } = {
    bucket: at.bucket,
    key: at.key,
    versionId: stored.versionId,
    isLatest,
    isDeleteMarker: stored.isDeleteMarker,
    size,
    etag: stored.etag,
    lastModified: new Date(stored.mtime),
    contentType: stored.contentType,
    userMetadata: stored.userMetadata,
    // The lock state is reported as `objectLock` only (a caller copying systemMetadata never copies a lock).
    systemMetadata: objectLock === undefined ? systemMetadata : withoutLock(systemMetadata),
    storageClass: stored.storageClass,
  };
  if (stored.checksum) info.checksum = stored.checksum;
  // A part's shard file name (in-place multipart) is storage detail, not part of the info.
  if (versionParts) info.parts = versionParts.some((p) => p.file !== undefined) ? versionParts.map(({ file: _file, ...p }) => p) : versionParts;
  if (objectLock !== undefined) info.objectLock = objectLock;
  if (sse !== undefined) info.encryption = objectEncryptionOf(sse);
  return info;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** S3 keys: 1..1024 bytes of UTF-8; we also refuse lone surrogates (not encodable) and NUL. */
export function validateObjectKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new InvalidObjectNameError(String(key), 'empty key');
  if (LONE_SURROGATE.test(key)) throw new InvalidObjectNameError(key, 'key is not valid Unicode');
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) throw new InvalidObjectNameError(key, `key longer than ${MAX_KEY_BYTES} bytes`);
  if (key.includes('\u0000')) throw new InvalidObjectNameError(key, 'key contains NUL');
}
