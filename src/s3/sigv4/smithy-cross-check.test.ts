/**
 * Cross-check against the AWS SDK's own signer (@smithy/signature-v4): random requests with
 * awkward keys (spaces, unicode, '+', '%', '~', '$', '=', '&', quotes), query parameters and
 * header values are signed by smithy (header and presigned) and must verify here, also when
 * the wire encoding differs from the canonical one (lower-case hex, '+' for space,
 * percent-encoded unreserved bytes). Any single change to a signed part must fail.
 */
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { SignatureV4 } from '@smithy/signature-v4';
import { isS3Error } from '../../errors/s3-error.js';
import { authenticate } from './authenticate.js';
import { SigningKeyCache } from './signing-key.js';
import type { AuthRequest, CredentialStore } from './types.js';
import { mulberry32 as prng } from '../../../test/helpers/seeded-random.js';

class NodeSha256 {
  readonly #h;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#h = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuf(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#h.update(toBuf(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#h.digest());
  }
}
function toBuf(d: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof d === 'string') return Buffer.from(d, 'utf8');
  if (ArrayBuffer.isView(d)) return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
  return Buffer.from(d);
}

const ALPHABET = ['a', 'Z', '0', ' ', '+', '%', '~', '$', '=', '&', "'", '(', ')', '*', '!', '-', '_', '.', ',', ';', ':', '@', 'é', '日本', '🙂', '#', '[', ']', '"', '<', '^'];

function randomText(rand: () => number, min: number, max: number): string {
  const n = min + Math.floor(rand() * (max - min + 1));
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(rand() * ALPHABET.length)]!;
  return s;
}

/** RFC 3986 encoding as the SDKs do it. */
function strictEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** An equivalent but non-canonical wire encoding: lower-case hex, an unreserved byte escaped, '+' for spaces in queries. */
function sloppyEncode(s: string, rand: () => number, isQuery: boolean): string {
  let out = '';
  for (const ch of s) {
    if (isQuery && ch === ' ' && rand() < 0.5) out += '+';
    else if (/[A-Za-z0-9]/.test(ch) && rand() < 0.2) out += '%' + ch.charCodeAt(0).toString(16);
    else out += strictEncode(ch).replace(/%[0-9A-F]{2}/g, (m) => (rand() < 0.5 ? m.toLowerCase() : m));
  }
  return out;
}

const AK = 'AKIDCAIRNTEST';
const SK = 'secret/with+special=chars';
const store: CredentialStore = { secretFor: (k) => (k === AK ? SK : undefined) };
const REGION = 'eu-central-1';
const NOW = new Date('2026-11-26T12:00:00Z');

function signer(sessionToken?: string): SignatureV4 {
  return new SignatureV4({
    credentials: { accessKeyId: AK, secretAccessKey: SK, ...(sessionToken === undefined ? {} : { sessionToken }) },
    region: REGION,
    service: 's3',
    sha256: NodeSha256,
    uriEscapePath: false,
  });
}

interface Generated {
  segments: string[];
  query: Record<string, string>;
  headers: Record<string, string>;
  method: string;
}

function generate(rand: () => number): Generated {
  const segments = ['bucket-' + Math.floor(rand() * 100)];
  const depth = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < depth; i++) segments.push(randomText(rand, 1, 12));
  const query: Record<string, string> = {};
  const nq = Math.floor(rand() * 4);
  for (let i = 0; i < nq; i++) query[randomText(rand, 1, 6)] = rand() < 0.2 ? '' : randomText(rand, 0, 10);
  const headers: Record<string, string> = {
    host: 's3.example.test:9000',
    'x-amz-content-sha256': rand() < 0.5 ? 'UNSIGNED-PAYLOAD' : createHash('sha256').update(randomText(rand, 0, 20)).digest('hex'),
    'x-amz-meta-note': '  spaced   value\twith  runs  ',
  };
  if (rand() < 0.5) headers['content-type'] = 'text/plain;  charset=utf-8';
  const method = ['GET', 'PUT', 'HEAD', 'DELETE', 'POST'][Math.floor(rand() * 5)]!;
  return { segments, query, headers, method };
}

