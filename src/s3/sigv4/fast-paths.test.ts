/**
 * The short cuts of the SigV4 hot path give exactly what the general code gives: a plain path
 * is its own canonical URI, a header value without collapsible whitespace is only trimmed, an
 * absent header is found absent without scanning, ASCII canonical text is hashed as a string,
 * the credential is parsed from the right without splitting, the last signing key is reused.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { S3Error } from '../../errors/s3-error.js';
import { canonicalBytes, canonicalHeaders, canonicalUri, headerValue, sha256Hex, stringToSign } from './canonical-request.js';
import { parseCredential, parseSignedHeaders } from './credential.js';
import { parseAuthorizationV4 } from './header-auth.js';
import { deriveSigningKey, SigningKeyCache } from './signing-key.js';
import type { AuthRequest } from './types.js';
import { canonicalizeComponent } from './uri-encode.js';

/** A deterministic generator (xorshift32) so a failure names a reproducible input. */
function randomStrings(alphabet: readonly string[], count: number, maxLength: number, seed: number): string[] {
  let x = seed;
  const next = (): number => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = '';
    const n = next() % (maxLength + 1);
    for (let j = 0; j < n; j++) s += alphabet[next() % alphabet.length];
    out.push(s);
  }
  return out;
}

/** The canonical URI computed segment by segment, with no short cut. */
function referenceUri(rawPath: string): string {
  if (rawPath === '') return '/';
  const joined = rawPath.split('/').map((seg) => canonicalizeComponent(seg, false)).join('/');
  return joined.startsWith('/') ? joined : '/' + joined;
}

function expectError(fn: () => unknown, code: string, message?: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof S3Error);
    assert.equal(err.code, code);
    if (message !== undefined) assert.match(err.message, message);
    return true;
  });
}

