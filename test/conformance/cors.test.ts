/**
 * Conformance: CORS (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/RESTOPTIONSobject.html) against a spawned
 * server: Put/Get/DeleteBucketCors (Content-MD5 required, validation), the unauthenticated
 * OPTIONS preflight, and the Access-Control-* headers on actual answers, errors included.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, type CairnServer } from '../helpers/server.js';
import { rawRequest, xmlValue, xmlValues } from '../helpers/raw-http.js';
import { assertS3Error, call, createBucket, putObject } from './conformance-client.js';

let s: CairnServer;
before(async () => { s = await startServer(); await createBucket(s, 'corsb'); await createBucket(s, 'nocors'); });
after(async () => { await s?.stop(); });

const md5 = (body: string): string => createHash('md5').update(body).digest('base64');
const putCors = (bucket: string, body: string, headers: Record<string, string> = { 'content-md5': md5(body) }) =>
  call(s, 'PUT', `/${bucket}?cors`, { body, headers });

const CONFIG = '<CORSConfiguration>'
  + '<CORSRule><ID>app</ID><AllowedOrigin>https://*.example.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod>'
  + '<AllowedMethod>PUT</AllowedMethod><AllowedHeader>x-amz-*</AllowedHeader><AllowedHeader>Content-Type</AllowedHeader>'
  + '<ExposeHeader>ETag</ExposeHeader><ExposeHeader>x-amz-request-id</ExposeHeader><MaxAgeSeconds>600</MaxAgeSeconds></CORSRule>'
  + '<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>HEAD</AllowedMethod></CORSRule>'
  + '</CORSConfiguration>';

const preflight = (path: string, headers: Record<string, string>) =>
  rawRequest({ port: s.port, method: 'OPTIONS', path, headers });

describe('Put/Get/DeleteBucketCors', () => {
  it('a configuration is stored and read back rule by rule', async () => {
    const put = await putCors('corsb', CONFIG);
    assert.equal(put.status, 200, put.text);
    const got = await call(s, 'GET', '/corsb?cors');
    assert.equal(got.status, 200, got.text);
    assert.deepEqual(xmlValues(got.text, 'AllowedOrigin'), ['https://*.example.com', '*']);
    assert.deepEqual(xmlValues(got.text, 'AllowedMethod'), ['GET', 'PUT', 'HEAD']);
    assert.deepEqual(xmlValues(got.text, 'ExposeHeader'), ['ETag', 'x-amz-request-id']);
    assert.equal(xmlValue(got.text, 'MaxAgeSeconds'), '600');
    assert.equal(xmlValue(got.text, 'ID'), 'app');
  });
  it('Content-MD5 is required, as AWS requires it', async () => {
    assertS3Error(await putCors('corsb', CONFIG, {}), 400, 'InvalidRequest');
    assertS3Error(await putCors('corsb', CONFIG, { 'content-md5': md5('other') }), 400, 'BadDigest');
  });
  it('invalid rules are refused with the AWS code', async () => {
    const rule = (inner: string): string => `<CORSConfiguration><CORSRule>${inner}</CORSRule></CORSConfiguration>`;
    const cases: Array<[string, string]> = [
      [rule('<AllowedOrigin>*</AllowedOrigin><AllowedMethod>PATCH</AllowedMethod>'), 'InvalidRequest'],
      [rule('<AllowedOrigin>https://*.*.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod>'), 'InvalidRequest'],
      [rule('<AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><ExposeHeader>x-*</ExposeHeader>'), 'InvalidRequest'],
      [rule('<AllowedMethod>GET</AllowedMethod>'), 'MalformedXML'],
      [rule('<AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>x</MaxAgeSeconds>'), 'MalformedXML'],
      ['<CORSConfiguration></CORSConfiguration>', 'MalformedXML'],
      [`<CORSConfiguration>${'<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>'.repeat(101)}</CORSConfiguration>`, 'InvalidRequest'],
    ];
    for (const [body, code] of cases) assertS3Error(await putCors('nocors', body), 400, code);
    assertS3Error(await call(s, 'GET', '/nocors?cors'), 404, 'NoSuchCORSConfiguration');
  });
  it('a missing bucket is NoSuchBucket', async () => {
    assertS3Error(await putCors('no-such-bucket', CONFIG), 404, 'NoSuchBucket');
  });
});

describe('preflight (OPTIONS, unauthenticated)', () => {
  it('a matching preflight answers the first matching rule', async () => {
    const r = await preflight('/corsb/some/key', {
      origin: 'https://app.example.com', 'access-control-request-method': 'PUT',
      'access-control-request-headers': 'Content-Type, X-Amz-Meta-Owner',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers['access-control-allow-origin'], 'https://app.example.com');
    assert.equal(r.headers['access-control-allow-methods'], 'GET, PUT');
    assert.equal(r.headers['access-control-allow-headers'], 'content-type, x-amz-meta-owner');
    assert.equal(r.headers['access-control-expose-headers'], 'ETag, x-amz-request-id');
    assert.equal(r.headers['access-control-max-age'], '600');
    assert.equal(r.headers['access-control-allow-credentials'], 'true');
    assert.match(String(r.headers.vary), /Origin/);
  });
  it('a rule with AllowedOrigin * answers * without credentials', async () => {
    const r = await preflight('/corsb', { origin: 'http://anything.test', 'access-control-request-method': 'HEAD' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers['access-control-allow-origin'], '*');
    assert.equal(r.headers['access-control-allow-credentials'], undefined);
  });
  it('a disallowed origin, method or header is 403 AccessForbidden', async () => {
    const refused: Array<Record<string, string>> = [
      { origin: 'https://evil.test', 'access-control-request-method': 'PUT' },
      { origin: 'https://app.example.com', 'access-control-request-method': 'DELETE' },
      { origin: 'https://app.example.com', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization' },
    ];
    for (const headers of refused) {
      const r = await preflight('/corsb/k', headers);
      assertS3Error(r, 403, 'AccessForbidden');
      assert.match(xmlValue(r.text, 'Message') ?? '', /^CORSResponse: This CORS request is not allowed/);
    }
  });
  it('missing Origin or method is 400; a bucket without CORS is 403; a missing bucket 404', async () => {
    assertS3Error(await preflight('/corsb/k', { 'access-control-request-method': 'GET' }), 400, 'BadRequest');
    assertS3Error(await preflight('/corsb/k', { origin: 'https://app.example.com' }), 400, 'BadRequest');
    const none = await preflight('/nocors/k', { origin: 'https://app.example.com', 'access-control-request-method': 'GET' });
    assertS3Error(none, 403, 'AccessForbidden');
    assert.match(xmlValue(none.text, 'Message') ?? '', /CORS is not enabled for this bucket/);
    assertS3Error(await preflight('/no-such-bucket/k', { origin: 'https://a.example.com', 'access-control-request-method': 'GET' }), 404, 'NoSuchBucket');
  });
});

describe('actual requests with an Origin', () => {
  it('a matching origin gets the Access-Control-* headers on success and on errors', async () => {
    await putObject(s, '/corsb/hello', 'hi');
    const ok = await call(s, 'GET', '/corsb/hello', { headers: { origin: 'https://app.example.com' } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['access-control-allow-origin'], 'https://app.example.com');
    assert.equal(ok.headers['access-control-expose-headers'], 'ETag, x-amz-request-id');
    const missing = await call(s, 'GET', '/corsb/nope', { headers: { origin: 'https://app.example.com' } });
    assertS3Error(missing, 404, 'NoSuchKey');
    assert.equal(missing.headers['access-control-allow-origin'], 'https://app.example.com');
    const anon = await rawRequest({ port: s.port, method: 'GET', path: '/corsb/hello', headers: { origin: 'https://app.example.com' } });
    assertS3Error(anon, 403, 'AccessDenied');
    assert.equal(anon.headers['access-control-allow-origin'], 'https://app.example.com');
  });
  it('no header for an origin no rule allows, nor for a request without Origin', async () => {
    const other = await call(s, 'GET', '/corsb/hello', { headers: { origin: 'https://evil.test' } });
    assert.equal(other.status, 200);
    assert.equal(other.headers['access-control-allow-origin'], undefined);
    const plain = await call(s, 'GET', '/corsb/hello');
    assert.equal(plain.headers['access-control-allow-origin'], undefined);
  });
  it('DeleteBucketCors removes the rules at once: the preflight is then 403', async () => {
    await putCors('nocors', CONFIG);
    const before = await preflight('/nocors/k', { origin: 'https://app.example.com', 'access-control-request-method': 'GET' });
    assert.equal(before.status, 200);
    assert.equal((await call(s, 'DELETE', '/nocors?cors')).status, 204);
    assertS3Error(await call(s, 'GET', '/nocors?cors'), 404, 'NoSuchCORSConfiguration');
    assertS3Error(await preflight('/nocors/k', { origin: 'https://app.example.com', 'access-control-request-method': 'GET' }), 403, 'AccessForbidden');
  });
});
