/**
 * Raw HTTP authentication cases a well-behaved SDK never sends: forged and unknown credentials,
 * expired presigned URLs, a skewed clock, payload-hash mismatch, and aws-chunked bodies with a
 * bad chunk signature. Every refusal is an S3 XML error and stores nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type CairnServer } from '../helpers/server.js';
import { rawRequest, xmlValue } from '../helpers/raw-http.js';
import { signedRequest, signFor } from '../helpers/signed-request.js';
import { awsChunkedBody, encodeKeyPath, presignPath, sha256Hex, STREAMING_PAYLOAD } from '../helpers/sigv4-signer.js';
import { randomPayload } from '../helpers/files.js';

const BUCKET = 'raw-auth';
let server: CairnServer;

before(async () => {
  server = await startServer();
  const made = await signedRequest(server, { method: 'PUT', path: `/${BUCKET}` });
  assert.equal(made.status, 200, made.text);
  const put = await signedRequest(server, { method: 'PUT', path: encodeKeyPath(BUCKET, 'existing'), body: 'existing body' });
  assert.equal(put.status, 200, put.text);
});

after(async () => {
  await server?.stop();
});

function assertS3Error(res: { status: number; text: string; headers: Record<string, unknown> }, status: number, code: string): void {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status}: ${res.text}`);
  assert.equal(xmlValue(res.text, 'Code'), code, res.text);
  assert.match(String(res.headers['content-type']), /xml/);
  assert.match(res.text, /<Error>/);
  assert.ok(xmlValue(res.text, 'RequestId'), 'error has a RequestId');
}

async function headStatus(key: string): Promise<number> {
  return (await signedRequest(server, { method: 'HEAD', path: encodeKeyPath(BUCKET, key) })).status;
}

describe('signature checks (raw HTTP)', () => {
  it('a correctly signed request succeeds (the test signer is sound)', async () => {
    const res = await signedRequest(server, { method: 'GET', path: encodeKeyPath(BUCKET, 'existing') });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.text, 'existing body');
  });

  it('a forged signature is 403 SignatureDoesNotMatch', async () => {
    const signed = signFor(server, { method: 'GET', path: encodeKeyPath(BUCKET, 'existing') });
    const forged = signed.headers['authorization']!.replace(/Signature=([0-9a-f])/, (_, c: string) => `Signature=${c === 'a' ? 'b' : 'a'}`);
    const res = await rawRequest({ port: server.port, method: 'GET', path: encodeKeyPath(BUCKET, 'existing'), headers: { ...signed.headers, authorization: forged } });
    assertS3Error(res, 403, 'SignatureDoesNotMatch');
  });

  it('a wrong secret is 403 SignatureDoesNotMatch, and a PUT so signed stores nothing', async () => {
    const res = await signedRequest(server, { method: 'PUT', path: encodeKeyPath(BUCKET, 'forged-put'), body: 'evil', secretKey: 'not-the-secret' });
    assertS3Error(res, 403, 'SignatureDoesNotMatch');
    assert.equal(await headStatus('forged-put'), 404);
  });

  it('a signed header changed after signing is 403 SignatureDoesNotMatch', async () => {
    const path = encodeKeyPath(BUCKET, 'tampered');
    const signed = signFor(server, { method: 'PUT', path, body: 'x', headers: { 'x-amz-meta-a': 'original' } });
    const res = await rawRequest({ port: server.port, method: 'PUT', path, body: 'x',
      headers: { ...signed.headers, 'x-amz-meta-a': 'changed', 'content-length': 1 } });
    assertS3Error(res, 403, 'SignatureDoesNotMatch');
    assert.equal(await headStatus('tampered'), 404);
  });

  it('an unknown access key is 403 InvalidAccessKeyId', async () => {
    const res = await signedRequest(server, { method: 'GET', path: `/${BUCKET}`, accessKey: 'NOSUCHKEY0000000' });
    assertS3Error(res, 403, 'InvalidAccessKeyId');
  });

  it('an anonymous request is 403 AccessDenied', async () => {
    const res = await rawRequest({ port: server.port, method: 'GET', path: encodeKeyPath(BUCKET, 'existing') });
    assertS3Error(res, 403, 'AccessDenied');
  });

  it('a malformed Authorization header is 400 AuthorizationHeaderMalformed or InvalidArgument, never 500', async () => {
    const res = await rawRequest({ port: server.port, method: 'GET', path: `/${BUCKET}`,
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=garbage', 'x-amz-date': '20260101T000000Z', 'x-amz-content-sha256': sha256Hex('') } });
    assert.ok(res.status === 400 || res.status === 403, `status ${res.status}: ${res.text}`);
    assert.match(xmlValue(res.text, 'Code') ?? '', /^(AuthorizationHeaderMalformed|InvalidArgument|AccessDenied|SignatureDoesNotMatch)$/);
  });

  it('a clock skewed by 20 minutes is 403 RequestTimeTooSkewed', async () => {
    const skewed = new Date(Date.now() - 20 * 60_000);
    const res = await signedRequest(server, { method: 'GET', path: encodeKeyPath(BUCKET, 'existing'), date: skewed });
    assertS3Error(res, 403, 'RequestTimeTooSkewed');
    const future = await signedRequest(server, { method: 'GET', path: encodeKeyPath(BUCKET, 'existing'), date: new Date(Date.now() + 20 * 60_000) });
    assertS3Error(future, 403, 'RequestTimeTooSkewed');
  });

  it('a body that does not match x-amz-content-sha256 is 400 XAmzContentSHA256Mismatch and stores nothing', async () => {
    const res = await signedRequest(server, { method: 'PUT', path: encodeKeyPath(BUCKET, 'sha-mismatch'), body: 'actual body', payloadHash: sha256Hex('declared body') });
    assertS3Error(res, 400, 'XAmzContentSHA256Mismatch');
    assert.equal(await headStatus('sha-mismatch'), 404);
  });
});

describe('presigned URLs (raw HTTP)', () => {
  it('a valid presigned GET works', async () => {
    const path = presignPath({ method: 'GET', path: encodeKeyPath(BUCKET, 'existing'), host: `127.0.0.1:${server.port}`, expiresSeconds: 60 },
      { accessKey: server.accessKey, secretKey: server.secretKey });
    const res = await rawRequest({ port: server.port, method: 'GET', path });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.text, 'existing body');
  });

  it('an expired presigned GET is 403 AccessDenied', async () => {
    const path = presignPath({
      method: 'GET', path: encodeKeyPath(BUCKET, 'existing'), host: `127.0.0.1:${server.port}`, expiresSeconds: 60,
      date: new Date(Date.now() - 2 * 3600_000),
    }, { accessKey: server.accessKey, secretKey: server.secretKey });
    const res = await rawRequest({ port: server.port, method: 'GET', path });
    assertS3Error(res, 403, 'AccessDenied');
  });

  it('X-Amz-Expires over 7 days is refused (400 AuthorizationQueryParametersError)', async () => {
    const path = presignPath({ method: 'GET', path: encodeKeyPath(BUCKET, 'existing'), host: `127.0.0.1:${server.port}`, expiresSeconds: 604801 },
      { accessKey: server.accessKey, secretKey: server.secretKey });
    const res = await rawRequest({ port: server.port, method: 'GET', path });
    assertS3Error(res, 400, 'AuthorizationQueryParametersError');
  });

  it('a presigned URL with a forged signature is 403 SignatureDoesNotMatch', async () => {
    const path = presignPath({ method: 'GET', path: encodeKeyPath(BUCKET, 'existing'), host: `127.0.0.1:${server.port}`, expiresSeconds: 60 },
      { accessKey: server.accessKey, secretKey: 'wrong-secret' });
    const res = await rawRequest({ port: server.port, method: 'GET', path });
    assertS3Error(res, 403, 'SignatureDoesNotMatch');
  });
});

describe('aws-chunked streaming signatures (raw HTTP)', () => {
  const chunks = [randomPayload(64 * 1024), randomPayload(64 * 1024), randomPayload(1000)];

  async function chunkedPut(key: string, corrupt?: number, data: readonly Buffer[] = chunks): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
    const path = encodeKeyPath(BUCKET, key);
    const decodedLength = data.reduce((n, c) => n + c.length, 0);
    const probe = awsChunkedBody({ chunks: data, seedSignature: '0'.repeat(64), date: new Date(), scope: 'x', secretKey: 'x' });
    const headers = {
      'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': String(decodedLength),
      'content-length': String(probe.length),
    };
    const signed = signFor(server, { method: 'PUT', path, headers, payloadHash: STREAMING_PAYLOAD });
    const body = awsChunkedBody({ chunks: data, seedSignature: signed.signature, date: signed.date, scope: signed.scope, secretKey: server.secretKey, corrupt });
    assert.equal(body.length, probe.length);
    return rawRequest({ port: server.port, method: 'PUT', path, headers: signed.headers, body });
  }

  it('a correctly signed chunked upload is stored byte for byte', async () => {
    const res = await chunkedPut('chunked-ok');
    assert.equal(res.status, 200, res.text);
    const got = await signedRequest(server, { method: 'GET', path: encodeKeyPath(BUCKET, 'chunked-ok') });
    assert.equal(got.status, 200);
    assert.ok(got.body.equals(Buffer.concat(chunks)), 'stored bytes differ from the decoded chunks');
  });

  for (const corrupt of [0, 1, 3]) {
    it(`a wrong signature on chunk ${corrupt} is 403 SignatureDoesNotMatch and stores nothing`, async () => {
      const key = `chunked-bad-${corrupt}`;
      const res = await chunkedPut(key, corrupt);
      assertS3Error(res, 403, 'SignatureDoesNotMatch');
      assert.equal(await headStatus(key), 404);
    });
  }

  it('a wrong chunk signature does not replace an existing object', async () => {
    const before = await chunkedPut('chunked-keep');
    assert.equal(before.status, 200);
    const res = await chunkedPut('chunked-keep', 2, [randomPayload(64 * 1024), randomPayload(64 * 1024), randomPayload(1000)]);
    assertS3Error(res, 403, 'SignatureDoesNotMatch');
    const got = await signedRequest(server, { method: 'GET', path: encodeKeyPath(BUCKET, 'chunked-keep') });
    assert.ok(got.body.equals(Buffer.concat(chunks)));
  });
});
