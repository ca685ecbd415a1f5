/**
 * Robustness: mutated aws-chunked bodies and garbage authentication inputs must end in either
 * the exact original data or a typed S3Error — never a crash, a TypeError, a hang or wrong bytes.
 * Deterministic PRNG, bounded iteration counts.
 */
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { isS3Error } from '../../errors/s3-error.js';
import { authenticate } from './authenticate.js';
import { decodeBody } from './decode-body.js';
import type { AuthResult, AuthRequest } from './types.js';
import { mulberry32 as prng } from '../../../test/helpers/seeded-random.js';

const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const CTX = { signingKey: Buffer.alloc(32, 7), seedSignature: 'b'.repeat(64), amzDate: '20260101T000000Z', scope: '20260101/us-east-1/s3/aws4_request' };
const hmacHex = (d: string): string => createHmac('sha256', CTX.signingKey).update(d).digest('hex');
const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

function signedTrailerBody(chunks: Buffer[]): Buffer {
  const parts: Buffer[] = [];
  let prev = CTX.seedSignature;
  for (const c of [...chunks, Buffer.alloc(0)]) {
    const sig = hmacHex(`AWS4-HMAC-SHA256-PAYLOAD\n${CTX.amzDate}\n${CTX.scope}\n${prev}\n${EMPTY}\n${sha(c)}`);
    prev = sig;
    parts.push(Buffer.from(`${c.length.toString(16)};chunk-signature=${sig}\r\n`));
    if (c.length > 0) parts.push(c, Buffer.from('\r\n'));
  }
  const trailer = 'x-amz-checksum-crc32:AAAAAA==\n';
  const tsig = hmacHex(`AWS4-HMAC-SHA256-TRAILER\n${CTX.amzDate}\n${CTX.scope}\n${prev}\n${sha(trailer)}`);
  parts.push(Buffer.from(`x-amz-checksum-crc32:AAAAAA==\r\nx-amz-trailer-signature:${tsig}\r\n\r\n`));
  return Buffer.concat(parts);
}

const AUTH: AuthResult = {
  accessKey: 'a',
  anonymous: false,
  version: 4,
  payload: { kind: 'streaming-signed', trailer: true },
  signing: CTX,
  method: 'header',
  expectedTrailers: ['x-amz-checksum-crc32'],
  sessionToken: undefined,
};

async function outcome(raw: Buffer, rand: () => number, decodedLength: number): Promise<{ data?: Buffer; error?: unknown }> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < raw.length; ) {
    const n = 1 + Math.floor(rand() * 300);
    pieces.push(raw.subarray(i, i + n));
    i += n;
  }
  const { body } = decodeBody(Readable.from(pieces), AUTH, { decodedLength });
  const out: Buffer[] = [];
  try {
    for await (const c of body) out.push(c as Buffer);
    return { data: Buffer.concat(out) };
  } catch (error) {
    return { error };
  }
}

describe('fuzz', () => {
  it('mutated signed-trailer bodies: exact data or an S3Error, never anything else', async () => {
    const rand = prng(42);
    const payload = Buffer.from(Array.from({ length: 700 }, (_, i) => (i * 7) % 256));
    const good = signedTrailerBody([payload.subarray(0, 300), payload.subarray(300, 650), payload.subarray(650)]);
    const clean = await outcome(good, rand, payload.length);
    assert.deepEqual(clean.data, payload);
    let rejected = 0;
    for (let n = 0; n < 400; n++) {
      const raw = Buffer.from(good);
      const kind = n % 4;
      const at = Math.floor(rand() * raw.length);
      let mutated: Buffer = raw;
      if (kind === 0) raw[at] = raw[at]! ^ (1 + Math.floor(rand() * 255));
      else if (kind === 1) mutated = Buffer.concat([raw.subarray(0, at), raw.subarray(at + 1 + Math.floor(rand() * 8))]);
      else if (kind === 2) mutated = Buffer.concat([raw.subarray(0, at), Buffer.from([Math.floor(rand() * 256)]), raw.subarray(at)]);
      else mutated = raw.subarray(0, at);
      const r = await outcome(mutated, rand, payload.length);
      if (r.error !== undefined) {
        assert.ok(isS3Error(r.error), `mutation ${n} (${kind} at ${at}) raised ${String(r.error)}`);
        rejected++;
      } else {
        // A mutation that still decodes may only touch framing whitespace-equivalents: the bytes must be exact.
        assert.deepEqual(r.data, payload, `mutation ${n} (${kind} at ${at}) yielded different bytes`);
      }
    }
    assert.ok(rejected > 350, `only ${rejected} of 400 mutations rejected`);
  });

  it('garbage Authorization headers, query strings and dates: S3Error only', () => {
    const rand = prng(9);
    const pieces = ['AWS4-HMAC-SHA256 ', 'AWS ', 'Credential=', 'SignedHeaders=', 'Signature=', ',', ';', '/', '=', ' ', 'AK', '20260101',
      'us-east-1', 's3', 'aws4_request', 'host', '%', '%zz', '\u0000', 'é', ':', 'X-Amz-Algorithm=', 'X-Amz-Credential=', 'X-Amz-Date=',
      'X-Amz-Expires=', 'X-Amz-SignedHeaders=', 'X-Amz-Signature=', '&', 'AWSAccessKeyId=', 'Expires=', 'Signature=', '99999999999999'];
    const text = (max: number): string => {
      let s = '';
      const n = Math.floor(rand() * max);
      for (let i = 0; i < n; i++) s += pieces[Math.floor(rand() * pieces.length)]!;
      return s;
    };
    const store = { secretFor: (k: string) => (k === 'AK' ? 'secret' : undefined) };
    for (let n = 0; n < 3000; n++) {
      const headers: Record<string, string> = { host: 'h' };
      if (rand() < 0.7) headers.authorization = text(14);
      if (rand() < 0.5) headers['x-amz-date'] = rand() < 0.5 ? '20260101T000000Z' : text(3);
      if (rand() < 0.3) headers.date = text(3);
      if (rand() < 0.5) headers['x-amz-content-sha256'] = rand() < 0.5 ? EMPTY : text(3);
      const req: AuthRequest = { method: 'GET', rawPath: '/' + text(3), rawQuery: rand() < 0.5 ? text(12) : '', headers };
      try {
        const r = authenticate(req, store, { now: new Date('2026-01-01T00:00:00Z'), region: 'us-east-1' });
        assert.ok(r.anonymous || r.accessKey === 'AK', `case ${n} authenticated as ${r.accessKey}`);
      } catch (e) {
        assert.ok(isS3Error(e), `case ${n}: ${String(e)} for ${JSON.stringify(req)}`);
      }
    }
  });
});
