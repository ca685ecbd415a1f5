/**
 * Domain errors thrown by the layers below HTTP (object/, storage/, bucket/).
 * They never carry S3 codes; `toS3Error()` (errors/to-s3-error.ts) maps them once at the boundary.
 * Codes are stable strings `ERR_<AREA>_<NAME>`.
 */
export abstract class CairnError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

// ---- bucket ----
export class BucketNotFoundError extends CairnError {
  readonly code = 'ERR_BUCKET_NOT_FOUND';
  constructor(readonly bucket: string) { super(`bucket not found: ${bucket}`); }
}
export class BucketExistsError extends CairnError {
  readonly code = 'ERR_BUCKET_EXISTS';
  constructor(readonly bucket: string) { super(`bucket already exists: ${bucket}`); }
}
export class BucketNotEmptyError extends CairnError {
  readonly code = 'ERR_BUCKET_NOT_EMPTY';
  constructor(readonly bucket: string) { super(`bucket not empty: ${bucket}`); }
}
export class InvalidBucketNameError extends CairnError {
  readonly code = 'ERR_BUCKET_INVALID_NAME';
  constructor(readonly bucket: string) { super(`invalid bucket name: ${bucket}`); }
}

// ---- object ----
export class ObjectNotFoundError extends CairnError {
  readonly code = 'ERR_OBJECT_NOT_FOUND';
  constructor(readonly bucket: string, readonly key: string) { super(`object not found: ${bucket}/${key}`); }
}
/** The latest version of the key is a delete marker (S3: 404 NoSuchKey with x-amz-delete-marker: true). */
export class ObjectDeletedError extends CairnError {
  readonly code = 'ERR_OBJECT_DELETED';
  constructor(readonly bucket: string, readonly key: string, readonly versionId: string, readonly lastModified: Date) {
    super(`object is a delete marker: ${bucket}/${key}`);
  }
}
export class VersionNotFoundError extends CairnError {
  readonly code = 'ERR_OBJECT_VERSION_NOT_FOUND';
  constructor(readonly bucket: string, readonly key: string, readonly versionId: string) {
    super(`version not found: ${bucket}/${key}?versionId=${versionId}`);
  }
}
/** A versionId that is not one this store could have issued (S3: 400 InvalidArgument). */
export class InvalidVersionIdError extends CairnError {
  readonly code = 'ERR_OBJECT_INVALID_VERSION_ID';
  constructor(readonly versionId: string) { super(`invalid version id: ${versionId}`); }
}
/** GET/HEAD of a specific version that is a delete marker (S3: 405 MethodNotAllowed). */
export class VersionIsDeleteMarkerError extends CairnError {
  readonly code = 'ERR_OBJECT_VERSION_IS_DELETE_MARKER';
  constructor(readonly bucket: string, readonly key: string, readonly versionId: string, readonly lastModified: Date) {
    super(`version is a delete marker: ${bucket}/${key}?versionId=${versionId}`);
  }
}
/**
 * The version is protected by object lock (a retention period not yet over, or a legal hold):
 * it cannot be deleted or its protection shortened (S3: 403 AccessDenied). Every path that
 * removes versions (S3 deletes, lifecycle expiry, admin) gets this from the object layer.
 */
export class ObjectLockedError extends CairnError {
  readonly code = 'ERR_OBJECT_LOCKED';
  constructor(readonly bucket: string, readonly key: string, readonly versionId: string, readonly reason: 'retention' | 'legal-hold') {
    super(`object version is protected by object lock (${reason}): ${bucket}/${key}?versionId=${versionId}`);
  }
}
/**
 * A write would take the bucket past its hard quota (admin set-bucket-quota): refused before
 * any byte is stored. `usage` is the figure the check used (object/bucket-quota.ts).
 */
export class BucketQuotaExceededError extends CairnError {
  readonly code = 'ERR_BUCKET_QUOTA_EXCEEDED';
  constructor(readonly bucket: string, readonly quota: number, readonly usage: number, readonly size: number) {
    super(`bucket quota exceeded: ${bucket} holds ${usage} of ${quota} bytes, ${size} more refused`);
  }
}
export class InvalidObjectNameError extends CairnError {
  readonly code = 'ERR_OBJECT_INVALID_NAME';
  constructor(readonly key: string, reason: string) { super(`invalid object name: ${reason}`); }
}
export class PreconditionFailedError extends CairnError {
  readonly code = 'ERR_OBJECT_PRECONDITION_FAILED';
  constructor(readonly condition: string) { super(`precondition failed: ${condition}`); }
}
export class NotModifiedError extends CairnError {
  readonly code = 'ERR_OBJECT_NOT_MODIFIED';
  constructor(readonly etag: string, readonly lastModified: Date) { super('not modified'); }
}
/** Conditional write lost a race with another conditional write (S3: 409 ConditionalRequestConflict). */
export class ConditionalConflictError extends CairnError {
  readonly code = 'ERR_OBJECT_CONDITIONAL_CONFLICT';
  constructor() { super('conditional request conflict'); }
}
export class InvalidRangeError extends CairnError {
  readonly code = 'ERR_OBJECT_INVALID_RANGE';
  constructor(readonly size: number) { super(`range not satisfiable for object of size ${size}`); }
}
export class InvalidPartNumberError extends CairnError {
  readonly code = 'ERR_OBJECT_INVALID_PART_NUMBER';
  constructor(readonly partNumber: number) { super(`invalid part number ${partNumber}`); }
}
/** The body's digest did not match the one the caller declared (S3: BadDigest / XAmzContentChecksumMismatch). */
export class DigestMismatchError extends CairnError {
  readonly code = 'ERR_OBJECT_DIGEST_MISMATCH';
  constructor(readonly algorithm: string) { super(`${algorithm} digest mismatch`); }
}
/** The body was shorter or longer than the declared size (S3: IncompleteBody). */
export class IncompleteBodyError extends CairnError {
  readonly code = 'ERR_OBJECT_INCOMPLETE_BODY';
  constructor(readonly expected: number, readonly received: number) {
    super(`body size ${received} does not match declared size ${expected}`);
  }
}
export class EntityTooLargeError extends CairnError {
  readonly code = 'ERR_OBJECT_TOO_LARGE';
  constructor(readonly limit: number) { super(`entity larger than ${limit} bytes`); }
}

