/**
 * Size checks of a streamed upload (PutObject, UploadPart): S3 needs the length up front
 * (Content-Length, or x-amz-decoded-content-length for aws-chunked bodies; the pipeline
 * resolves either into req.contentLength) and caps one PUT at 5 GiB.
 */
import type { S3Request } from '../handler.js';
import { S3Error } from '../../../errors/s3-error.js';

export const MAX_PUT_SIZE = 5 * 1024 * 1024 * 1024;

/** The declared body length; MissingContentLength (411) when unknown, EntityTooLarge above 5 GiB. */
export function declaredUploadSize(req: S3Request): number {
  const size = req.contentLength;
  if (!Number.isSafeInteger(size) || size < 0) throw new S3Error('MissingContentLength');
  if (size > MAX_PUT_SIZE) {
    throw new S3Error('EntityTooLarge', { extra: { ProposedSize: String(size), MaxSizeAllowed: String(MAX_PUT_SIZE) } });
  }
  return size;
}
