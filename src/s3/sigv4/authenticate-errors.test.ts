/**
 * Rejections: forged, expired, skewed, malformed and ambiguous requests get the exact S3
 * code (and message where S3 fixes one); anonymous requests are recognised.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isS3Error } from '../../errors/s3-error.js';
import { authenticate } from './authenticate.js';
import { canonicalRequest, stringToSign } from './canonical-request.js';
import { deriveSigningKey, hmacHex } from './signing-key.js';
import type { AuthRequest, CredentialStore } from './types.js';

const AK = 'AKIAIOSFODNN7EXAMPLE';
const SK = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const store: CredentialStore = { secretFor: (k) => (k === AK ? SK : undefined) };
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const NOW = new Date('2013-05-24T00:00:00Z');
const OPTS = { now: NOW, region: 'us-east-1' };

/** The AWS GET example, correct as given. */
function getExample(overrides: Partial<Record<string, string>> = {}): AuthRequest {
  const headers: Record<string, string> = {
    host: 'examplebucket.s3.amazonaws.com',
    range: 'bytes=0-9',
    'x-amz-content-sha256': EMPTY,
    'x-amz-date': '20130524T000000Z',
    authorization:
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
      'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,' +
      'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
  };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete headers[k];
    else headers[k] = v;
  }
  return { method: 'GET', rawPath: '/test.txt', rawQuery: '', headers };
}

/** Signs a request with our own primitives (used to build valid requests at other times/regions). */
function sign(req: AuthRequest, opts: { date: string; region: string; signedHeaders: string[] }): AuthRequest {
  const scope = `${opts.date.slice(0, 8)}/${opts.region}/s3/aws4_request`;
  const payloadHash = String(req.headers['x-amz-content-sha256']);
  const creq = canonicalRequest({ req, signedHeaders: opts.signedHeaders, payloadHash });
  const sig = hmacHex(deriveSigningKey(SK, opts.date.slice(0, 8), opts.region, 's3'), stringToSign(opts.date, scope, creq));
  return {
    ...req,
    headers: {
      ...req.headers,
      authorization: `AWS4-HMAC-SHA256 Credential=${AK}/${scope}, SignedHeaders=${opts.signedHeaders.join(';')}, Signature=${sig}`,
    },
  };
}

function expectCode(fn: () => unknown, code: string, message?: string | RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isS3Error(e), `expected S3Error, got ${String(e)}`);
    assert.equal(e.code, code);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message !== undefined) assert.match(e.message, message);
    return true;
  });
}