// ---- multipart ----
export class UploadNotFoundError extends CairnError {
  readonly code = 'ERR_MULTIPART_UPLOAD_NOT_FOUND';
  constructor(readonly uploadId: string) { super(`upload not found: ${uploadId}`); }
}
export class InvalidPartError extends CairnError {
  readonly code = 'ERR_MULTIPART_INVALID_PART';
  constructor(readonly partNumber: number, reason: string) { super(`invalid part ${partNumber}: ${reason}`); }
}
export class InvalidPartOrderError extends CairnError {
  readonly code = 'ERR_MULTIPART_INVALID_PART_ORDER';
  constructor() { super('parts must be in ascending order'); }
}
export class EntityTooSmallError extends CairnError {
  readonly code = 'ERR_MULTIPART_ENTITY_TOO_SMALL';
  constructor(readonly partNumber: number, readonly size: number) {
    super(`part ${partNumber} of ${size} bytes is smaller than the 5 MiB minimum`);
  }
}

/**
 * A checksum request multipart cannot honour: an algorithm/type pair S3 forbids (SHA + FULL_OBJECT,
 * CRC64NVME + COMPOSITE, a type without an algorithm), or a part checksum of another algorithm
 * than the upload's (S3: 400 InvalidRequest).
 */
export class InvalidChecksumRequestError extends CairnError {
  readonly code = 'ERR_MULTIPART_INVALID_CHECKSUM';
  constructor(reason: string) { super(`invalid checksum request: ${reason}`); }
}

// ---- kms ----
/** The KMS cannot be reached or failed (5xx): S3 503, nothing written, nothing stored harmed. */
export class KmsUnavailableError extends CairnError {
  readonly code = 'ERR_KMS_UNAVAILABLE';
  constructor(readonly endpoint: string, reason: string, options?: { cause?: unknown }) {
    super(`KMS ${endpoint} unavailable: ${reason}`, options);
  }
}
/** The KMS refused Cairn's credentials or identity for this key or operation. */
export class KmsAccessDeniedError extends CairnError {
  readonly code = 'ERR_KMS_ACCESS_DENIED';
  constructor(readonly keyId: string, reason: string) { super(`KMS refused access to key ${keyId}: ${reason}`); }
}

// ---- storage ----
export class QuorumError extends CairnError {
  readonly code: 'ERR_STORAGE_READ_QUORUM' | 'ERR_STORAGE_WRITE_QUORUM';
  constructor(readonly kind: 'read' | 'write', readonly needed: number, readonly got: number, options?: { cause?: unknown }) {
    super(`${kind} quorum not reached: needed ${needed}, got ${got}`, options);
    this.code = kind === 'read' ? 'ERR_STORAGE_READ_QUORUM' : 'ERR_STORAGE_WRITE_QUORUM';
  }
}
export class DriveOfflineError extends CairnError {
  readonly code = 'ERR_STORAGE_DRIVE_OFFLINE';
  constructor(readonly drive: string, options?: { cause?: unknown }) { super(`drive offline: ${drive}`, options); }
}
export class DriveFullError extends CairnError {
  readonly code = 'ERR_STORAGE_DRIVE_FULL';
  constructor(readonly drive: string, options?: { cause?: unknown }) { super(`drive full: ${drive}`, options); }
}
export class FileNotFoundError extends CairnError {
  readonly code = 'ERR_STORAGE_FILE_NOT_FOUND';
  constructor(readonly path: string) { super(`file not found: ${path}`); }
}
/** A drive path escapes the drive (`..`, NUL, absolute) or is otherwise malformed. */
export class DrivePathError extends CairnError {
  readonly code = 'ERR_STORAGE_DRIVE_PATH';
  constructor(readonly path: string, reason: string) { super(`invalid drive path ${JSON.stringify(path)}: ${reason}`); }
}
/** Bytes read from a drive failed their checksum. */
export class BitrotError extends CairnError {
  readonly code = 'ERR_STORAGE_BITROT';
  constructor(readonly drive: string, readonly path: string) { super(`bitrot detected on ${drive}: ${path}`); }
}
/** A stored record could not be decoded (unknown version, truncated, garbage). */
export class CorruptRecordError extends CairnError {
  readonly code = 'ERR_STORAGE_CORRUPT_RECORD';
  constructor(reason: string, options?: { cause?: unknown }) { super(`corrupt record: ${reason}`, options); }
}
export class FormatError extends CairnError {
  readonly code = 'ERR_STORAGE_FORMAT';
  constructor(message: string) { super(message); }
}

