/**
 * A small, independent AWS Signature Version 4 signer for raw-HTTP tests: header auth,
 * presigned query auth and aws-chunked chunk signatures. It is written from the AWS docs
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-authenticating-requests.html), not
 * from the server's code, so that a shared bug cannot hide itself.
 *
 * Pass the path as it goes on the wire, URI-encoded (see encodeKeyPath). It is signed as S3
 * canonicalises it: each segment's escapes decoded to bytes and re-encoded (no dot-segment
 * removal), so `%2e` and `.` sign alike while `..` stays `..`.
 */
import { createHash, createHmac } from 'node:crypto';

export interface Credentials {
  readonly accessKey: string;
  readonly secretKey: string;
  readonly region?: string;
}

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const STREAMING_PAYLOAD = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - . _ ~ is %XX (upper hex). */
export function uriEncode(value: string, keepSlash = false): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(c) || (keepSlash && c === '/')) out += c;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** `/bucket/key` with the key encoded segment by segment (slashes kept). */
export function encodeKeyPath(bucket: string, key?: string): string {
  return key === undefined ? `/${uriEncode(bucket)}` : `/${uriEncode(bucket)}/${uriEncode(key, true)}`;
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** 20260101T000000Z */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function scopeOf(date: Date, region: string): string {
  return `${amzDate(date).slice(0, 8)}/${region}/s3/aws4_request`;
}

export function signingKey(secretKey: string, date: Date, region: string): Buffer {
  const kDate = hmac(`AWS4${secretKey}`, amzDate(date).slice(0, 8));
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, 's3');
  return hmac(kService, 'aws4_request');
}

