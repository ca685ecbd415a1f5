/**
 * Conditional request headers -> the object layer's Conditions.
 * The layer evaluates them (atomically for writes) following RFC 7232 and S3's precedence:
 * If-Match beats If-Unmodified-Since, If-None-Match beats If-Modified-Since.
 *
 * ETag lists (`"a", "b"`) are normalised to unquoted etags joined by ',' (`a,b`); weak
 * prefixes `W/` are dropped (S3 compares strongly but accepts the syntax). `*` stays `*`.
 * Invalid dates are ignored, as S3 does.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Conditions } from '../../../object/object-layer.js';
import { S3Error } from '../../../errors/s3-error.js';
import { nonEmptyHeader } from './header-value.js';
import { parseHttpDate } from './http-date.js';

const MAX_ETAGS = 64;

/** `"abc"` -> `abc`; `"a", W/"b"` -> `a,b`; `*` -> `*`. Undefined when nothing usable remains. */
export function normalizeEtagList(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',', MAX_ETAGS).map(stripEtag).filter((e) => e !== '');
  if (items.length === 0) return undefined;
  if (items.includes('*')) return '*';
  return items.join(',');
}

/** Removes surrounding whitespace, a weak `W/` prefix and the quotes of one etag. */
export function stripEtag(raw: string): string {
  let e = raw.trim();
  if (e.startsWith('W/')) e = e.slice(2);
  if (e.length >= 2 && e.startsWith('"') && e.endsWith('"')) e = e.slice(1, -1);
  return e.trim();
}

function compact(c: {
  ifMatch: string | undefined;
  ifNoneMatch: string | undefined;
  ifModifiedSince: Date | undefined;
  ifUnmodifiedSince: Date | undefined;
}): Conditions | undefined {
  const out: { -readonly [K in keyof Conditions]: Conditions[K] } = {};
  if (c.ifMatch !== undefined) out.ifMatch = c.ifMatch;
  if (c.ifNoneMatch !== undefined) out.ifNoneMatch = c.ifNoneMatch;
  if (c.ifModifiedSince !== undefined) out.ifModifiedSince = c.ifModifiedSince;
  if (c.ifUnmodifiedSince !== undefined) out.ifUnmodifiedSince = c.ifUnmodifiedSince;
  return Object.keys(out).length === 0 ? undefined : out;
}

/** If-Match / If-None-Match / If-Modified-Since / If-Unmodified-Since of GET and HEAD. */
export function parseReadConditions(headers: IncomingHttpHeaders): Conditions | undefined {
  return compact({
    ifMatch: normalizeEtagList(nonEmptyHeader(headers, 'if-match')),
    ifNoneMatch: normalizeEtagList(nonEmptyHeader(headers, 'if-none-match')),
    ifModifiedSince: parseHttpDate(nonEmptyHeader(headers, 'if-modified-since')),
    ifUnmodifiedSince: parseHttpDate(nonEmptyHeader(headers, 'if-unmodified-since')),
  });
}

/** x-amz-copy-source-if-* of CopyObject and UploadPartCopy. */
export function parseCopySourceConditions(headers: IncomingHttpHeaders): Conditions | undefined {
  return compact({
    ifMatch: normalizeEtagList(nonEmptyHeader(headers, 'x-amz-copy-source-if-match')),
    ifNoneMatch: normalizeEtagList(nonEmptyHeader(headers, 'x-amz-copy-source-if-none-match')),
    ifModifiedSince: parseHttpDate(nonEmptyHeader(headers, 'x-amz-copy-source-if-modified-since')),
    ifUnmodifiedSince: parseHttpDate(nonEmptyHeader(headers, 'x-amz-copy-source-if-unmodified-since')),
  });
}

/**
 * If-Match / If-None-Match of a write (PutObject, CopyObject, CompleteMultipartUpload).
 * S3 supports only `If-None-Match: *` on writes; any other value is 501 NotImplemented.
 */
export function parseWriteConditions(headers: IncomingHttpHeaders): Pick<Conditions, 'ifMatch' | 'ifNoneMatch'> | undefined {
  const ifMatch = normalizeEtagList(nonEmptyHeader(headers, 'if-match'));
  const ifNoneMatch = normalizeEtagList(nonEmptyHeader(headers, 'if-none-match'));
  if (ifMatch === undefined && ifNoneMatch === undefined) return undefined;
  if (ifNoneMatch !== undefined && ifNoneMatch !== '*') {
    throw new S3Error('NotImplemented', {
      message: 'A header you provided implies functionality that is not implemented',
      extra: { Header: 'If-None-Match' },
    });
  }
  const out: { ifMatch?: string; ifNoneMatch?: string } = {};
  if (ifMatch !== undefined) out.ifMatch = ifMatch;
  if (ifNoneMatch !== undefined) out.ifNoneMatch = ifNoneMatch;
  return out;
}