describe('SigV4 hot-path short cuts', () => {
  it('canonical URI: the plain-path short cut equals segment-by-segment canonicalization', () => {
    const alphabet = ['a', 'Z', '0', '-', '.', '_', '~', '/', '%', '2', 'f', 'F', '+', ' ', '*', '\u00e9', '\u65e5', '!'];
    const inputs = [...randomStrings(alphabet, 3000, 12, 0x9e3779b9), 'bucket/key', '/b/k', '/', '//', '/b/./../k', 'k~._-'];
    for (const p of inputs) assert.equal(canonicalUri(p), referenceUri(p), JSON.stringify(p));
  });

  it('header values: trimmed, inner whitespace runs (any \\s, NBSP included) collapsed to one space', () => {
    const alphabet = ['a', 'b', ' ', '\t', '\u00a0', '\v', '\f', 'x'];
    for (const v of randomStrings(alphabet, 3000, 10, 0x1234567)) {
      const req: AuthRequest = { method: 'GET', rawPath: '/', rawQuery: '', headers: { 'x-amz-meta-a': v }, rawHeaders: ['X-Amz-Meta-A', v] };
      assert.equal(canonicalHeaders(req, ['x-amz-meta-a']), `x-amz-meta-a:${v.trim().replace(/\s+/g, ' ')}\n`, JSON.stringify(v));
    }
  });

  it('header lookup: absent without a scan, raw names in any case, repeats joined with a comma', () => {
    const req: AuthRequest = {
      method: 'GET', rawPath: '/', rawQuery: '',
      headers: { host: 'h', 'x-amz-meta-r': 'a, b', 'x-amz-date': 'd' },
      rawHeaders: ['Host', 'h', 'X-AMZ-META-R', 'a', 'x-amz-date', 'd', 'x-Amz-Meta-r', 'b'],
    };
    assert.equal(headerValue(req, 'x-amz-meta-r'), 'a,b');
    assert.equal(headerValue(req, 'host'), 'h');
    assert.equal(headerValue(req, 'x-amz-date'), 'd');
    assert.equal(headerValue(req, 'x-amz-security-token'), undefined);
    // Without rawHeaders the header object is read as is.
    assert.equal(headerValue({ method: 'GET', rawPath: '/', rawQuery: '', headers: { a: ['1', '2'] } }, 'a'), '1,2');
  });

  it('string to sign: ASCII hashed as a string equals hashing its bytes; non-ASCII keeps the byte reading', () => {
    const ascii = 'GET\n/b/k\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD';
    assert.ok(stringToSign('20260101T000000Z', 's', ascii).endsWith(sha256Hex(Buffer.from(ascii, 'latin1'))));
    const latin1 = 'GET\n/b/k\n\nx-amz-meta-a:caf\u00c3\u00a9\n\nx-amz-meta-a\nUNSIGNED-PAYLOAD';
    assert.ok(stringToSign('20260101T000000Z', 's', latin1).endsWith(sha256Hex(canonicalBytes(latin1))));
    assert.ok(stringToSign('20260101T000000Z', 's', latin1).endsWith(sha256Hex(Buffer.from(latin1, 'latin1'))));
  });

  it('credential scope parsed from the right: keys with "/", the scope exactly as received, every malformed shape refused', () => {
    const c = parseCredential('AK/with/slash/20260101/us-east-1/s3/aws4_request', 'header', 'us-east-1');
    assert.deepEqual(c, { accessKey: 'AK/with/slash', date: '20260101', region: 'us-east-1', service: 's3', scope: '20260101/us-east-1/s3/aws4_request' });
    assert.equal(parseCredential('AK/20260101/US/s3/aws4_request', 'query', 'us-east-1').scope, '20260101/US/s3/aws4_request');
    for (const bad of ['AK/20260101/us-east-1/s3', '/20260101/us-east-1/s3/aws4_request', '20260101/us-east-1/s3/aws4_request', 'AK//us-east-1/s3/aws4_request', 'AK/2026011/us-east-1/s3/aws4_request', 'AK/20260101//s3/aws4_request', '', '/', '////']) {
      expectError(() => parseCredential(bad, 'header', 'us-east-1'), 'AuthorizationHeaderMalformed', /mal-formed/);
      expectError(() => parseCredential(bad, 'query', 'us-east-1'), 'AuthorizationQueryParametersError', /mal-formed/);
    }
    expectError(() => parseCredential('AK/20260101/us-east-1/s3/aws4_reques', 'header', 'us-east-1'), 'AuthorizationHeaderMalformed', /incorrect terminal "aws4_reques"/);
    expectError(() => parseCredential('AK/20260101/us-east-1/ec2/aws4_request', 'header', 'us-east-1'), 'AuthorizationHeaderMalformed', /incorrect service "ec2"/);
  });

  it('signed headers: one pass over the list, still no empty, upper-case or repeated name', () => {
    assert.deepEqual(parseSignedHeaders('host;x-amz-date', 'header'), ['host', 'x-amz-date']);
    for (const bad of ['', ';', 'host;', ';host', 'host;;x', 'Host', 'host;host', 'ho st', 'host,x']) {
      expectError(() => parseSignedHeaders(bad, 'header'), 'AuthorizationHeaderMalformed');
    }
  });

  it('Authorization components: each exactly once, no other, none missing', () => {
    const ok = parseAuthorizationV4('AWS4-HMAC-SHA256 Credential=a/b, SignedHeaders=host ,Signature=00');
    assert.deepEqual(ok, { credential: 'a/b', signedHeaders: 'host', signature: '00' });
    expectError(() => parseAuthorizationV4('AWS4-HMAC-SHA256 Credential=a,Credential=b,SignedHeaders=host,Signature=00'), 'AuthorizationHeaderMalformed', /"Credential" appears more than once/);
    expectError(() => parseAuthorizationV4('AWS4-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=00,Extra=1'), 'AuthorizationHeaderMalformed', /unknown component "Extra"/);
    expectError(() => parseAuthorizationV4('AWS4-HMAC-SHA256 Credential=a,Signature=00'), 'AuthorizationHeaderMalformed', /requires 'SignedHeaders'/);
    expectError(() => parseAuthorizationV4('AWS4-HMAC-SHA256 Credential=a,SignedHeaders,Signature=00'), 'AuthorizationHeaderMalformed', /not of the form key=value/);
  });

  it('signing keys: the last one is reused only for the same secret, date, region and service', () => {
    const cache = new SigningKeyCache();
    const k1 = cache.get('secret1', '20260101', 'us-east-1', 's3');
    assert.equal(cache.get('secret1', '20260101', 'us-east-1', 's3'), k1);
    for (const [secret, date, region, service] of [['secret2', '20260101', 'us-east-1', 's3'], ['secret1', '20260102', 'us-east-1', 's3'], ['secret1', '20260101', 'eu-west-1', 's3'], ['secret1', '20260101', 'us-east-1', 'sts']] as const) {
      assert.deepEqual(cache.get(secret, date, region, service), deriveSigningKey(secret, date, region, service));
    }
    assert.deepEqual(cache.get('secret1', '20260101', 'us-east-1', 's3'), k1);
  });
});
