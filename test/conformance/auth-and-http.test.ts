/**
 * Conformance: authentication errors and the HTTP envelope (MinIO Mint / s3-tests
 * test_object_create_bad_*, test_bucket_create_bad_authorization_*, presigned expiry).
 * - every response, errors and health included, carries x-amz-request-id, x-amz-id-2, Date, Server;
 * - wrong region: AuthorizationHeaderMalformed (header) / AuthorizationQueryParametersError
 *   (presigned), both naming the expected Region;
 * - X-Amz-Expires 604801: AuthorizationQueryParametersError; SigV2 Expires in the past: 403 AccessDenied;
 * - signed payload hash mismatch: XAmzContentSHA256Mismatch and nothing stored;
 * - HTTP/1.0 clients and Connection: close; an HTTP/1.1 request without Host: 400 with an XML error.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startServer, type CairnServer } from '../helpers/server.js';
import { openSocket, rawRequest, readUntilClose, xmlValue } from '../helpers/raw-http.js';
import { presignPath, sha256Hex, signRequest } from '../helpers/sigv4-signer.js';
import { signedRequest } from '../helpers/signed-request.js';
import { assertS3Error, call, createBucket, putObject } from './conformance-client.js';

let s: CairnServer;
before(async () => {
  s = await startServer();
  await createBucket(s, 'auth');
  await putObject(s, '/auth/k', 'hello');
});
after(async () => { await s?.stop(); });

const creds = (region = 'us-east-1') => ({ accessKey: s.accessKey, secretKey: s.secretKey, region });
const host = (): string => `127.0.0.1:${s.port}`;

function assertEnvelope(headers: Record<string, string | string[] | undefined>, what: string): void {
  assert.ok(headers['x-amz-request-id'], `${what}: x-amz-request-id`);
  assert.ok(headers['x-amz-id-2'], `${what}: x-amz-id-2`);
  assert.ok(headers['server'], `${what}: Server`);
  assert.ok(!Number.isNaN(Date.parse(String(headers['date']))), `${what}: Date`);
}

describe('response envelope', () => {
  it('success, error, HEAD error and health responses all carry request id, host id, Date and Server', async () => {
    assertEnvelope((await call(s, 'GET', '/auth/k')).headers, 'GET 200');
    assertEnvelope((await call(s, 'GET', '/auth/missing')).headers, 'GET 404');
    assertEnvelope((await call(s, 'HEAD', '/auth/missing')).headers, 'HEAD 404');
    assertEnvelope((await rawRequest({ port: s.port, method: 'GET', path: '/auth/k' })).headers, 'anonymous 403');
    for (const path of ['/health/live', '/health/ready', '/minio/health/live', '/minio/health/ready']) {
      const r = await rawRequest({ port: s.port, method: 'GET', path });
      assert.equal(r.status, 200, path);
      assertEnvelope(r.headers, path);
    }
  });
  it('request ids are unique per request', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) ids.add(String((await call(s, 'HEAD', '/auth/k')).headers['x-amz-request-id']));
    assert.equal(ids.size, 20);
  });
});

describe('SigV4 errors', () => {
  it('wrong region in the Authorization header: 400 AuthorizationHeaderMalformed naming the expected region', async () => {
    const signed = signRequest({ method: 'GET', path: '/auth/k', host: host(), payloadHash: sha256Hex('') }, creds('eu-west-1'));
    const r = await rawRequest({ port: s.port, method: 'GET', path: '/auth/k', headers: signed.headers });
    assertS3Error(r, 400, 'AuthorizationHeaderMalformed', '/auth/k');
    assert.equal(xmlValue(r.text, 'Region'), 'us-east-1');
  });
  it('wrong region in a presigned URL: 400 AuthorizationQueryParametersError', async () => {
    const path = presignPath({ method: 'GET', path: '/auth/k', host: host(), expiresSeconds: 60 }, creds('eu-west-1'));
    const r = await rawRequest({ port: s.port, method: 'GET', path });
    assertS3Error(r, 400, 'AuthorizationQueryParametersError');
    assert.equal(xmlValue(r.text, 'Region'), 'us-east-1');
  });
  it('X-Amz-Expires: 604800 accepted, 604801 is 400 AuthorizationQueryParametersError', async () => {
    const ok = await rawRequest({ port: s.port, method: 'GET', path: presignPath({ method: 'GET', path: '/auth/k', host: host(), expiresSeconds: 604800 }, creds()) });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.text, 'hello');
    const r = await rawRequest({ port: s.port, method: 'GET', path: presignPath({ method: 'GET', path: '/auth/k', host: host(), expiresSeconds: 604801 }, creds()) });
    assertS3Error(r, 400, 'AuthorizationQueryParametersError');
  });
  it('an expired presigned URL is 403 AccessDenied "Request has expired"', async () => {
    const path = presignPath({ method: 'GET', path: '/auth/k', host: host(), expiresSeconds: 60, date: new Date(Date.now() - 3_600_000) }, creds());
    const r = await rawRequest({ port: s.port, method: 'GET', path });
    assertS3Error(r, 403, 'AccessDenied');
    assert.equal(xmlValue(r.text, 'Message'), 'Request has expired');
  });
  it('a 20-minute clock skew is 403 RequestTimeTooSkewed with RequestTime and ServerTime', async () => {
    const r = await signedRequest(s, { method: 'GET', path: '/auth/k', date: new Date(Date.now() - 20 * 60_000) });
    assertS3Error(r, 403, 'RequestTimeTooSkewed');
    assert.ok(xmlValue(r.text, 'RequestTime'));
    assert.ok(xmlValue(r.text, 'ServerTime'));
  });
  it('a payload that does not match x-amz-content-sha256 is 400 XAmzContentSHA256Mismatch and stores nothing', async () => {
    const r = await signedRequest(s, { method: 'PUT', path: '/auth/mismatch', body: 'hello', payloadHash: sha256Hex('other') });
    assertS3Error(r, 400, 'XAmzContentSHA256Mismatch');
    assert.equal((await call(s, 'HEAD', '/auth/mismatch')).status, 404);
  });
  it('unknown access key: 403 InvalidAccessKeyId; wrong secret: 403 SignatureDoesNotMatch', async () => {
    assertS3Error(await signedRequest(s, { method: 'GET', path: '/auth/k', accessKey: 'NOSUCHKEY' }), 403, 'InvalidAccessKeyId');
    assertS3Error(await signedRequest(s, { method: 'GET', path: '/auth/k', secretKey: 'wrong-secret' }), 403, 'SignatureDoesNotMatch');
  });
});

describe('SigV2 presigned URLs', () => {
  const v2Path = (expires: number): string => {
    const signature = createHmac('sha1', s.secretKey).update(`GET\n\n\n${expires}\n/auth/k`).digest('base64');
    return `/auth/k?AWSAccessKeyId=${encodeURIComponent(s.accessKey)}&Expires=${expires}&Signature=${encodeURIComponent(signature)}`;
  };
  it('a valid one is served, an expired one is 403 AccessDenied', async () => {
    const now = Math.floor(Date.now() / 1000);
    const ok = await rawRequest({ port: s.port, method: 'GET', path: v2Path(now + 300) });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.text, 'hello');
    assertS3Error(await rawRequest({ port: s.port, method: 'GET', path: v2Path(now - 10) }), 403, 'AccessDenied');
  });
});

describe('HTTP versions and connection handling', () => {
  const signedHead = (extra = ''): string => {
    const signed = signRequest({ method: 'GET', path: '/auth/k', host: host(), payloadHash: sha256Hex('') }, creds());
    return Object.entries(signed.headers).filter(([k]) => k !== 'host' || extra !== 'nohost').map(([k, v]) => `${k}: ${v}\r\n`).join('');
  };
  it('an HTTP/1.0 request is answered and the connection closed', async () => {
    const socket = await openSocket(s.port);
    socket.write(`GET /auth/k HTTP/1.0\r\n${signedHead()}\r\n`);
    const { data, closed } = await readUntilClose(socket, 5000);
    socket.destroy();
    assert.match(data, /^HTTP\/1\.[01] 200 /);
    assert.ok(data.endsWith('\r\n\r\nhello'), data);
    assert.ok(closed);
  });
  it('Connection: close is honoured after the response', async () => {
    const socket = await openSocket(s.port);
    socket.write(`GET /auth/k HTTP/1.1\r\n${signedHead()}connection: close\r\n\r\n`);
    const { data, closed } = await readUntilClose(socket, 5000);
    socket.destroy();
    assert.match(data, /^HTTP\/1\.1 200 /);
    assert.match(data, /\r\nconnection: close\r\n/i);
    assert.ok(closed);
  });
  it('an HTTP/1.1 request without Host is 400 with an S3 XML error and a request id', async () => {
    const socket = await openSocket(s.port);
    socket.write(`GET /auth/k HTTP/1.1\r\n${signedHead('nohost')}connection: close\r\n\r\n`);
    const { data } = await readUntilClose(socket, 5000);
    socket.destroy();
    assert.match(data, /^HTTP\/1\.1 400 /);
    assert.match(data, /\r\nx-amz-request-id: [0-9A-F]+\r\n/i);
    assert.match(data, /<Code>BadRequest<\/Code>/);
  });
});

describe('Expect header', () => {
  it('an Expect value other than 100-continue is ignored (s3-tests test_object_create_bad_expect_mismatch)', async () => {
    const r = await signedRequest(s, { method: 'PUT', path: '/auth/expect', body: 'bar', headers: { expect: '200' } });
    assert.equal(r.status, 200, r.text);
    assert.equal((await call(s, 'GET', '/auth/expect')).text, 'bar');
  });
});