function rawQueryOf(query: Record<string, string | string[] | null>, encode: (s: string) => string): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    const values = v === null ? [''] : Array.isArray(v) ? v : [v];
    for (const value of values) parts.push(`${encode(k)}=${encode(value)}`);
  }
  return parts.join('&');
}

function toHeaders(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

describe('cross-check with @smithy/signature-v4', () => {
  const keyCache = new SigningKeyCache();
  const opts = { now: NOW, region: REGION, keyCache };

  it('header-signed random requests verify, with canonical and sloppy wire encodings', async () => {
    const rand = prng(20261126);
    for (let n = 0; n < 150; n++) {
      const g = generate(rand);
      const path = '/' + g.segments.map(strictEncode).join('/');
      const signed = await signer().sign(
        { method: g.method, protocol: 'http:', hostname: 's3.example.test', port: 9000, path, query: g.query, headers: { ...g.headers } },
        { signingDate: NOW },
      );
      const headers = toHeaders(signed.headers as Record<string, string>);
      const variants: AuthRequest[] = [
        { method: g.method, rawPath: path, rawQuery: rawQueryOf(g.query, strictEncode), headers },
        {
          method: g.method,
          rawPath: '/' + g.segments.map((s) => sloppyEncode(s, rand, false)).join('/'),
          rawQuery: rawQueryOf(g.query, (s) => sloppyEncode(s, rand, true)),
          headers,
        },
      ];
      for (const req of variants) {
        const r = authenticate(req, store, opts);
        assert.equal(r.accessKey, AK, `case ${n}: ${req.rawPath}?${req.rawQuery}`);
      }
      // Tamper: another path, another query value, another signed header value.
      const base = variants[0]!;
      const tampered: AuthRequest[] = [
        { ...base, rawPath: base.rawPath + 'x' },
        { ...base, rawQuery: base.rawQuery === '' ? 'x=1' : base.rawQuery + 'x' },
        { ...base, headers: { ...headers, 'x-amz-meta-note': 'other' } },
        { ...base, method: base.method === 'GET' ? 'PUT' : 'GET' },
      ];
      for (const req of tampered) {
        assert.throws(() => authenticate(req, store, opts), (e: unknown) => isS3Error(e) && e.code === 'SignatureDoesNotMatch');
      }
    }
  });

  it('presigned random requests verify (with a session token), and expire', async () => {
    const rand = prng(7);
    for (let n = 0; n < 100; n++) {
      const g = generate(rand);
      // As @aws-sdk/s3-request-presigner does: the claim is hoisted into the query as
      // x-amz-content-sha256=UNSIGNED-PAYLOAD (with x-amz-meta-* and the other x-amz-* headers).
      g.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
      const expiresIn = 1 + Math.floor(rand() * 604799);
      const path = '/' + g.segments.map(strictEncode).join('/');
      const presigned = await signer(n % 3 === 0 ? 'session/token+1' : undefined).presign(
        { method: g.method, protocol: 'http:', hostname: 's3.example.test', port: 9000, path, query: { ...g.query }, headers: { ...g.headers } },
        { signingDate: NOW, expiresIn },
      );
      const query = presigned.query as Record<string, string | string[] | null>;
      const req: AuthRequest = {
        method: g.method,
        rawPath: path,
        rawQuery: rawQueryOf(query, (s) => sloppyEncode(s, rand, true)),
        headers: toHeaders(presigned.headers as Record<string, string>),
      };
      const r = authenticate(req, store, opts);
      assert.equal(r.method, 'presigned');
      assert.deepEqual(r.payload, { kind: 'unsigned' });
      assert.equal(r.sessionToken, n % 3 === 0 ? 'session/token+1' : undefined);
      const later = new Date(NOW.getTime() + expiresIn * 1000 + 1000);
      assert.throws(
        () => authenticate(req, store, { ...opts, now: later }),
        (e: unknown) => isS3Error(e) && e.code === 'AccessDenied' && e.message === 'Request has expired',
      );
      assert.throws(
        () => authenticate({ ...req, rawPath: req.rawPath + '%20' }, store, opts),
        (e: unknown) => isS3Error(e) && e.code === 'SignatureDoesNotMatch',
      );
    }
  });

  it('derives each signing key once per (secret, date, region, service)', () => {
    assert.ok(keyCache.size >= 1 && keyCache.size <= 2, `cache holds ${keyCache.size}`);
  });
});
