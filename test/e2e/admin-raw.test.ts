/**
 * The admin API of a real server process (4 drives) over raw HTTP, signed with the
 * independent test signer: who is refused (JSON errors, never S3 XML), what a bad request
 * gets, and that the S3 API beside it is untouched, including a bucket named "minio", whose
 * keys under admin/ the admin API shadows in path-style requests.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type CairnServer } from '../helpers/server.js';
import { rawRequest, xmlValue, type RawResponse } from '../helpers/raw-http.js';
import { signedRequest } from '../helpers/signed-request.js';
import { encodeKeyPath } from '../helpers/sigv4-signer.js';

let server: CairnServer;

before(async () => {
  server = await startServer({ drives: 4 });
});

after(async () => {
  await server?.stop();
});

function adminError(res: RawResponse, status: number, code: string): { Message: string; Resource: string } {
  assert.equal(res.status, status, res.text);
  assert.equal(res.headers['content-type'], 'application/json', res.text);
  const doc = JSON.parse(res.text) as { Code: string; Message: string; Resource: string; RequestId: string };
  assert.equal(doc.Code, code, res.text);
  assert.ok(doc.Message.length > 0);
  assert.equal(doc.RequestId, res.headers['x-amz-request-id']);
  return doc;
}

describe('admin API over raw HTTP', () => {
  it('answers the root user', async () => {
    const res = await signedRequest(server, { method: 'GET', path: '/minio/admin/v3/info' });
    assert.equal(res.status, 200, res.text);
    const doc = JSON.parse(res.text) as { backend: { onlineDisks: number }; region: string };
    assert.equal(doc.backend.onlineDisks, 4);
    assert.equal(doc.region, 'us-east-1');
  });

  it('refuses an unsigned request, a wrong secret and any key but root with 403 JSON', async () => {
    const unsigned = adminError(await rawRequest({ port: server.port, method: 'GET', path: '/minio/admin/v3/info' }), 403, 'AccessDenied');
    assert.equal(unsigned.Resource, '/minio/admin/v3/info');
    adminError(await rawRequest({ port: server.port, method: 'POST', path: '/minio/admin/v3/heal/', body: '{}', headers: { 'content-length': 2 } }),
      403, 'AccessDenied');
    adminError(await signedRequest(server, { method: 'GET', path: '/minio/admin/v3/info', secretKey: 'not-the-secret' }), 403, 'SignatureDoesNotMatch');
    adminError(await signedRequest(server, { method: 'POST', path: '/minio/admin/v3/background-heal/status', accessKey: 'someuser', secretKey: 'whatever' }),
      403, 'InvalidAccessKeyId');
  });

  it('answers 404 to an unknown admin path, 405 to a wrong method, 400 to a malformed heal body', async () => {
    const unknown = adminError(await signedRequest(server, { method: 'GET', path: '/minio/admin/v3/no-such-api' }), 404, 'XCairnAdminUnknownAPI');
    assert.match(unknown.Message, /no-such-api/);
    adminError(await rawRequest({ port: server.port, method: 'DELETE', path: '/minio/admin/v3/info' }), 405, 'MethodNotAllowed');
    adminError(await signedRequest(server, { method: 'POST', path: '/minio/admin/v3/heal/', body: '{"recursive":true,"scanMode":' }),
      400, 'XMinioRequestBodyParse');
    adminError(await signedRequest(server, { method: 'POST', path: '/minio/admin/v3/heal/', body: '{"scanMode":7}' }), 400, 'XMinioAdminInvalidArgument');
    adminError(await signedRequest(server, { method: 'POST', path: '/minio/admin/v3/heal/?clientToken=unknown' }), 400, 'XMinioHealNoSuchProcess');
    // The body's sha256 is checked like an S3 body's.
    const forged = await signedRequest(server, { method: 'POST', path: '/minio/admin/v3/heal/', body: '{"scanMode":1}', payloadHash: 'a'.repeat(64) });
    adminError(forged, 400, 'XAmzContentSHA256Mismatch');
  });

  it('starts a heal and reports it by token', async () => {
    const start = await signedRequest(server, { method: 'POST', path: '/minio/admin/v3/heal/', body: '{"recursive":true,"scanMode":1}' });
    assert.equal(start.status, 200, start.text);
    const { clientToken } = JSON.parse(start.text) as { clientToken: string };
    const status = await signedRequest(server, { method: 'POST', path: `/minio/admin/v3/heal/?clientToken=${clientToken}` });
    assert.equal(status.status, 200, status.text);
    const doc = JSON.parse(status.text) as { clientToken: string; settings: { scanMode: number } };
    assert.equal(doc.clientToken, clientToken);
    assert.equal(doc.settings.scanMode, 1);
  });

  it('leaves the S3 API as it was, except keys under /minio/admin/ of a bucket named "minio"', async () => {
    assert.equal((await signedRequest(server, { method: 'PUT', path: '/admin-beside' })).status, 200);
    const put = await signedRequest(server, { method: 'PUT', path: encodeKeyPath('admin-beside', 'minio/admin/v3/info'), body: 'data' });
    assert.equal(put.status, 200, put.text);
    const got = await signedRequest(server, { method: 'GET', path: encodeKeyPath('admin-beside', 'minio/admin/v3/info') });
    assert.deepEqual([got.status, got.text], [200, 'data']);
    const health = await rawRequest({ port: server.port, method: 'GET', path: '/minio/health/live' });
    assert.equal(health.status, 200);

    assert.equal((await signedRequest(server, { method: 'PUT', path: '/minio' })).status, 200);
    const shadowed = await signedRequest(server, { method: 'PUT', path: '/minio/admin/key', body: 'x' });
    adminError(shadowed, 404, 'XCairnAdminUnknownAPI');
    const listed = await signedRequest(server, { method: 'GET', path: '/minio?list-type=2' });
    assert.equal(listed.status, 200, listed.text);
    assert.equal(xmlValue(listed.text, 'KeyCount'), '0', 'the admin path never reached S3');
    const s3Error = await signedRequest(server, { method: 'GET', path: '/no-such-bucket-here' });
    assert.equal(xmlValue(s3Error.text, 'Code'), 'NoSuchBucket', 'S3 errors stay XML');
  });
});
