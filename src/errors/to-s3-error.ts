/**
 * The one boundary mapper from errors thrown below the S3 layer to the S3Error the client
 * sees (MinIO's toAPIErrorCode, Garage's From impls). Called by the pipeline only.
 *
 * - An S3Error passes through unchanged.
 * - Each domain error of domain-errors.ts maps to its AWS code, with the extra XML elements
 *   and headers AWS sends (Key, BucketName, Content-Range, x-amz-delete-marker, ...).
 * - Quorum / offline / full storage becomes 503 so SDKs retry.
 * - Anything else is a 500 InternalError with the generic message; `isInternal(err)` tells the
 *   pipeline to log the original error with the request id. Internal messages never reach
 *   the client.
 */
import {
  BitrotError, BucketExistsError, BucketQuotaExceededError, BucketNotEmptyError, BucketNotFoundError, ConditionalConflictError,
  CorruptRecordError, DigestMismatchError, DriveFullError, DriveOfflineError, DrivePathError, EntityTooLargeError,
  EntityTooSmallError, FileNotFoundError, FormatError, IncompleteBodyError, InvalidBucketNameError,
  InvalidChecksumRequestError, InvalidObjectNameError, ObjectLockedError, InvalidPartError, InvalidPartNumberError, InvalidPartOrderError, InvalidRangeError,
  NotModifiedError, ObjectDeletedError, ObjectNotFoundError, PreconditionFailedError, QuorumError,
  UploadNotFoundError, VersionIsDeleteMarkerError, VersionNotFoundError, InvalidVersionIdError, isCairnError,
  MalformedPolicyError, SessionTokenExpiredError, SessionTokenInvalidError,
  DecryptionFailedError, KmsAccessDeniedError, KmsConfigError, KmsKeyNotFoundError, KmsKeyOfOtherAccountError, KmsRotationUnsupportedError, KmsUnavailableError,
  KmsNotConfiguredError, SseCustomerKeyError,
} from './domain-errors.js';
import { S3Error, isS3Error } from './s3-error.js';

/** Every domain error the mapper knows; the switch below is exhaustive over it. */
export type DomainError =
  | BucketNotFoundError | BucketExistsError | BucketNotEmptyError | InvalidBucketNameError
  | ObjectNotFoundError | ObjectDeletedError | VersionNotFoundError | InvalidVersionIdError | VersionIsDeleteMarkerError
  | InvalidObjectNameError | ObjectLockedError | PreconditionFailedError | NotModifiedError | ConditionalConflictError
  | InvalidRangeError | InvalidPartNumberError | DigestMismatchError | IncompleteBodyError
  | EntityTooLargeError | UploadNotFoundError | InvalidPartError | InvalidPartOrderError
  | EntityTooSmallError | InvalidChecksumRequestError | QuorumError | DriveOfflineError | DriveFullError | FileNotFoundError
  | DrivePathError | BitrotError | CorruptRecordError | FormatError | MalformedPolicyError
  | DecryptionFailedError | KmsConfigError | KmsUnavailableError | KmsKeyNotFoundError | KmsAccessDeniedError | KmsKeyOfOtherAccountError | KmsRotationUnsupportedError
  | BucketQuotaExceededError | KmsNotConfiguredError | SseCustomerKeyError | SessionTokenExpiredError | SessionTokenInvalidError;

export interface ToS3ErrorContext {
  /** The HTTP method of the request (MethodNotAllowed for a delete marker names it). */
  readonly method?: string;
}

const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_KEY_BYTES = 1024;

function httpDate(d: Date): string {
  return d.toUTCString();
}

function digestError(err: DigestMismatchError): S3Error {
  const alg = err.algorithm.toUpperCase();
  if (alg === 'MD5' || alg === 'CONTENT-MD5') return new S3Error('BadDigest', { cause: err });
  return new S3Error('BadDigest', { message: `The ${alg} you specified did not match the calculated checksum.`, cause: err });
}

