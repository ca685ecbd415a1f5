/**
 * SigV4 canonical request and string to sign, exactly as S3 computes them
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html):
 *
 *   Method \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n PayloadHash
 *
 * - CanonicalURI: the raw path, each '/'-separated segment decoded and re-encoded (RFC 3986);
 *   S3 neither normalizes ('.', '..', '//') nor double-encodes.
 * - CanonicalQuery: every name=value pair decoded ('+' is a space) and re-encoded, sorted by
 *   encoded name then encoded value; a name without '=' gets an empty value.
 * - CanonicalHeaders: for each signed header, `name:value\n` with the value trimmed, inner
 *   whitespace runs collapsed to one space, repeated headers joined with ','.
 * - Non-ASCII header values (AWS documents US-ASCII only; AWS itself answers
 *   SignatureDoesNotMatch to SDKs that send them raw). node:http decodes header bytes as
 *   latin1, and clients disagree on what they sign: the JS/Go/Java SDKs send UTF-8 bytes and sign
 *   those bytes (hash the canonical text as latin1: one byte per char), botocore/http.client
 *   sends latin1 bytes but signs the UTF-8 encoding of its text (hash the latin1-decoded text as
 *   UTF-8). Both are accepted (verify-signature.ts tries the second only when the text has a
 *   byte >= 0x80); each maps the received bytes one-to-one, so neither weakens the signature.
 */
import * as nodeCrypto from 'node:crypto';
import type { AuthRequest } from './types.js';
import { canonicalizeComponent } from './uri-encode.js';

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * crypto.hash (Node 20.12+), one call without a Hash object: 0.34 µs against createHash's 0.79
 * for a canonical request (every signed request hashes one).
 */
const oneShot: ((algorithm: string, data: string | Uint8Array, encoding: 'hex') => string) | undefined = typeof nodeCrypto.hash === 'function' ? nodeCrypto.hash : undefined;

export function sha256Hex(data: string | Uint8Array): string {
  return oneShot !== undefined ? oneShot('sha256', data, 'hex') : nodeCrypto.createHash('sha256').update(data).digest('hex');
}

/** A path made only of unreserved characters and '/' is its own canonical form. */
const PLAIN_PATH = /^[A-Za-z0-9\-._~/]*$/;

export function canonicalUri(rawPath: string): string {
  if (rawPath === '') return '/';
  if (PLAIN_PATH.test(rawPath)) return rawPath.charCodeAt(0) === 0x2f ? rawPath : '/' + rawPath;
  const segments = rawPath.split('/');
  for (let i = 0; i < segments.length; i++) segments[i] = canonicalizeComponent(segments[i]!, false);
  const joined = segments.join('/');
  return joined.startsWith('/') ? joined : '/' + joined;
}

export interface QueryPair {
  /** Canonical (re-encoded) name and value. */
  readonly name: string;
  readonly value: string;
}

/** Splits a raw query into canonical pairs, in received order. */
export function canonicalQueryPairs(rawQuery: string): QueryPair[] {
  const pairs: QueryPair[] = [];
  if (rawQuery === '') return pairs;
  for (const piece of rawQuery.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const rawName = eq < 0 ? piece : piece.slice(0, eq);
    const rawValue = eq < 0 ? '' : piece.slice(eq + 1);
    pairs.push({ name: canonicalizeComponent(rawName, true), value: canonicalizeComponent(rawValue, true) });
  }
  return pairs;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The canonical query string; `exclude` names a canonical parameter to drop (X-Amz-Signature). */
export function canonicalQuery(rawQuery: string, exclude?: string): string {
  if (rawQuery === '') return '';
  const pairs = canonicalQueryPairs(rawQuery).filter((p) => p.name !== exclude);
  pairs.sort((a, b) => compareCodeUnits(a.name, b.name) || compareCodeUnits(a.value, b.value));
  return pairs.map((p) => `${p.name}=${p.value}`).join('&');
}

/** Whitespace other than one plain space between two other characters. */
const COLLAPSIBLE = /\s\s|[^\S ]/;

function normalizeHeaderValue(value: string): string {
  const trimmed = value.trim();
  return COLLAPSIBLE.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
}

const NO_VALUES: readonly string[] = Object.freeze([]);

/**
 * All values of one header (lower-case name), in received order. node:http lists every
 * received header name in `headers` (lower-cased), so a name absent there was not sent.
 */
export function headerValues(req: AuthRequest, name: string): readonly string[] {
  if (req.rawHeaders !== undefined) {
    if (req.headers[name] === undefined) return NO_VALUES;
    const values: string[] = [];
    const raw = req.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const rawName = raw[i]!;
      if (rawName.length === name.length && (rawName === name || rawName.toLowerCase() === name)) values.push(raw[i + 1]!);
    }
    return values;
  }
  const v = req.headers[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** The single value of a header, or undefined; repeated values are joined with ','. */
export function headerValue(req: AuthRequest, name: string): string | undefined {
  const values = headerValues(req, name);
  return values.length === 0 ? undefined : values.length === 1 ? values[0] : values.join(',');
}

export function canonicalHeaders(req: AuthRequest, signedHeaders: readonly string[]): string {
  let out = '';
  for (const name of signedHeaders) {
    const values = headerValues(req, name).map(normalizeHeaderValue);
    out += `${name}:${values.join(',')}\n`;
  }
  return out;
}

export interface CanonicalRequestInput {
  readonly req: AuthRequest;
  readonly signedHeaders: readonly string[];
  readonly payloadHash: string;
  /** Canonical query parameter to leave out (presigned: X-Amz-Signature). */
  readonly excludeQuery?: string;
}

export function canonicalRequest(input: CanonicalRequestInput): string {
  const { req } = input;
  const method = req.method.toUpperCase();
  return `${method}\n${canonicalUri(req.rawPath)}\n${canonicalQuery(req.rawQuery, input.excludeQuery)}\n${canonicalHeaders(req, input.signedHeaders)}\n${input.signedHeaders.join(';')}\n${input.payloadHash}`;
}

const BEYOND_LATIN1 = /[^\u0000-\u00ff]/;

/** The bytes of a canonical text built from node:http (latin1-decoded) strings. */
export function canonicalBytes(text: string): Buffer {
  return Buffer.from(text, BEYOND_LATIN1.test(text) ? 'utf8' : 'latin1');
}

const NON_ASCII = /[^\u0000-\u007f]/;

export function stringToSign(amzDate: string, scope: string, canonicalRequestText: string): string {
  // ASCII text is its own UTF-8 and latin1 encoding: hashed as a string, without a Buffer.
  const digest = NON_ASCII.test(canonicalRequestText) ? sha256Hex(canonicalBytes(canonicalRequestText)) : sha256Hex(canonicalRequestText);
  return `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${digest}`;
}

/**
 * The string to sign of a client that signed the UTF-8 encoding of latin1-decoded header text
 * (botocore), or undefined when the canonical text is ASCII (then there is only one reading).
 */
export function utf8StringToSign(amzDate: string, scope: string, canonicalRequestText: string): string | undefined {
  if (!NON_ASCII.test(canonicalRequestText)) return undefined;
  return `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256Hex(Buffer.from(canonicalRequestText, 'utf8'))}`;
}
