/**
 * Response headers describing a stored object (GetObject, HeadObject): ETag (quoted),
 * Last-Modified, Content-Type, Accept-Ranges, the stored system headers, x-amz-meta-*,
 * x-amz-version-id, x-amz-storage-class (omitted for STANDARD, as AWS does),
 * x-amz-tagging-count (when the object has tags), the x-amz-object-lock-* headers (when the
 * version has a retention or legal hold), and the
 * response-* query overrides of GetObject/HeadObject.
 */
import type { ObjectInfo, StoredChecksum } from '../../../object/object-layer.js';
import { S3Error } from '../../../errors/s3-error.js';
import { checksumResponseHeaders } from './checksum-headers.js';
import { objectLockResponseHeaders } from './object-lock-headers.js';
import { httpDate } from './http-date.js';
import { DEFAULT_CONTENT_TYPE, SYSTEM_HEADERS } from './object-metadata.js';
import { storedTags } from './object-tags.js';

/** response-* query parameter -> header it overrides. */
const OVERRIDES: ReadonlyArray<readonly [string, string]> = [
  ['response-content-type', 'content-type'],
  ['response-content-language', 'content-language'],
  ['response-expires', 'expires'],
  ['response-cache-control', 'cache-control'],
  ['response-content-disposition', 'content-disposition'],
  ['response-content-encoding', 'content-encoding'],
];

/** The response-* overrides present in the query; a value with CR/LF is refused. */
export function parseResponseOverrides(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [param, header] of OVERRIDES) {
    const value = query.get(param);
    if (value === null) continue;
    if (/[\r\n\0]/.test(value)) {
      throw new S3Error('InvalidArgument', { message: `Invalid value for ${param}`, extra: { ArgumentName: param } });
    }
    out[header] = value;
  }
  return out;
}

export interface ObjectHeaderOptions {
  /** response-* overrides, already validated. */
  readonly overrides?: Readonly<Record<string, string>>;
  /** The checksum to expose (x-amz-checksum-mode: ENABLED), if any. */
  readonly checksum?: StoredChecksum;
  /** Send x-amz-version-id: null for the null version (common/versioning.ts showsVersionId). */
  readonly showNullVersion?: boolean;
}

export function objectResponseHeaders(info: ObjectInfo, opts: ObjectHeaderOptions = {}): Record<string, string> {
  const h: Record<string, string> = {
    etag: `"${info.etag}"`,
    'last-modified': httpDate(info.lastModified),
    'content-type': info.contentType === '' ? DEFAULT_CONTENT_TYPE : info.contentType,
    'accept-ranges': 'bytes',
  };
  for (const name of SYSTEM_HEADERS) {
    const value = info.systemMetadata[name];
    if (value !== undefined && value !== '') h[name] = value;
  }
  for (const [name, value] of Object.entries(info.userMetadata)) h[`x-amz-meta-${name}`] = mailSafeMetadataValue(value);
  if (info.versionId !== 'null' || opts.showNullVersion === true) h['x-amz-version-id'] = info.versionId;
  if (info.storageClass !== '' && info.storageClass !== 'STANDARD') h['x-amz-storage-class'] = info.storageClass;
  const tagCount = storedTags(info.systemMetadata).length;
  if (tagCount > 0) h['x-amz-tagging-count'] = String(tagCount);
  Object.assign(h, objectLockResponseHeaders(info.objectLock));
  Object.assign(h, checksumResponseHeaders(opts.checksum));
  if (opts.overrides !== undefined) Object.assign(h, opts.overrides);
  return h;
}

const NON_ASCII = /[^\u0000-\u007f]/;
const BEYOND_LATIN1 = /[^\u0000-\u00ff]/;
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The UTF-8 bytes of a stored value: header text arrives as latin1-decoded bytes. */
function utf8BytesOf(value: string): Buffer {
  if (BEYOND_LATIN1.test(value)) return Buffer.from(value, 'utf8');
  const raw = Buffer.from(value, 'latin1');
  try {
    STRICT_UTF8.decode(raw);
    return raw; // the client sent UTF-8 bytes (JS, Go, Java SDKs)
  } catch {
    return Buffer.from(value, 'utf8'); // the client sent latin1 bytes (python http.client)
  }
}

/**
 * A user metadata value as AWS returns it: as is when US-ASCII, else RFC 2047 encoded
 * (`=?UTF-8?B?<base64>?=`; AWS: "encoded as per RFC 2047 to make them mail-safe before
 * returning"), the base64 covering the value's UTF-8 bytes.
 */
export function mailSafeMetadataValue(value: string): string {
  if (!NON_ASCII.test(value)) return value;
  return `=?UTF-8?B?${utf8BytesOf(value).toString('base64')}?=`;
}

/** x-amz-checksum-mode: ENABLED */
export function isChecksumModeEnabled(headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  const v = headers['x-amz-checksum-mode'];
  return typeof v === 'string' && v.trim().toUpperCase() === 'ENABLED';
}

/** ?partNumber= of GET/HEAD: 1..10000, else InvalidArgument as AWS says it. */
export function partNumberParam(query: URLSearchParams): number | undefined {
  const raw = query.get('partNumber');
  if (raw === null) return undefined;
  const n = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= 10_000)) {
    throw new S3Error('InvalidArgument', {
      message: 'Part number must be an integer between 1 and 10000, inclusive',
      extra: { ArgumentName: 'partNumber', ArgumentValue: raw },
    });
  }
  return n;
}