function mapDomain(err: DomainError, ctx: ToS3ErrorContext): S3Error {
  const cause = err;
  switch (err.code) {
    case 'ERR_BUCKET_NOT_FOUND':
      return new S3Error('NoSuchBucket', { extra: { BucketName: err.bucket }, cause });
    case 'ERR_BUCKET_EXISTS':
      return new S3Error('BucketAlreadyOwnedByYou', { extra: { BucketName: err.bucket }, cause });
    case 'ERR_BUCKET_NOT_EMPTY':
      return new S3Error('BucketNotEmpty', { extra: { BucketName: err.bucket }, cause });
    case 'ERR_BUCKET_INVALID_NAME':
      return new S3Error('InvalidBucketName', { extra: { BucketName: err.bucket }, cause });
    case 'ERR_OBJECT_NOT_FOUND':
      return new S3Error('NoSuchKey', { extra: { Key: err.key }, cause });
    case 'ERR_OBJECT_DELETED':
      return new S3Error('NoSuchKey', {
        extra: { Key: err.key },
        headers: { 'x-amz-delete-marker': 'true', 'x-amz-version-id': err.versionId, 'last-modified': httpDate(err.lastModified) },
        cause,
      });
    case 'ERR_OBJECT_VERSION_NOT_FOUND':
      return new S3Error('NoSuchVersion', { extra: { Key: err.key, VersionId: err.versionId }, cause });
    case 'ERR_OBJECT_INVALID_VERSION_ID':
      return new S3Error('InvalidArgument', {
        message: 'Invalid version id specified',
        extra: { ArgumentName: 'versionId', ArgumentValue: err.versionId },
        cause,
      });
    case 'ERR_OBJECT_VERSION_IS_DELETE_MARKER':
      return new S3Error('MethodNotAllowed', {
        extra: { ...(ctx.method ? { Method: ctx.method } : {}), ResourceType: 'DeleteMarker' },
        headers: { 'x-amz-delete-marker': 'true', 'x-amz-version-id': err.versionId, 'last-modified': httpDate(err.lastModified) },
        cause,
      });
    case 'ERR_OBJECT_INVALID_NAME':
      return Buffer.byteLength(err.key, 'utf8') > MAX_KEY_BYTES
        ? new S3Error('KeyTooLongError', { cause })
        : new S3Error('InvalidArgument', { message: 'Object name contains unsupported characters.', cause });
    case 'ERR_BUCKET_QUOTA_EXCEEDED':
      // MinIO's code and text (cmd/api-errors.go ErrAdminBucketQuotaExceeded), 400.
      return new S3Error('XMinioAdminBucketQuotaExceeded', { message: 'Bucket quota exceeded', extra: { BucketName: err.bucket }, cause });
    case 'ERR_OBJECT_LOCKED':
      return new S3Error('AccessDenied', { message: 'Access Denied because object protected by object lock.', cause });
    case 'ERR_OBJECT_PRECONDITION_FAILED':
      return new S3Error('PreconditionFailed', { extra: { Condition: err.condition }, cause });
    case 'ERR_OBJECT_NOT_MODIFIED':
      return new S3Error('NotModified', {
        headers: { etag: `"${err.etag}"`, 'last-modified': httpDate(err.lastModified) },
        cause,
      });
    case 'ERR_OBJECT_CONDITIONAL_CONFLICT':
      return new S3Error('ConditionalRequestConflict', { cause });
    case 'ERR_OBJECT_INVALID_RANGE':
      return new S3Error('InvalidRange', {
        extra: { ActualObjectSize: String(err.size) },
        headers: { 'content-range': `bytes */${err.size}` },
        cause,
      });
    case 'ERR_OBJECT_INVALID_PART_NUMBER':
      return new S3Error('InvalidPartNumber', { cause });
    case 'ERR_OBJECT_DIGEST_MISMATCH':
      return digestError(err);
    case 'ERR_OBJECT_INCOMPLETE_BODY':
      return new S3Error('IncompleteBody', { cause });
    case 'ERR_OBJECT_TOO_LARGE':
      return new S3Error('EntityTooLarge', { extra: { MaxSizeAllowed: String(err.limit) }, cause });
    case 'ERR_MULTIPART_UPLOAD_NOT_FOUND':
      return new S3Error('NoSuchUpload', { extra: { UploadId: err.uploadId }, cause });
    case 'ERR_MULTIPART_INVALID_PART':
      return new S3Error('InvalidPart', { extra: { PartNumber: String(err.partNumber) }, cause });
    case 'ERR_MULTIPART_INVALID_PART_ORDER':
      return new S3Error('InvalidPartOrder', { cause });
    case 'ERR_MULTIPART_ENTITY_TOO_SMALL':
      return new S3Error('EntityTooSmall', {
        extra: { ProposedSize: String(err.size), MinSizeAllowed: String(MIN_PART_SIZE), PartNumber: String(err.partNumber) },
        cause,
      });
    case 'ERR_MULTIPART_INVALID_CHECKSUM':
      return new S3Error('InvalidRequest', { message: err.message, cause });
    case 'ERR_KMS_UNAVAILABLE':
      return new S3Error('ServiceUnavailable', { message: 'The key management service (KMS) cannot be reached; try again later.', cause });
    case 'ERR_KMS_KEY_NOT_FOUND':
      return new S3Error('KMS.NotFoundException', { message: `Invalid keyId ${err.keyId}`, cause });
    case 'ERR_KMS_KEY_OF_OTHER_ACCOUNT':
      return new S3Error('AccessDenied', { message: `Account ${err.account} is not authorized to perform: kms:${err.action} on resource: ${err.keyId}`, cause });
    case 'ERR_KMS_ROTATION_UNSUPPORTED':
      return new S3Error('NotImplemented', { message: err.message, cause });
    case 'ERR_KMS_ACCESS_DENIED':
      return new S3Error('KMS.DisabledException', { message: `The KMS refused the use of key ${err.keyId}.`, cause });
    case 'ERR_STORAGE_READ_QUORUM':
      return new S3Error('ServiceUnavailable', { message: 'Storage resources are insufficient for the read operation.', cause });
    case 'ERR_STORAGE_WRITE_QUORUM':
      return new S3Error('SlowDown', { message: 'Storage resources are insufficient for the write operation.', cause });
    case 'ERR_STORAGE_DRIVE_OFFLINE':
      return new S3Error('ServiceUnavailable', { cause });
    case 'ERR_STORAGE_DRIVE_FULL':
      return new S3Error('ServiceUnavailable', { message: 'Storage backend has reached its minimum free drive threshold.', cause });
    case 'ERR_POLICY_MALFORMED':
      return new S3Error('MalformedPolicy', { message: err.message, cause });
    case 'ERR_STORAGE_FILE_NOT_FOUND':
    case 'ERR_STORAGE_DRIVE_PATH':
    case 'ERR_STORAGE_BITROT':
    case 'ERR_STORAGE_CORRUPT_RECORD':
    case 'ERR_STORAGE_FORMAT':
      return new S3Error('InternalError', { cause });
    case 'ERR_SSE_DECRYPTION_FAILED':
      // AWS has no public code for stored data that fails authentication; MinIO says "object
      // tampered". A 500 with that message is honest, and no byte of the failing package is sent.
      return new S3Error('InternalError', { message: 'The requested object was modified and may be compromised.', cause });
    case 'ERR_KMS_CONFIG':
      return new S3Error('InternalError', { cause });
    case 'ERR_KMS_NOT_CONFIGURED':
      return new S3Error('NotImplemented', { message: err.message, cause });
    case 'ERR_SSE_CUSTOMER_KEY':
      return sseCustomerKeyError(err);
    case 'ERR_STS_TOKEN_EXPIRED':
      return new S3Error('ExpiredToken', { cause });
    case 'ERR_STS_TOKEN_INVALID':
      return new S3Error('InvalidToken', { cause });
    default: {
      const unreachable: never = err;
      return new S3Error('InternalError', { cause: unreachable });
    }
  }
}

