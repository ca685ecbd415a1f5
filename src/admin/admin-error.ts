/**
 * Errors of the admin API. Codes are MinIO's admin codes where MinIO has one (its
 * api-errors.go), with one difference: a heal that is already running is 409 Conflict here
 * (MinIO answers 400). S3 authentication errors keep their S3 code and status
 * (SignatureDoesNotMatch, InvalidAccessKeyId, RequestTimeTooSkewed, ...), as MinIO's do.
 */
import { isS3Error } from '../errors/s3-error.js';

export const ADMIN_ERROR_STATUS = {
  AccessDenied: 403,
  'KMS.AccessDeniedException': 403,
  InvalidRequest: 400,
  'KMS.NotFoundException': 400,
  XMinioAdminInvalidArgument: 400,
  XMinioRequestBodyParse: 400,
  XMinioHealNoSuchProcess: 400,
  XMinioAdminPolicyChangeAlreadyApplied: 400,
  XMinioIAMActionNotAllowed: 400,
  XMinioAdminNoSuchPolicy: 404,
  MaxMessageLengthExceeded: 400,
  MissingContentLength: 411,
  XCairnAdminUnknownAPI: 404,
  NoSuchBucket: 404,
  XMinioAdminNoSuchQuotaConfiguration: 404,
  XCairnAdminNoSuchAccount: 404,
  XMinioAdminNoSuchUser: 404,
  XMinioAdminNoSuchGroup: 404,
  XMinioAdminNoSuchServiceAccount: 404,
  XMinioAdminGroupNotEmpty: 400,
  MalformedPolicyDocument: 400,
  XCairnAdminEntityExists: 409,
  XCairnAdminDeleteConflict: 409,
  XCairnAdminLimitExceeded: 409,
  XCairnAdminAccountExists: 409,
  XCairnAdminAccountNotEmpty: 409,
  MethodNotAllowed: 405,
  XMinioHealAlreadyRunning: 409,
  XCairnAdminResealRunning: 409,
  NotImplemented: 501,
  ServiceUnavailable: 503,
  InternalError: 500,
} as const;

export type AdminErrorCode = keyof typeof ADMIN_ERROR_STATUS;

const INTERNAL_MESSAGE = 'We encountered an internal error, please try again.';

/** An error the admin client sees. */
export class AdminError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: AdminErrorCode, message: string) {
    super(message);
    this.name = 'AdminError';
    this.code = code;
    this.status = ADMIN_ERROR_STATUS[code];
  }
}

/** What a thrown value becomes on the wire: admin errors as they are, S3 errors by code and status, anything else 500. */
export function toAdminError(err: unknown): { code: string; status: number; message: string; isInternal: boolean } {
  if (err instanceof AdminError) return { code: err.code, status: err.status, message: err.message, isInternal: false };
  if (isS3Error(err) && err.status < 500) return { code: err.code, status: err.status, message: err.message, isInternal: false };
  return { code: 'InternalError', status: 500, message: INTERNAL_MESSAGE, isInternal: true };
}
