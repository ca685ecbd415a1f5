/** The bucket of a bucket-level request (the router guarantees it; this narrows the type). */
import { S3Error } from '../../../errors/s3-error.js';
import type { S3Request } from '../handler.js';

export function requireBucket(req: S3Request): string {
  if (req.bucket === undefined || req.bucket.length === 0) throw new S3Error('InvalidRequest', { message: 'A bucket name is required.' });
  return req.bucket;
}
