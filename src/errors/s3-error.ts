/**
 * S3Error: an error the client sees, with the exact AWS code, HTTP status and XML extras.
 * Only the S3 layer (s3/, http/) throws it; lower layers throw domain errors that
 * toS3Error() maps once at the boundary.
 */
import { S3_CODES, type S3ErrorCode } from './s3-codes.js';

const BRAND = Symbol.for('cairn.S3Error');

export interface S3ErrorOptions {
  readonly message?: string;
  readonly resource?: string;
  /** Extra XML elements of the error body, in order (e.g. ArgumentName, ArgumentValue). */
  readonly extra?: Readonly<Record<string, string>>;
  /** Extra response headers (e.g. Content-Range for InvalidRange). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
}

export class S3Error extends Error {
  readonly [BRAND] = true;
  readonly code: S3ErrorCode;
  readonly status: number;
  readonly resource: string | undefined;
  readonly extra: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: S3ErrorCode, opts: S3ErrorOptions = {}) {
    super(opts.message ?? S3_CODES[code].message, { cause: opts.cause });
    this.name = 'S3Error';
    this.code = code;
    this.status = S3_CODES[code].status;
    this.resource = opts.resource;
    this.extra = opts.extra ?? {};
    this.headers = opts.headers ?? {};
  }
}

export function isS3Error(err: unknown): err is S3Error {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[BRAND] === true;
}