/** AWS's answers to a customer key (SSE-C) that does not fit the object or upload. */
function sseCustomerKeyError(err: SseCustomerKeyError): S3Error {
  const cause = err;
  if (err.kind === 'not-applicable') {
    return new S3Error('InvalidRequest', { message: 'The encryption parameters are not applicable to this object.', cause });
  }
  if (err.scope === 'upload') {
    return err.kind === 'required'
      ? new S3Error('InvalidRequest', {
        message: 'The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.', cause,
      })
      : new S3Error('InvalidArgument', { message: 'The provided encryption parameters did not match the ones used originally.', cause });
  }
  if (err.kind === 'mismatch') return new S3Error('AccessDenied', { cause });
  return new S3Error('InvalidRequest', {
    message: 'The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.', cause,
  });
}

/** Maps any thrown value to the S3Error to render. */
export function toS3Error(err: unknown, ctx: ToS3ErrorContext = {}): S3Error {
  if (isS3Error(err)) return err;
  if (isCairnError(err)) return mapDomain(err as DomainError, ctx);
  return new S3Error('InternalError', { cause: err });
}

/**
 * True when the mapped error hides a server-side fault that must be logged with the request
 * id: every 500, and 503s raised from storage faults.
 */
export function isInternal(mapped: S3Error): boolean {
  return mapped.status >= 500;
}