/** Percent-escapes decoded to bytes, then re-encoded the SigV4 way (so %2e and . sign alike). */
export function canonicalPath(path: string): string {
  return path.split('/').map((segment) => {
    const bytes: number[] = [];
    for (let i = 0; i < segment.length; i++) {
      const c = segment[i]!;
      if (c === '%' && /^[0-9a-fA-F]{2}$/.test(segment.slice(i + 1, i + 3))) {
        bytes.push(parseInt(segment.slice(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.push(...Buffer.from(c, 'utf8'));
      }
    }
    let out = '';
    for (const b of bytes) {
      const ch = String.fromCharCode(b);
      out += /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    return out;
  }).join('/');
}

function canonicalQuery(query: URLSearchParams): string {
  const pairs: Array<[string, string]> = [];
  for (const [k, v] of query) pairs.push([uriEncode(k), uriEncode(v)]);
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function splitPath(pathWithQuery: string): { path: string; query: URLSearchParams } {
  const q = pathWithQuery.indexOf('?');
  if (q < 0) return { path: pathWithQuery, query: new URLSearchParams() };
  return { path: pathWithQuery.slice(0, q), query: new URLSearchParams(pathWithQuery.slice(q + 1)) };
}

export interface SignInput {
  readonly method: string;
  /** Encoded path with optional query, e.g. `/bucket/a%20b?uploads=`. */
  readonly path: string;
  /** `127.0.0.1:PORT` */
  readonly host: string;
  /** Extra headers to send and sign (names any case). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Hex sha256 of the body, UNSIGNED-PAYLOAD or a STREAMING-* value. Default: sha256 of ''. */
  readonly payloadHash?: string;
  readonly date?: Date;
}

export interface SignedRequest {
  /** Every header to send, including host, x-amz-date, x-amz-content-sha256, authorization. */
  readonly headers: Record<string, string>;
  readonly signature: string;
  readonly date: Date;
  readonly scope: string;
}

/** Header-based SigV4: signs all headers given plus host, x-amz-date, x-amz-content-sha256. */
export function signRequest(input: SignInput, creds: Credentials): SignedRequest {
  const region = creds.region ?? 'us-east-1';
  const date = input.date ?? new Date();
  const payloadHash = input.payloadHash ?? EMPTY_SHA256;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.headers ?? {})) headers[k.toLowerCase()] = v;
  headers['host'] = input.host;
  headers['x-amz-date'] = amzDate(date);
  headers['x-amz-content-sha256'] = payloadHash;
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${headers[n]!.trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  const { path, query } = splitPath(input.path);
  const canonicalRequest = [input.method, canonicalPath(path), canonicalQuery(query), canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const scope = scopeOf(date, region);
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate(date), scope, sha256Hex(canonicalRequest)].join('\n');
  const signature = createHmac('sha256', signingKey(creds.secretKey, date, region)).update(stringToSign).digest('hex');
  headers['authorization'] =
    `AWS4-HMAC-SHA256 Credential=${creds.accessKey}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { headers, signature, date, scope };
}

export interface PresignInput {
  readonly method: string;
  /** Encoded path with optional query. */
  readonly path: string;
  readonly host: string;
  readonly expiresSeconds: number;
  readonly date?: Date;
}

/** Presigned URL path+query (host header signed, UNSIGNED-PAYLOAD). */
export function presignPath(input: PresignInput, creds: Credentials): string {
  const region = creds.region ?? 'us-east-1';
  const date = input.date ?? new Date();
  const { path, query } = splitPath(input.path);
  query.set('X-Amz-Algorithm', 'AWS4-HMAC-SHA256');
  query.set('X-Amz-Credential', `${creds.accessKey}/${scopeOf(date, region)}`);
  query.set('X-Amz-Date', amzDate(date));
  query.set('X-Amz-Expires', String(input.expiresSeconds));
  query.set('X-Amz-SignedHeaders', 'host');
  const canonicalRequest = [input.method, canonicalPath(path), canonicalQuery(query), `host:${input.host}\n`, 'host', UNSIGNED_PAYLOAD].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate(date), scopeOf(date, region), sha256Hex(canonicalRequest)].join('\n');
  const signature = createHmac('sha256', signingKey(creds.secretKey, date, region)).update(stringToSign).digest('hex');
  query.set('X-Amz-Signature', signature);
  return `${path}?${canonicalQuery(query)}`;
}

/** Signature of one aws-chunked chunk (STREAMING-AWS4-HMAC-SHA256-PAYLOAD). */
export function chunkSignature(opts: {
  readonly previousSignature: string;
  readonly chunk: Buffer;
  readonly date: Date;
  readonly scope: string;
  readonly secretKey: string;
  readonly region?: string;
}): string {
  const stringToSign = [
    'AWS4-HMAC-SHA256-PAYLOAD',
    amzDate(opts.date),
    opts.scope,
    opts.previousSignature,
    EMPTY_SHA256,
    sha256Hex(opts.chunk),
  ].join('\n');
  return createHmac('sha256', signingKey(opts.secretKey, opts.date, opts.region ?? 'us-east-1')).update(stringToSign).digest('hex');
}

/**
 * Frames `chunks` as an aws-chunked body (each chunk signed, then the final 0-length chunk).
 * `corrupt` replaces the signature of chunk number `corrupt` (0-based) with a wrong one.
 */
export function awsChunkedBody(opts: {
  readonly chunks: readonly Buffer[];
  readonly seedSignature: string;
  readonly date: Date;
  readonly scope: string;
  readonly secretKey: string;
  readonly corrupt?: number;
}): Buffer {
  const parts: Buffer[] = [];
  let previous = opts.seedSignature;
  const all = [...opts.chunks, Buffer.alloc(0)];
  all.forEach((chunk, i) => {
    let sig = chunkSignature({ previousSignature: previous, chunk, date: opts.date, scope: opts.scope, secretKey: opts.secretKey });
    previous = sig;
    if (opts.corrupt === i) sig = sig.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    parts.push(Buffer.from(`${chunk.length.toString(16)};chunk-signature=${sig}\r\n`), chunk, Buffer.from('\r\n'));
  });
  return Buffer.concat(parts);
}
