/**
 * `encoding-type=url` of the listing operations: S3 then URL-encodes Key, Prefix, Delimiter,
 * Marker, NextMarker, StartAfter, KeyMarker and NextKeyMarker in the response so that keys
 * with characters XML 1.0 cannot carry survive. Encoding is the form encoding clients decode
 * (botocore unquote_plus, Java URLDecoder): unreserved characters and `/` stay, a space
 * becomes `+`, every other byte of the UTF-8 form becomes `%XX`.
 */

export type EncodingType = 'url' | undefined;

const KEEP = /[A-Za-z0-9\-_.~/]/;

export function s3UrlEncode(value: string): string {
  let out = '';
  for (const ch of value) {
    if (KEEP.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Applies the encoding when requested; passes undefined through. */
export function encodeName<T extends string | undefined>(value: T, encoding: EncodingType): T {
  if (value === undefined || encoding !== 'url') return value;
  return s3UrlEncode(value) as T;
}
