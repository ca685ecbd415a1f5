/**
 * The S3 pipeline over a real socket: auth failures rendered as S3 XML errors, HEAD without
 * bodies, keep-alive (also after HEAD and errors), Expect: 100-continue, health endpoints,
 * oversized headers, graceful shutdown.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import { openSocket, readSocketResponse, readUntilClose, requestHead, xmlValue } from '../helpers/raw-http.js';
import { EMPTY_SHA256, UNSIGNED_PAYLOAD } from '../helpers/sigv4-signer.js';
import { bootServer, call, signedHead, type TestServer } from './s3-server-harness.js';

let t: TestServer;
before(async () => { t = await bootServer({ drives: 4 }); });
after(async () => { await t?.stop(); });

function assertErrorXml(text: string, code: string, requestId: string | undefined): void {
  assert.match(text, /^<\?xml version="1\.0" encoding="UTF-8"\?><Error><Code>/);
  assert.equal(xmlValue(text, 'Code'), code);
  assert.ok(xmlValue(text, 'Message'));
  assert.ok(requestId && /^[0-9A-F]{16}$/.test(requestId), `request id ${requestId}`);
  assert.equal(xmlValue(text, 'RequestId'), requestId);
  assert.ok(xmlValue(text, 'HostId'));
}

describe('pipeline: authentication and errors', () => {
  it('an unsigned request is 403 AccessDenied with an XML body and request ids', async () => {
    const res = await call(t, 'GET', '/', { unsigned: true });
    assert.equal(res.status, 403);
    assert.equal(res.headers['content-type'], 'application/xml');
    assertErrorXml(res.text, 'AccessDenied', res.headers['x-amz-request-id'] as string);
    assert.equal(xmlValue(res.text, 'Resource'), '/');
    assert.ok(res.headers['x-amz-id-2']);
    assert.equal(res.headers['server'], 'Cairn');
    assert.ok(res.headers['date']);
  });
  it('a forged signature is 403 SignatureDoesNotMatch', async () => {
    const res = await call(t, 'GET', '/', { secretKey: 'not-the-secret-key' });
    assert.equal(res.status, 403);
    assertErrorXml(res.text, 'SignatureDoesNotMatch', res.headers['x-amz-request-id'] as string);
  });
  it('an unknown access key is 403 InvalidAccessKeyId', async () => {
    const res = await call(t, 'GET', '/', { accessKey: 'NOSUCHKEY123' });
    assert.equal(res.status, 403);
    assert.equal(xmlValue(res.text, 'Code'), 'InvalidAccessKeyId');
  });
  it('a HEAD error has status and headers but no body', async () => {
    const res = await call(t, 'HEAD', '/no-such-bucket-here');
    assert.equal(res.status, 404);
    assert.equal(res.body.length, 0);
    assert.ok(res.headers['x-amz-request-id']);
  });
  it('an unsupported method is 405 MethodNotAllowed', async () => {
    const res = await call(t, 'PATCH', '/some-bucket/key');
    assert.equal(res.status, 405);
    assert.equal(xmlValue(res.text, 'Code'), 'MethodNotAllowed');
  });
  it('an operation not implemented yet is 501 NotImplemented naming it', async () => {
    await call(t, 'PUT', '/ni-bucket');
    const res = await call(t, 'PUT', '/ni-bucket?analytics&id=a1', { body: '<AnalyticsConfiguration/>' });
    assert.equal(res.status, 501);
    assert.equal(xmlValue(res.text, 'Code'), 'NotImplemented');
    assert.match(xmlValue(res.text, 'Message') ?? '', /PutBucketAnalyticsConfiguration/);
  });
  it('GetObjectTorrent: a missing key is 404 NoSuchKey, an existing object 501 NotImplemented', async () => {
    await call(t, 'PUT', '/torrent-bucket');
    const missing = await call(t, 'GET', '/torrent-bucket/nothing?torrent');
    assert.equal(missing.status, 404);
    assert.equal(xmlValue(missing.text, 'Code'), 'NoSuchKey');
    assert.equal((await call(t, 'PUT', '/torrent-bucket/k', { body: 'x' })).status, 200);
    const there = await call(t, 'GET', '/torrent-bucket/k?torrent');
    assert.equal(there.status, 501);
    assert.match(xmlValue(there.text, 'Message') ?? '', /GetObjectTorrent/);
  });
  it('bad percent-encoding in the path is 400 InvalidURI', async () => {
    const res = await call(t, 'GET', '/bucket/%E2%82', { unsigned: true });
    assert.equal(res.status, 400);
    assert.equal(xmlValue(res.text, 'Code'), 'InvalidURI');
  });
  it('an oversized header section is answered with an S3 XML error, then closed', async () => {
    const socket = await openSocket(t.port);
    socket.write(requestHead('GET', '/', { host: t.host, 'x-big': 'a'.repeat(20_000) }));
    const { data, closed } = await readUntilClose(socket, 5000);
    assert.match(data, /^HTTP\/1\.1 400 /);
    assert.match(data, /<Code>RequestHeaderSectionTooLarge<\/Code>/);
    assert.ok(closed);
    socket.destroy();
  });
});

describe('pipeline: more body than Content-Length', () => {
  it('the request is answered by its Content-Length (BadDigest), then the connection closes; no 400 for the extra bytes', async () => {
    assert.equal((await call(t, 'PUT', '/short-length')).status, 200);
    const socket = await openSocket(t.port);
    try {
      const md5 = createHash('md5').update('bar').digest('base64');
      const headers = signedHead(t, 'PUT', '/short-length/k', { 'content-length': '2', 'content-md5': md5 }, UNSIGNED_PAYLOAD);
      socket.write(requestHead('PUT', '/short-length/k', headers) + 'bar');
      const { data, closed } = await readUntilClose(socket, 5000);
      assert.match(data, /^HTTP\/1\.1 400 /);
      assert.match(data, /<Code>BadDigest<\/Code>/);
      assert.equal(data.match(/HTTP\/1\.1 /g)?.length, 1, data);
      assert.ok(closed);
    } finally {
      socket.destroy();
    }
    assert.equal((await call(t, 'GET', '/short-length/k')).status, 404, 'nothing stored');
  });
});

describe('pipeline: keep-alive and Expect: 100-continue', () => {
  it('one connection serves requests after success, HEAD and errors', async () => {
    const socket: Socket = await openSocket(t.port);
    try {
      const send = (method: string, path: string, signed = true): void => {
        const headers = signed ? signedHead(t, method, path, {}, EMPTY_SHA256) : { host: t.host };
        socket.write(requestHead(method, path, headers));
      };
      send('GET', '/');
      let r = await readSocketResponse(socket, { isHead: false });
      assert.equal(r.status, 200);
      send('HEAD', '/no-such-bucket-keepalive');
      r = await readSocketResponse(socket, { isHead: true, buffered: r.leftover });
      assert.equal(r.status, 404);
      assert.equal(r.body.length, 0);
      send('GET', '/', false);
      r = await readSocketResponse(socket, { isHead: false, buffered: r.leftover });
      assert.equal(r.status, 403);
      send('HEAD', '/health/live', false);
      r = await readSocketResponse(socket, { isHead: true, buffered: r.leftover });
      assert.equal(r.status, 200);
      send('GET', '/');
      r = await readSocketResponse(socket, { isHead: false, buffered: r.leftover });
      assert.equal(r.status, 200);
      assert.equal(socket.destroyed, false);
    } finally {
      socket.destroy();
    }
  });
  it('a small unread body is drained and the connection stays usable', async () => {
    const socket = await openSocket(t.port);
    try {
      const body = 'x'.repeat(1000);
      // Anonymous PUT with a body into an existing bucket: refused before the body is read.
      assert.equal((await call(t, 'PUT', '/drain-bucket')).status, 200);
      socket.write(requestHead('PUT', '/drain-bucket/k', { host: t.host, 'content-length': body.length }) + body);
      let r = await readSocketResponse(socket, { isHead: false });
      assert.equal(r.status, 403);
      socket.write(requestHead('GET', '/', signedHead(t, 'GET', '/', {}, EMPTY_SHA256)));
      r = await readSocketResponse(socket, { isHead: false, buffered: r.leftover });
      assert.equal(r.status, 200);
    } finally {
      socket.destroy();
    }
  });
  it('100 Continue is sent only after auth passes, then the body is accepted', async () => {
    await call(t, 'PUT', '/continue-bucket');
    const socket = await openSocket(t.port);
    try {
      const body = 'hello continue';
      const headers = signedHead(t, 'PUT', '/continue-bucket/obj', { expect: '100-continue', 'content-length': String(body.length) }, UNSIGNED_PAYLOAD);
      socket.write(requestHead('PUT', '/continue-bucket/obj', headers));
      const interim = await readSocketResponse(socket, { isHead: false });
      assert.equal(interim.status, 100);
      socket.write(body);
      const final = await readSocketResponse(socket, { isHead: false, buffered: interim.leftover });
      assert.equal(final.status, 200, final.body.toString());
      assert.ok(final.headers['etag']);
    } finally {
      socket.destroy();
    }
  });
  it('a refused Expect: 100-continue request gets the error, no 100, and the connection closes', async () => {
    const socket = await openSocket(t.port);
    try {
      socket.write(requestHead('PUT', '/continue-bucket/obj2', { host: t.host, expect: '100-continue', 'content-length': '5' }));
      const { data, closed } = await readUntilClose(socket, 5000);
      assert.doesNotMatch(data, /100 Continue/);
      assert.match(data, /^HTTP\/1\.1 403 /);
      assert.match(data, /<Code>AccessDenied<\/Code>/);
      assert.ok(closed, 'connection closed because the body was never sent');
    } finally {
      socket.destroy();
    }
  });
});

describe('pipeline: health endpoints', () => {
  for (const path of ['/health/live', '/health/ready', '/minio/health/live', '/minio/health/ready', '/minio/health/cluster']) {
    it(`GET and HEAD ${path} are 200 without authentication`, async () => {
      const g = await call(t, 'GET', path, { unsigned: true });
      assert.equal(g.status, 200);
      const h = await call(t, 'HEAD', path, { unsigned: true });
      assert.equal(h.status, 200);
      assert.equal(h.body.length, 0);
    });
  }
  it('a signed request for /health/live is an S3 request (bucket "health")', async () => {
    const res = await call(t, 'GET', '/health/live');
    assert.equal(res.status, 404);
    assert.equal(xmlValue(res.text, 'Code'), 'NoSuchBucket');
  });
});

describe('pipeline: graceful shutdown', () => {
  it('close() returns promptly with idle keep-alive connections open, and stops accepting', async () => {
    const s = await bootServer({ drives: 1 });
    const socket = await openSocket(s.port);
    socket.write(requestHead('GET', '/health/live', { host: s.host }));
    await readSocketResponse(socket, { isHead: false });
    const started = Date.now();
    await s.stop();
    assert.ok(Date.now() - started < 4000, `shutdown took ${Date.now() - started} ms`);
    await assert.rejects(openSocket(s.port));
    socket.destroy();
  });
});
