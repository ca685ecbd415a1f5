/**
 * Request-level checks on bucket and key presence and key length.
 * S3 limits a key to 1,024 bytes of UTF-8 (KeyTooLongError); the router guarantees a
 * non-empty key for object operations, the check here turns a routing bug into a 400
 * instead of a crash.
 */
import type { S3Request } from '../handler.js';
import { S3Error } from '../../../errors/s3-error.js';

export const MAX_KEY_BYTES = 1024;

export function requireBucket(req: S3Request): string {
  if (req.bucket === undefined || req.bucket === '') {
    throw new S3Error('InvalidRequest', { message: 'A bucket name is required for this request.' });
  }
  return req.bucket;
}

/** Bucket and key of an object request; KeyTooLongError above 1,024 bytes. */
export function requireObject(req: S3Request): { bucket: string; key: string } {
  const bucket = requireBucket(req);
  const key = req.key;
  if (key === undefined || key === '') {
    throw new S3Error('InvalidRequest', { message: 'An object key is required for this request.' });
  }
  checkKeyLength(key);
  return { bucket, key };
}

export function checkKeyLength(key: string): void {
  const size = Buffer.byteLength(key);
  if (size > MAX_KEY_BYTES) {
    throw new S3Error('KeyTooLongError', { extra: { Size: String(size), MaxSizeAllowed: String(MAX_KEY_BYTES) } });
  }
}

/** ?versionId= of a request; undefined when absent, InvalidArgument when empty. */
export function versionIdParam(req: S3Request): string | undefined {
  const v = req.query.get('versionId');
  if (v === null) return undefined;
  if (v === '') {
    throw new S3Error('InvalidArgument', {
      message: 'Version id cannot be the empty string',
      extra: { ArgumentName: 'versionId', ArgumentValue: '' },
    });
  }
  return v;
}
