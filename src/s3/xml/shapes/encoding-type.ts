/**
 * `encoding-type=url` of the listing operations: S3 then URL-encodes Key, Prefix, Delimiter,
 * Marker, NextMarker, StartAfter, KeyMarker and NextKeyMarker in the response so that keys
 * with characters XML 1.0 cannot carry survive. AWS percent-encodes as the AWS SDKs'
 * SdkHttpUtils.urlEncode in path mode: the unreserved characters (RFC 3986 `A-Z a-z 0-9 - _ . ~`)
 * and `/` stay, every other byte of the UTF-8 form becomes `%XX` — a space is `%20`, a `+`
 * `%2B` (ceph s3-tests test_bucket_list_encoding_basic: 'quux ab/' -> 'quux%20ab/';
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html#API_ListObjectsV2_RequestSyntax).
 * Both decoders clients use (botocore unquote_plus, decodeURIComponent) read it back exactly.
 */

export type EncodingType = 'url' | undefined;

const KEEP = /[A-Za-z0-9\-_.~/]/;

export function s3UrlEncode(value: string): string {
  let out = '';
  for (const ch of value) {
    if (KEEP.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Applies the encoding when requested; passes undefined through. */
export function encodeName<T extends string | undefined>(value: T, encoding: EncodingType): T {
  if (value === undefined || encoding !== 'url') return value;
  return s3UrlEncode(value) as T;
}
