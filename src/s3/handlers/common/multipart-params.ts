/**
 * Query parameters of the multipart operations: uploadId and partNumber (1..10,000).
 */
import type { S3Request } from '../handler.js';
import { S3Error } from '../../../errors/s3-error.js';

export const MAX_PART_NUMBER = 10_000;

/** ?uploadId=; an empty or missing id names no upload (NoSuchUpload). */
export function uploadIdParam(req: S3Request): string {
  const id = req.query.get('uploadId');
  if (id === null || id === '') throw new S3Error('NoSuchUpload', { extra: { UploadId: id ?? '' } });
  return id;
}

/** ?partNumber= of UploadPart / UploadPartCopy (required). */
export function uploadPartNumberParam(req: S3Request): number {
  const raw = req.query.get('partNumber') ?? '';
  const n = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= MAX_PART_NUMBER)) {
    throw new S3Error('InvalidArgument', {
      message: 'Part number must be an integer between 1 and 10000, inclusive',
      extra: { ArgumentName: 'partNumber', ArgumentValue: raw },
    });
  }
  return n;
}