// ---- policy ----
/**
 * A policy document that is not valid policy language (S3: 400 MalformedPolicy; IAM:
 * MalformedPolicyDocument). The message is AWS's wording naming what is wrong.
 */
export class MalformedPolicyError extends CairnError {
  readonly code = 'ERR_POLICY_MALFORMED';
  constructor(message: string) { super(message); }
}

// ---- STS sessions (iam/sts) ----
/** A session credential past its expiry, to the second (S3: 400 ExpiredToken). */
export class SessionTokenExpiredError extends CairnError {
  readonly code = 'ERR_STS_TOKEN_EXPIRED';
  constructor(readonly expiredAt: Date) { super(`session token expired at ${expiredAt.toISOString()}`); }
}
/**
 * A session token that does not open with the cluster key (tampered, truncated, forged, another
 * cluster's) or belongs to another access key (S3: 400 InvalidToken). `reason` is for the log.
 */
export class SessionTokenInvalidError extends CairnError {
  readonly code = 'ERR_STS_TOKEN_INVALID';
  constructor(readonly reason: string) { super(`invalid session token: ${reason}`); }
}

// ---- encryption (crypto/) ----
/**
 * Encrypted data or a sealed key failed authentication: a flipped bit, reordered, truncated or
 * appended packages, the wrong key, or a key sealed for another bucket/key/account. No byte of
 * the failing package was returned (S3: 500 InternalError, never wrong bytes).
 */
export class DecryptionFailedError extends CairnError {
  readonly code = 'ERR_SSE_DECRYPTION_FAILED';
  constructor(readonly reason: string) { super(`decryption failed: ${reason}`); }
}
/**
 * A KMS key bound to one account (kms/tenant-kms.ts) asked for with another account's context:
 * S3 answers 403 AccessDenied, as AWS does when the bucket owner may not use the key.
 */
export class KmsKeyOfOtherAccountError extends CairnError {
  readonly code = 'ERR_KMS_KEY_OF_OTHER_ACCOUNT';
  constructor(readonly keyId: string, readonly account: string, readonly action: 'GenerateDataKey' | 'Decrypt') {
    super(`KMS key ${keyId} is not a key of account ${account}`);
  }
}
/** The KMS cannot rotate this key (KES has no rotation; the built-in deployment key is the environment's). */
export class KmsRotationUnsupportedError extends CairnError {
  readonly code = 'ERR_KMS_ROTATION_UNSUPPORTED';
  constructor(readonly keyId: string, reason: string) { super(`KMS key ${keyId} cannot be rotated: ${reason}`); }
}
/** A KMS key name that the KMS does not hold (S3: 400 KMS.NotFoundException). */
export class KmsKeyNotFoundError extends CairnError {
  readonly code = 'ERR_KMS_KEY_NOT_FOUND';
  constructor(readonly keyId: string) { super(`KMS key not found: ${keyId}`); }
}
/** Invalid KMS configuration, e.g. a malformed CAIRN_KMS_SECRET_KEY (refused at start-up). */
export class KmsConfigError extends CairnError {
  readonly code = 'ERR_KMS_CONFIG';
  constructor(message: string) { super(message); }
}

/** SSE-S3 / SSE-KMS was asked for but no KMS is configured (MinIO: 501 NotImplemented). */
export class KmsNotConfiguredError extends CairnError {
  readonly code = 'ERR_KMS_NOT_CONFIGURED';
  constructor() { super('Server side encryption specified but KMS is not configured'); }
}
/**
 * The customer key (SSE-C) a request brought does not fit the object or upload:
 * `required` the object is SSE-C and no key came (400 InvalidRequest), `mismatch` the key is
 * not the one it was stored with (GET/HEAD: 403 AccessDenied; UploadPart: 400), `not-applicable`
 * a key came for an object that is not SSE-C (400 InvalidRequest).
 */
export class SseCustomerKeyError extends CairnError {
  readonly code = 'ERR_SSE_CUSTOMER_KEY';
  constructor(readonly kind: 'required' | 'mismatch' | 'not-applicable', readonly scope: 'object' | 'upload' | 'copy-source') {
    super(`SSE-C key ${kind} (${scope})`);
  }
}

/** Brand check that works across module copies. */
export function isCairnError(err: unknown): err is CairnError {
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('ERR_');
}
