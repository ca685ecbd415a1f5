/** The test signer against the worked examples of the AWS S3 SigV4 documentation. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { awsChunkedBody, canonicalPath, chunkSignature, EMPTY_SHA256, encodeKeyPath, presignPath, signRequest, STREAMING_PAYLOAD, uriEncode } from './sigv4-signer.js';

const creds = { accessKey: 'AKIAIOSFODNN7EXAMPLE', secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-east-1' };
const date = new Date('2013-05-24T00:00:00Z');

describe('sigv4 test signer (AWS documentation examples)', () => {
  it('GET object with a Range header', () => {
    const signed = signRequest({
      method: 'GET', path: '/test.txt', host: 'examplebucket.s3.amazonaws.com',
      headers: { range: 'bytes=0-9' }, payloadHash: EMPTY_SHA256, date,
    }, creds);
    assert.equal(signed.signature, 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
    assert.equal(signed.headers['authorization'],
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
      'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
  });

  it('presigned GET URL', () => {
    const path = presignPath({ method: 'GET', path: '/test.txt', host: 'examplebucket.s3.amazonaws.com', expiresSeconds: 86400, date }, creds);
    assert.match(path, /[?&]X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404(&|$)/);
  });

  it('aws-chunked seed and chunk signatures', () => {
    const seed = signRequest({
      method: 'PUT', path: '/examplebucket/chunkObject.txt', host: 's3.amazonaws.com', date, payloadHash: STREAMING_PAYLOAD,
      headers: {
        'x-amz-storage-class': 'REDUCED_REDUNDANCY', 'content-encoding': 'aws-chunked',
        'content-length': '66824', 'x-amz-decoded-content-length': '66560',
      },
    }, creds);
    assert.equal(seed.signature, '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9');
    const first = chunkSignature({ previousSignature: seed.signature, chunk: Buffer.alloc(65536, 'a'), date, scope: seed.scope, secretKey: creds.secretKey });
    assert.equal(first, 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648');
    const second = chunkSignature({ previousSignature: first, chunk: Buffer.alloc(1024, 'a'), date, scope: seed.scope, secretKey: creds.secretKey });
    assert.equal(second, '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497');
    const last = chunkSignature({ previousSignature: second, chunk: Buffer.alloc(0), date, scope: seed.scope, secretKey: creds.secretKey });
    assert.equal(last, 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9');
    const body = awsChunkedBody({ chunks: [Buffer.alloc(65536, 'a'), Buffer.alloc(1024, 'a')], seedSignature: seed.signature, date, scope: seed.scope, secretKey: creds.secretKey });
    assert.equal(body.length, 66824, 'framed length matches the documented Content-Length');
  });

  it('encodes keys as S3 expects', () => {
    assert.equal(uriEncode('a b+c/ü~'), 'a%20b%2Bc%2F%C3%BC~');
    assert.equal(encodeKeyPath('bkt', 'dir/a b+c'), '/bkt/dir/a%20b%2Bc');
    assert.equal(canonicalPath('/%2e%2e/a%2fb/%7e/x%C3%28'), '/../a%2Fb/~/x%C3%28');
  });
});