describe('SigV4 header rejections', () => {
  it('forged signature -> SignatureDoesNotMatch with the string to sign for debugging', () => {
    const req = getExample();
    const auth = String(req.headers.authorization).replace(/.$/, '0');
    assert.throws(
      () => authenticate({ ...req, headers: { ...req.headers, authorization: auth } }, store, OPTS),
      (e: unknown) => isS3Error(e) && e.code === 'SignatureDoesNotMatch' && e.status === 403 && (e.extra.StringToSign ?? '').startsWith('AWS4-HMAC-SHA256\n'),
    );
  });

  it('a changed signed header -> SignatureDoesNotMatch', () => {
    expectCode(() => authenticate(getExample({ range: 'bytes=0-10' }), store, OPTS), 'SignatureDoesNotMatch');
  });

  it('unknown access key -> InvalidAccessKeyId', () => {
    const req = getExample();
    const auth = String(req.headers.authorization).replace('AKIAIOSFODNN7EXAMPLE', 'AKIAUNKNOWN');
    expectCode(() => authenticate({ ...req, headers: { ...req.headers, authorization: auth } }, store, OPTS), 'InvalidAccessKeyId');
  });

  it('clock skew beyond 15 minutes -> RequestTimeTooSkewed (both directions); within -> accepted', () => {
    expectCode(() => authenticate(getExample(), store, { ...OPTS, now: new Date('2013-05-24T00:15:01Z') }), 'RequestTimeTooSkewed');
    expectCode(() => authenticate(getExample(), store, { ...OPTS, now: new Date('2013-05-23T23:44:59Z') }), 'RequestTimeTooSkewed');
    assert.equal(authenticate(getExample(), store, { ...OPTS, now: new Date('2013-05-24T00:15:00Z') }).accessKey, AK);
  });

  it('missing or malformed x-amz-date and Date -> AccessDenied with the AWS message', () => {
    const msg = 'AWS authentication requires a valid Date or x-amz-date header';
    expectCode(() => authenticate(getExample({ 'x-amz-date': undefined }), store, OPTS), 'AccessDenied', msg);
    expectCode(() => authenticate(getExample({ 'x-amz-date': '20130524T250000Z' }), store, OPTS), 'AccessDenied', msg);
    expectCode(() => authenticate(getExample({ 'x-amz-date': 'yesterday' }), store, OPTS), 'AccessDenied', msg);
  });

  it('Date header alone is accepted when x-amz-date is absent', () => {
    const base = getExample({ 'x-amz-date': undefined, date: 'Fri, 24 May 2013 00:00:00 GMT' });
    const req = sign(base, { date: '20130524T000000Z', region: 'us-east-1', signedHeaders: ['date', 'host', 'x-amz-content-sha256'] });
    assert.equal(authenticate(req, store, OPTS).accessKey, AK);
  });

  it('credential date differing from x-amz-date -> AuthorizationHeaderMalformed', () => {
    const req = getExample();
    const auth = String(req.headers.authorization).replace('/20130524/', '/20130523/');
    expectCode(
      () => authenticate({ ...req, headers: { ...req.headers, authorization: auth } }, store, OPTS),
      'AuthorizationHeaderMalformed',
      /Invalid credential date "20130523"/,
    );
  });

  it('wrong region -> AuthorizationHeaderMalformed naming the expected region; US is us-east-1', () => {
    const req = sign(getExample(), { date: '20130524T000000Z', region: 'eu-west-1', signedHeaders: ['host', 'x-amz-content-sha256', 'x-amz-date'] });
    assert.throws(
      () => authenticate({ ...req, headers: { ...req.headers } }, store, OPTS),
      (e: unknown) =>
        isS3Error(e) &&
        e.code === 'AuthorizationHeaderMalformed' &&
        e.message === "The authorization header is malformed; the region 'eu-west-1' is wrong; expecting 'us-east-1'" &&
        e.extra.Region === 'us-east-1',
    );
    const us = sign(getExample(), { date: '20130524T000000Z', region: 'US', signedHeaders: ['host', 'range', 'x-amz-content-sha256', 'x-amz-date'] });
    assert.equal(authenticate(us, store, OPTS).accessKey, AK);
    assert.equal(authenticate(req, store, { ...OPTS, region: 'eu-west-1' }).accessKey, AK);
  });

  it('malformed Authorization shapes -> AuthorizationHeaderMalformed', () => {
    const cases = [
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host',
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host,Signature=ab,Signature=cd',
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3,SignedHeaders=host,Signature=ab',
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s4/aws4_request,SignedHeaders=host,Signature=ab',
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_requests,SignedHeaders=host,Signature=ab',
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/2013052/us-east-1/s3/aws4_request,SignedHeaders=host,Signature=ab',
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=Host;x,Signature=ab',
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;;x,Signature=ab',
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host,Signature=ab,Extra=1',
      'AWS4-HMAC-SHA256 garbage',
      'AWS4-HMAC-SHA256X Credential=a',
    ];
    for (const authorization of cases) {
      expectCode(() => authenticate(getExample({ authorization }), store, OPTS), 'AuthorizationHeaderMalformed');
    }
    expectCode(
      () => authenticate(getExample({ authorization: cases[3]! }), store, OPTS),
      'AuthorizationHeaderMalformed',
      'The authorization header is malformed; incorrect service "s4". This endpoint belongs to "s3".',
    );
  });

  it('unsupported Authorization scheme -> InvalidArgument', () => {
    expectCode(() => authenticate(getExample({ authorization: 'Bearer abc' }), store, OPTS), 'InvalidArgument', 'Unsupported Authorization Type');
  });

  it('missing x-amz-content-sha256 -> InvalidRequest; malformed -> InvalidArgument', () => {
    expectCode(() => authenticate(getExample({ 'x-amz-content-sha256': undefined }), store, OPTS), 'InvalidRequest');
    expectCode(() => authenticate(getExample({ 'x-amz-content-sha256': 'abc' }), store, OPTS), 'InvalidArgument', /must be UNSIGNED-PAYLOAD/);
    expectCode(() => authenticate(getExample({ 'x-amz-content-sha256': 'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD' }), store, OPTS), 'NotImplemented');
  });

  it('an unsigned x-amz-* header or host not signed -> AccessDenied naming the headers', () => {
    assert.throws(
      () => authenticate(getExample({ 'x-amz-acl': 'public-read' }), store, OPTS),
      (e: unknown) => isS3Error(e) && e.code === 'AccessDenied' && e.extra.HeadersNotSigned === 'x-amz-acl',
    );
    const noHost = sign(getExample(), { date: '20130524T000000Z', region: 'us-east-1', signedHeaders: ['range', 'x-amz-content-sha256', 'x-amz-date'] });
    assert.throws(
      () => authenticate(noHost, store, OPTS),
      (e: unknown) => isS3Error(e) && e.code === 'AccessDenied' && e.extra.HeadersNotSigned === 'host',
    );
  });

  it('streaming payload modes are reported with the trailer names', () => {
    const base = getExample({ 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', 'x-amz-trailer': 'x-amz-checksum-crc32' });
    const req = sign(base, {
      date: '20130524T000000Z',
      region: 'us-east-1',
      signedHeaders: ['host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-trailer'],
    });
    const r = authenticate(req, store, OPTS);
    assert.deepEqual(r.payload, { kind: 'streaming-signed', trailer: true });
    assert.deepEqual(r.expectedTrailers, ['x-amz-checksum-crc32']);
  });

  it('repeated headers are canonicalized from rawHeaders joined with ","', () => {
    const base = getExample({ 'x-amz-meta-a': 'one, two' });
    const rawHeaders = Object.entries(base.headers).flatMap(([k, v]) => (k === 'x-amz-meta-a' || k === 'authorization' ? [] : [k, String(v)]));
    rawHeaders.push('X-Amz-Meta-A', 'one', 'x-amz-meta-a', '  two  ');
    const withRaw: AuthRequest = { ...base, rawHeaders };
    const signed = sign(withRaw, {
      date: '20130524T000000Z',
      region: 'us-east-1',
      signedHeaders: ['host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-meta-a'],
    });
    const creq = canonicalRequest({ req: withRaw, signedHeaders: ['x-amz-meta-a'], payloadHash: EMPTY });
    assert.match(creq, /\nx-amz-meta-a:one,two\n/);
    assert.equal(authenticate({ ...signed, rawHeaders: [...rawHeaders, 'authorization', String(signed.headers.authorization)] }, store, OPTS).accessKey, AK);
  });
});

describe('presigned rejections', () => {
  const base =
    'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request' +
    '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host' +
    '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404';
  const req = (rawQuery: string, headers: Record<string, string> = {}): AuthRequest => ({
    method: 'GET',
    rawPath: '/test.txt',
    rawQuery,
    headers: { host: 'examplebucket.s3.amazonaws.com', ...headers },
  });

  it('expired -> AccessDenied "Request has expired" with the expiry time', () => {
    assert.throws(
      () => authenticate(req(base), store, { ...OPTS, now: new Date('2013-05-26T00:00:00Z') }),
      (e: unknown) => isS3Error(e) && e.code === 'AccessDenied' && e.message === 'Request has expired' && e.extra.Expires === '2013-05-25T00:00:00Z',
    );
  });

  it('not yet valid (date more than 15 min ahead) -> AccessDenied "Request is not valid yet"', () => {
    expectCode(() => authenticate(req(base), store, { ...OPTS, now: new Date('2013-05-23T23:40:00Z') }), 'AccessDenied', 'Request is not valid yet');
  });

  it('X-Amz-Expires out of range or not a number -> AuthorizationQueryParametersError', () => {
    for (const [v, msg] of [
      ['604801', 'X-Amz-Expires must be less than a week (in seconds) that is 604800'],
      ['-1', 'X-Amz-Expires must be non-negative'],
      ['0', /greater than 0/],
      ['abc', 'X-Amz-Expires should be a number'],
    ] as const) {
      expectCode(() => authenticate(req(base.replace('X-Amz-Expires=86400', `X-Amz-Expires=${v}`)), store, OPTS), 'AuthorizationQueryParametersError', msg);
    }
  });

  it('missing or duplicated parameters, wrong algorithm, bad date, wrong region', () => {
    expectCode(() => authenticate(req(base.replace(/&X-Amz-SignedHeaders=host/, '')), store, OPTS), 'AuthorizationQueryParametersError', /requires the X-Amz-Algorithm/);
    expectCode(() => authenticate(req(base + '&X-Amz-Signature=00'), store, OPTS), 'AuthorizationQueryParametersError');
    expectCode(() => authenticate(req(base.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA1')), store, OPTS), 'AuthorizationQueryParametersError', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
    expectCode(() => authenticate(req(base.replace('20130524T000000Z', '2013-05-24')), store, OPTS), 'AuthorizationQueryParametersError', /ISO8601/);
    expectCode(() => authenticate(req(base.replace('us-east-1', 'eu-west-1')), store, OPTS), 'AuthorizationQueryParametersError', /the region 'eu-west-1' is wrong; expecting 'us-east-1'/);
  });

  it('forged presigned signature -> SignatureDoesNotMatch; extra query parameter breaks it too', () => {
    expectCode(() => authenticate(req(base.replace('aeeed9bb', 'aeeed9bc')), store, OPTS), 'SignatureDoesNotMatch');
    expectCode(() => authenticate(req(base + '&versionId=1'), store, OPTS), 'SignatureDoesNotMatch');
  });

  it('both an Authorization header and query auth -> InvalidArgument', () => {
    expectCode(() => authenticate(req(base, { authorization: String(getExample().headers.authorization) }), store, OPTS), 'InvalidArgument', /Only one auth mechanism/);
  });
});

describe('anonymous', () => {
  it('no credentials at all -> anonymous result with no payload claim', () => {
    const r = authenticate({ method: 'GET', rawPath: '/b/k', rawQuery: 'versionId=1', headers: { host: 'h' } }, store, OPTS);
    assert.equal(r.anonymous, true);
    assert.equal(r.accessKey, '');
    assert.deepEqual(r.payload, { kind: 'none' });
  });

  it('an anonymous body hash claim is still enforced; a signed streaming claim is refused', () => {
    const r = authenticate({ method: 'PUT', rawPath: '/b/k', rawQuery: '', headers: { host: 'h', 'x-amz-content-sha256': EMPTY } }, store, OPTS);
    assert.deepEqual(r.payload, { kind: 'sha256', expectedHex: EMPTY });
    expectCode(
      () => authenticate({ method: 'PUT', rawPath: '/b/k', rawQuery: '', headers: { host: 'h', 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' } }, store, OPTS),
      'AccessDenied',
    );
  });
});
