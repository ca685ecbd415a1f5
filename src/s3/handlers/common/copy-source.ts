/**
 * x-amz-copy-source (`bucket/key`, URL-encoded, optional leading `/`, optional
 * `?versionId=...`) and x-amz-copy-source-range (`bytes=first-last`) of CopyObject and
 * UploadPartCopy. A source bucket with an invalid name (the system bucket) is InvalidBucketName.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ByteRange } from '../../../object/object-layer.js';
import { S3Error } from '../../../errors/s3-error.js';
import { requireValidBucketName } from '../bucket/bucket-name.js';
import { headerValue, nonEmptyHeader } from './header-value.js';

export interface CopySource {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
}

const MAX_COPY_SOURCE = 4096;

function invalidSource(value: string, message = 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey'): S3Error {
  return new S3Error('InvalidArgument', {
    message,
    extra: { ArgumentName: 'x-amz-copy-source', ArgumentValue: value },
  });
}

export function parseCopySource(headers: IncomingHttpHeaders): CopySource {
  const value = nonEmptyHeader(headers, 'x-amz-copy-source');
  if (value === undefined) throw invalidSource('');
  if (value.length > MAX_COPY_SOURCE) throw invalidSource(value.slice(0, 64), 'Copy Source is too long');
  const q = value.indexOf('?');
  const path = q === -1 ? value : value.slice(0, q);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    throw invalidSource(value);
  }
  if (decoded.startsWith('/')) decoded = decoded.slice(1);
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) throw invalidSource(value);
  const source: { bucket: string; key: string; versionId?: string } = {
    bucket: decoded.slice(0, slash),
    key: decoded.slice(slash + 1),
  };
  // Like the request's own bucket: the system bucket can never be a copy source.
  requireValidBucketName(source.bucket);
  if (q !== -1) {
    const params = new URLSearchParams(value.slice(q + 1));
    const versionId = params.get('versionId');
    if (versionId !== null) {
      if (versionId === '') throw invalidSource(value, 'Version id cannot be the empty string');
      source.versionId = versionId;
    }
  }
  return source;
}

const COPY_RANGE = /^bytes=(\d{1,15})-(\d{1,15})$/;

/**
 * x-amz-copy-source-range: only the bounded form is allowed; a header present but empty is
 * malformed too (AWS answers InvalidArgument, see minio/minio#14246). Whether it lies within
 * the source is checked by the object layer (InvalidRangeError -> InvalidRange).
 */
export function parseCopySourceRange(headers: IncomingHttpHeaders): ByteRange | undefined {
  const value = headerValue(headers, 'x-amz-copy-source-range');
  if (value === undefined) return undefined;
  const m = COPY_RANGE.exec(value);
  const start = m === null ? NaN : Number(m[1]);
  const end = m === null ? NaN : Number(m[2]);
  if (m === null || end < start) {
    throw new S3Error('InvalidArgument', {
      message: 'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
      extra: { ArgumentName: 'x-amz-copy-source-range', ArgumentValue: value },
    });
  }
  return { start, end };
}

/**
 * x-amz-copy-source-version-id of a copy's answer: the version named in x-amz-copy-source,
 * else the version the copy read unless it is the null version (as AWS: a copy from a
 * versioned source says which version it took; an unversioned source has no version to name).
 */
export function copySourceVersionHeader(requested: string | undefined, copied: string): string | undefined {
  if (requested !== undefined) return requested;
  return copied === 'null' ? undefined : copied;
}
