/**
 * Object metadata from request headers (PutObject, CreateMultipartUpload, CopyObject with
 * REPLACE): Content-Type, the system headers S3 stores and returns, x-amz-meta-* user
 * metadata and x-amz-storage-class.
 *
 * - User metadata names are lower-cased and stored without the `x-amz-meta-` prefix. Their
 *   size is the sum of the UTF-8 bytes of every name (without prefix) and value; more than
 *   2 KiB is MetadataTooLarge (AWS: "the user-defined metadata is limited to 2 KB"). Header
 *   strings are the received bytes decoded as latin1 by node:http, so bytes = characters.
 *   Non-ASCII values are returned RFC 2047 encoded (object-response-headers.ts).
 * - Content-Encoding drops the `aws-chunked` coding (transfer framing, not the object's).
 * - x-amz-tagging (URL-query encoded tags) is validated and kept in the system metadata
 *   (handlers/common/object-tags.ts).
 * - x-amz-website-redirect-location must start with `/`, `http://` or `https://`.
 * - Object Lock headers are read by object-lock-headers.ts.
 * - Server-side encryption headers are read by sse-headers.ts.
 * - Headers asking for what Cairn does not store are refused rather than silently dropped: ACLs other than
 *   `private` / `bucket-owner-full-control` and x-amz-grant-* (AccessControlListNotSupported,
 *   as on an AWS bucket with BucketOwnerEnforced ownership).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from '../../../errors/s3-error.js';
import { headerValue, nonEmptyHeader } from './header-value.js';
import { parseTaggingHeader, withTags } from './object-tags.js';

export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';
export const MAX_USER_METADATA_BYTES = 2048;
const META_PREFIX = 'x-amz-meta-';

export const STORAGE_CLASSES: ReadonlySet<string> = new Set([
  'STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING',
  'GLACIER', 'DEEP_ARCHIVE', 'OUTPOSTS', 'GLACIER_IR', 'SNOW', 'EXPRESS_ONEZONE',
]);

/** Stored system headers, in the order they are returned. */
export const SYSTEM_HEADERS = [
  'cache-control', 'content-disposition', 'content-encoding', 'content-language', 'expires',
  'x-amz-website-redirect-location',
] as const;


export interface ObjectMetadataInput {
  /** Undefined when the request carried no Content-Type. */
  readonly contentType: string | undefined;
  readonly userMetadata: Record<string, string>;
  readonly systemMetadata: Record<string, string>;
  /** Undefined when the request carried no x-amz-storage-class. */
  readonly storageClass: string | undefined;
  /** True when any x-amz-meta-* header was present. */
  readonly hasUserMetadata: boolean;
  /** True when the request carried x-amz-tagging (its tags are in systemMetadata). */
  readonly hasTagging: boolean;
}

export function parseUserMetadata(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  let bytes = 0;
  for (const name of Object.keys(headers)) {
    if (!name.startsWith(META_PREFIX)) continue;
    const short = name.slice(META_PREFIX.length).toLowerCase();
    const value = headerValue(headers, name) ?? '';
    if (short === '') {
      throw new S3Error('InvalidArgument', { message: 'User metadata name must not be empty', extra: { ArgumentName: name } });
    }
    bytes += Buffer.byteLength(short, 'latin1') + Buffer.byteLength(value, 'latin1');
    if (bytes > MAX_USER_METADATA_BYTES) {
      throw new S3Error('MetadataTooLarge', {
        extra: { Size: String(sumBytes(headers)), MaxSizeAllowed: String(MAX_USER_METADATA_BYTES) },
      });
    }
    out[short] = value;
  }
  return out;
}

function sumBytes(headers: IncomingHttpHeaders): number {
  let total = 0;
  for (const name of Object.keys(headers)) {
    if (name.startsWith(META_PREFIX)) total += Buffer.byteLength(name.slice(META_PREFIX.length), 'latin1') + Buffer.byteLength(headerValue(headers, name) ?? '', 'latin1');
  }
  return total;
}

/** `aws-chunked, gzip` -> `gzip`; `aws-chunked` -> undefined; a value without aws-chunked is kept as sent (`deflate, gzip`). */
export function storedContentEncoding(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const all = value.split(',').map((c) => c.trim());
  const codings = all.filter((c) => c !== '' && c.toLowerCase() !== 'aws-chunked');
  if (codings.length === all.length) return value;
  return codings.length === 0 ? undefined : codings.join(', ');
}

export function parseStorageClass(headers: IncomingHttpHeaders): string | undefined {
  const value = nonEmptyHeader(headers, 'x-amz-storage-class');
  if (value === undefined) return undefined;
  if (!STORAGE_CLASSES.has(value)) throw new S3Error('InvalidStorageClass', { extra: { StorageClassRequested: value } });
  return value;
}

export function parseSystemMetadata(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of SYSTEM_HEADERS) {
    const raw = headerValue(headers, name);
    const value = name === 'content-encoding' ? storedContentEncoding(raw) : raw;
    if (value === undefined) continue;
    if (name === 'x-amz-website-redirect-location' && !/^(\/|https?:\/\/)/.test(value)) {
      throw new S3Error('InvalidArgument', {
        message: "The website redirect location must have a prefix of 'http://' or 'https://' or '/'",
        extra: { ArgumentName: name, ArgumentValue: value },
      });
    }
    out[name] = value;
  }
  return out;
}

export function parseObjectMetadata(headers: IncomingHttpHeaders): ObjectMetadataInput {
  const userMetadata = parseUserMetadata(headers);
  const tagging = headerValue(headers, 'x-amz-tagging');
  const system = parseSystemMetadata(headers);
  return {
    contentType: nonEmptyHeader(headers, 'content-type'),
    userMetadata,
    systemMetadata: tagging === undefined ? system : withTags(system, parseTaggingHeader(tagging)),
    storageClass: parseStorageClass(headers),
    hasUserMetadata: Object.keys(userMetadata).length > 0,
    hasTagging: tagging !== undefined,
  };
}
