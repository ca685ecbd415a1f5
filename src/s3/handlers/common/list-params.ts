/**
 * Query parameters shared by the listing operations: max-keys / max-uploads / max-parts
 * (an integer >= 0, clamped to 1,000; anything else InvalidArgument), encoding-type (only
 * `url`), prefix and delimiter (an empty delimiter means none), and the opaque
 * continuation token of ListObjectsV2.
 */
import { S3Error } from '../../../errors/s3-error.js';
import type { ListObjectsResult, ObjectLayer, OpContext } from '../../../object/object-layer.js';
import type { EncodingType } from '../../xml/shapes/encoding-type.js';

export const MAX_LIST_KEYS = 1000;

export interface ObjectsPageQuery {
  readonly bucket: string;
  readonly maxKeys: number;
  /** '' for none. */
  readonly prefix: string;
  readonly delimiter: string | undefined;
  /** List keys strictly after this one (marker, start-after or a continuation token). */
  readonly after: string | undefined;
}

/** The page of ListObjects / ListObjectsV2; max-keys=0 is an empty page once the layer found the bucket. */
export function listObjectsPage(objects: ObjectLayer, q: ObjectsPageQuery, op: OpContext): Promise<ListObjectsResult> {
  return objects.listObjects({
    bucket: q.bucket,
    maxKeys: q.maxKeys,
    ...(q.prefix !== '' ? { prefix: q.prefix } : {}),
    ...(q.delimiter !== undefined ? { delimiter: q.delimiter } : {}),
    ...(q.after !== undefined ? { after: q.after } : {}),
  }, op);
}
const INT = /^-?\d{1,15}$/;

/** A page size parameter: default 1,000, clamped to 1,000, 0 allowed. */
export function parsePageSize(query: URLSearchParams, name: string): number {
  const raw = query.get(name);
  if (raw === null) return MAX_LIST_KEYS;
  const n = INT.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new S3Error('InvalidArgument', {
      message: `Provided ${name} not an integer or within integer range`,
      extra: { ArgumentName: name, ArgumentValue: raw },
    });
  }
  return Math.min(n, MAX_LIST_KEYS);
}

export function parseEncodingType(query: URLSearchParams): EncodingType {
  const raw = query.get('encoding-type');
  if (raw === null) return undefined;
  if (raw.toLowerCase() === 'url') return 'url';
  throw new S3Error('InvalidArgument', {
    message: 'Invalid Encoding Method specified in Request',
    extra: { ArgumentName: 'encoding-type', ArgumentValue: raw },
  });
}

export function parsePrefix(query: URLSearchParams): string {
  return query.get('prefix') ?? '';
}

export function parseDelimiter(query: URLSearchParams): string | undefined {
  const d = query.get('delimiter');
  return d === null || d === '' ? undefined : d;
}

/** A non-empty query parameter or undefined. */
export function optionalParam(query: URLSearchParams, name: string): string | undefined {
  const v = query.get(name);
  return v === null || v === '' ? undefined : v;
}

const TOKEN_PREFIX = 'c1:';

/** The ListObjectsV2 continuation token of "resume after this key": opaque base64url. */
export function encodeContinuationToken(afterKey: string): string {
  return Buffer.from(TOKEN_PREFIX + afterKey, 'utf8').toString('base64url');
}

export function decodeContinuationToken(token: string): string {
  const invalid = new S3Error('InvalidArgument', {
    message: 'The continuation token provided is incorrect',
    extra: { ArgumentName: 'continuation-token', ArgumentValue: token.slice(0, 1100) },
  });
  if (token.length > 4096 || !/^[A-Za-z0-9_-]+$/.test(token)) throw invalid;
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith(TOKEN_PREFIX) || text.includes('\uFFFD')) throw invalid;
  return text.slice(TOKEN_PREFIX.length);
}
