/**
 * CopyObject and UploadPartCopy read another object: as on AWS, the caller needs s3:GetObject
 * on the source as well as s3:PutObject on the destination (Amazon S3 API Reference,
 * CopyObject: "you must have read access to the source object and write access to the
 * destination bucket"). Asked of the same authorizer after the destination was allowed; a
 * malformed x-amz-copy-source gets the handler's own error (parseCopySource).
 * x-amz-source-expected-bucket-owner names the account the source bucket must belong to.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from '../../errors/s3-error.js';
import { parseCopySource } from '../handlers/common/copy-source.js';
import type { S3Operation } from '../operations.js';
import type { Authorizer, AuthzRequest } from './authorize.js';

const COPIES: ReadonlySet<S3Operation> = new Set(['CopyObject', 'UploadPartCopy']);

/** The operation reads a copy source (requireCopySourceAccess has something to check). */
export function readsCopySource(op: S3Operation): boolean {
  return COPIES.has(op);
}

export async function requireCopySourceAccess(
  op: S3Operation, headers: IncomingHttpHeaders, authorizer: Authorizer, who: Omit<AuthzRequest, 'action' | 'bucket' | 'key' | 'versionId' | 'expectedBucketOwner'>,
): Promise<void> {
  if (!COPIES.has(op)) return;
  const source = parseCopySource(headers);
  const allowed = await authorizer.isAllowed({
    ...who, action: 's3:GetObject', bucket: source.bucket, key: source.key,
    ...(source.versionId !== undefined ? { versionId: source.versionId } : {}),
    ...(typeof headers['x-amz-source-expected-bucket-owner'] === 'string' ? { expectedBucketOwner: headers['x-amz-source-expected-bucket-owner'] } : {}),
  });
  if (!allowed) throw new S3Error('AccessDenied');
}
