/**
 * The worked examples of the AWS SigV4 documentation for S3
 * (sig-v4-header-based-auth.html, sigv4-query-string-auth.html, sigv4-streaming.html),
 * credentials AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, 2013-05-24.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { authenticate } from './authenticate.js';
import { canonicalRequest } from './canonical-request.js';
import { chunkSignature } from './chunk-signature.js';
import { hmacSha256Hex } from '../../crypto/hmac-sha256.js';
import { deriveSigningKey, SigningKeyCache } from './signing-key.js';
import type { AuthRequest, CredentialStore } from './types.js';

const AK = 'AKIAIOSFODNN7EXAMPLE';
const SK = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const store: CredentialStore = { secretFor: (k) => (k === AK ? SK : undefined) };
const NOW = new Date('2013-05-24T00:01:00Z');
const OPTS = { now: NOW, region: 'us-east-1' };
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const SCOPE = `${AK}/20130524/us-east-1/s3/aws4_request`;

function headerAuth(signedHeaders: string, signature: string): string {
  return `AWS4-HMAC-SHA256 Credential=${SCOPE},SignedHeaders=${signedHeaders},Signature=${signature}`;
}

describe('AWS SigV4 documentation examples', () => {
  it('GET object with Range verifies with the MAC its key cache holds: the native engine (as the S3 pipeline sets it up) and createHmac; a wrong MAC refuses', () => {
    const req: AuthRequest = {
      method: 'GET', rawPath: '/test.txt', rawQuery: '',
      headers: {
        host: 'examplebucket.s3.amazonaws.com', range: 'bytes=0-9', 'x-amz-content-sha256': EMPTY, 'x-amz-date': '20130524T000000Z',
        authorization: headerAuth('host;range;x-amz-content-sha256;x-amz-date', 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41'),
      },
    };
    assert.equal(authenticate(req, store, { ...OPTS, keyCache: new SigningKeyCache(undefined, hmacSha256Hex) }).accessKey, AK);
    assert.equal(authenticate(req, store, { ...OPTS, keyCache: new SigningKeyCache() }).accessKey, AK);
    assert.throws(() => authenticate(req, store, { ...OPTS, keyCache: new SigningKeyCache(undefined, () => '0'.repeat(64)) }), { code: 'SignatureDoesNotMatch' });
  });

  it('GET object with Range (f0e8bdb8...)', () => {
    const req: AuthRequest = {
      method: 'GET',
      rawPath: '/test.txt',
      rawQuery: '',
      headers: {
        host: 'examplebucket.s3.amazonaws.com',
        range: 'bytes=0-9',
        'x-amz-content-sha256': EMPTY,
        'x-amz-date': '20130524T000000Z',
        authorization: headerAuth(
          'host;range;x-amz-content-sha256;x-amz-date',
          'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
        ),
      },
    };
    const r = authenticate(req, store, OPTS);
    assert.equal(r.accessKey, AK);
    assert.equal(r.anonymous, false);
    assert.equal(r.version, 4);
    assert.equal(r.method, 'header');
    assert.deepEqual(r.payload, { kind: 'sha256', expectedHex: EMPTY });
    assert.equal(
      canonicalRequest({ req, signedHeaders: ['host', 'range', 'x-amz-content-sha256', 'x-amz-date'], payloadHash: EMPTY }),
      [
        'GET',
        '/test.txt',
        '',
        'host:examplebucket.s3.amazonaws.com',
        'range:bytes=0-9',
        `x-amz-content-sha256:${EMPTY}`,
        'x-amz-date:20130524T000000Z',
        '',
        'host;range;x-amz-content-sha256;x-amz-date',
        EMPTY,
      ].join('\n'),
    );
  });

  it('PUT object test$file.text (98ad7217...)', () => {
    const bodyHash = '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072';
    const r = authenticate(
      {
        method: 'PUT',
        rawPath: '/test%24file.text',
        rawQuery: '',
        headers: {
          host: 'examplebucket.s3.amazonaws.com',
          date: 'Fri, 24 May 2013 00:00:00 GMT',
          'x-amz-date': '20130524T000000Z',
          'x-amz-storage-class': 'REDUCED_REDUNDANCY',
          'x-amz-content-sha256': bodyHash,
          authorization: headerAuth(
            'date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class',
            '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
          ),
        },
      },
      store,
      OPTS,
    );
    assert.deepEqual(r.payload, { kind: 'sha256', expectedHex: bodyHash });
  });

  it('PUT object with the path sent unencoded ($ literal) canonicalizes the same', () => {
    assert.doesNotThrow(() =>
      authenticate(
        {
          method: 'PUT',
          rawPath: '/test$file.text',
          rawQuery: '',
          headers: {
            host: 'examplebucket.s3.amazonaws.com',
            date: 'Fri, 24 May 2013 00:00:00 GMT',
            'x-amz-date': '20130524T000000Z',
            'x-amz-storage-class': 'REDUCED_REDUNDANCY',
            'x-amz-content-sha256': '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072',
            authorization: headerAuth(
              'date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class',
              '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
            ),
          },
        },
        store,
        OPTS,
      ),
    );
  });

  it('GET bucket lifecycle (fea454ca...)', () => {
    const r = authenticate(
      {
        method: 'GET',
        rawPath: '/',
        rawQuery: 'lifecycle',
        headers: {
          host: 'examplebucket.s3.amazonaws.com',
          'x-amz-date': '20130524T000000Z',
          'x-amz-content-sha256': EMPTY,
          authorization: headerAuth(
            'host;x-amz-content-sha256;x-amz-date',
            'fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543',
          ),
        },
      },
      store,
      OPTS,
    );
    assert.equal(r.accessKey, AK);
  });

  it('GET bucket list objects with max-keys=2&prefix=J (34b48302...)', () => {
    const r = authenticate(
      {
        method: 'GET',
        rawPath: '/',
        rawQuery: 'prefix=J&max-keys=2',
        headers: {
          host: 'examplebucket.s3.amazonaws.com',
          'x-amz-date': '20130524T000000Z',
          'x-amz-content-sha256': EMPTY,
          authorization: headerAuth(
            'host;x-amz-content-sha256;x-amz-date',
            '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7',
          ),
        },
      },
      store,
      OPTS,
    );
    assert.equal(r.accessKey, AK);
  });

  it('presigned GET, expires 86400 (aeeed9bb...)', () => {
    const query =
      'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request' +
      '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host' +
      '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404';
    const req: AuthRequest = { method: 'GET', rawPath: '/test.txt', rawQuery: query, headers: { host: 'examplebucket.s3.amazonaws.com' } };
    const r = authenticate(req, store, { now: new Date('2013-05-24T23:00:00Z'), region: 'us-east-1' });
    assert.equal(r.method, 'presigned');
    assert.deepEqual(r.payload, { kind: 'unsigned' });
    // One second after the 24 hours the URL is expired.
    assert.throws(
      () => authenticate(req, store, { now: new Date('2013-05-25T00:00:01Z'), region: 'us-east-1' }),
      (e: unknown) => (e as { code: string; message: string }).code === 'AccessDenied' && (e as Error).message === 'Request has expired',
    );
  });

  it('streaming PUT: seed signature 4f232c43... and chunk signatures', () => {
    const req: AuthRequest = {
      method: 'PUT',
      rawPath: '/examplebucket/chunkObject.txt',
      rawQuery: '',
      headers: {
        host: 's3.amazonaws.com',
        'x-amz-date': '20130524T000000Z',
        'x-amz-storage-class': 'REDUCED_REDUNDANCY',
        'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': '66560',
        'content-length': '66824',
        authorization: headerAuth(
          'content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class',
          '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
        ),
      },
    };
    const r = authenticate(req, store, OPTS);
    assert.deepEqual(r.payload, { kind: 'streaming-signed', trailer: false });
    assert.ok(r.signing);
    assert.equal(r.signing.seedSignature, '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9');
    assert.deepEqual(r.signing.signingKey, deriveSigningKey(SK, '20130524', 'us-east-1', 's3'));
    const h = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
    const c1 = chunkSignature(r.signing, r.signing.seedSignature, h(Buffer.alloc(65536, 'a')));
    assert.equal(c1, 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648');
    const c2 = chunkSignature(r.signing, c1, h(Buffer.alloc(1024, 'a')));
    assert.equal(c2, '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497');
    const c3 = chunkSignature(r.signing, c2, EMPTY);
    assert.equal(c3, 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9');
  });
});
