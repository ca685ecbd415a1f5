/**
 * Wire-level behaviour of the object handlers that SDKs never exercise, against the built
 * server (spawned on 127.0.0.1:0 with a temp drive): multi-range and malformed Range, 416
 * with Content-Range, HEAD without a body, DeleteObjects without Content-MD5, url
 * encoding-type on control-character keys, bad listing parameters, copy-source parsing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, type CairnServer } from '../../helpers/server.js';
import { signedRequest } from '../../helpers/signed-request.js';
import { encodeKeyPath } from '../../helpers/sigv4-signer.js';

const values = (xml: string, name: string): string[] =>
  [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => m[1]!);

describe('object handlers on the wire', () => {
  let server: CairnServer;
  const B = 'wire';
  before(async () => {
    server = await startServer({ drives: 1 });
    const r = await signedRequest(server, { method: 'PUT', path: `/${B}` });
    assert.equal(r.status, 200, r.text);
    const p = await signedRequest(server, { method: 'PUT', path: `/${B}/digits`, body: '0123456789', headers: { 'content-type': 'text/plain' } });
    assert.equal(p.status, 200, p.text);
  });
  after(async () => { await server?.stop(); });

  it('multi-range and malformed Range headers serve the whole object with 200', async () => {
    for (const range of ['bytes=0-1,4-5', 'bytes=5-2', 'bytes=abc', 'pages=1-2']) {
      const r = await signedRequest(server, { method: 'GET', path: `/${B}/digits`, headers: { range } });
      assert.equal(r.status, 200, range);
      assert.equal(r.text, '0123456789', range);
      assert.equal(r.headers['accept-ranges'], 'bytes');
    }
  });

  it('a range answers 206 with Content-Range; unsatisfiable is 416 with bytes */size', async () => {
    const r = await signedRequest(server, { method: 'GET', path: `/${B}/digits`, headers: { range: 'bytes=-4' } });
    assert.equal(r.status, 206);
    assert.equal(r.text, '6789');
    assert.equal(r.headers['content-range'], 'bytes 6-9/10');
    const bad = await signedRequest(server, { method: 'GET', path: `/${B}/digits`, headers: { range: 'bytes=10-' } });
    assert.equal(bad.status, 416);
    assert.equal(bad.headers['content-range'], 'bytes */10');
    assert.equal(values(bad.text, 'Code')[0], 'InvalidRange');
  });

  it('HEAD carries the object headers and no body; a HEAD range is 206', async () => {
    const h = await signedRequest(server, { method: 'HEAD', path: `/${B}/digits` });
    assert.equal(h.status, 200);
    assert.equal(h.headers['content-length'], '10');
    assert.equal(h.headers['content-type'], 'text/plain');
    assert.equal(h.body.length, 0);
    const hr = await signedRequest(server, { method: 'HEAD', path: `/${B}/digits`, headers: { range: 'bytes=2-3' } });
    assert.equal(hr.status, 206);
    assert.equal(hr.headers['content-range'], 'bytes 2-3/10');
  });

  it('GET with If-None-Match of the current ETag is 304 with ETag and no body', async () => {
    const h = await signedRequest(server, { method: 'HEAD', path: `/${B}/digits` });
    const etag = String(h.headers.etag);
    const r = await signedRequest(server, { method: 'GET', path: `/${B}/digits`, headers: { 'if-none-match': etag } });
    assert.equal(r.status, 304);
    assert.equal(r.headers.etag, etag);
    assert.equal(r.body.length, 0);
  });

  it('DeleteObjects without Content-MD5 or checksum is 400 InvalidRequest', async () => {
    const doc = '<Delete><Object><Key>digits-copy</Key></Object></Delete>';
    const r = await signedRequest(server, { method: 'POST', path: `/${B}?delete=`, body: doc });
    assert.equal(r.status, 400);
    assert.equal(values(r.text, 'Code')[0], 'InvalidRequest');
    assert.equal(values(r.text, 'Message')[0], 'Missing required header for this request: Content-MD5');
    const md5 = createHash('md5').update(doc).digest('base64');
    const ok = await signedRequest(server, { method: 'POST', path: `/${B}?delete=`, body: doc, headers: { 'content-md5': md5 } });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(values(ok.text, 'Key'), ['digits-copy']);
  });

  it('keys with control characters list safely with encoding-type=url', async () => {
    const key = 'ctl/a\u0001b c+d';
    const p = await signedRequest(server, { method: 'PUT', path: encodeKeyPath(B, key), body: 'x' });
    assert.equal(p.status, 200, p.text);
    const r = await signedRequest(server, { method: 'GET', path: `/${B}?encoding-type=url&list-type=2&prefix=ctl%2F` });
    assert.equal(r.status, 200, r.text);
    const [encoded] = values(r.text, 'Key');
    assert.equal(encoded, 'ctl/a%01b%20c%2Bd');
    assert.equal(decodeURIComponent(encoded!), key);
    assert.equal(values(r.text, 'EncodingType')[0], 'url');
  });

  it('bad listing parameters are 400 InvalidArgument', async () => {
    for (const q of ['list-type=2&max-keys=abc', 'list-type=2&encoding-type=base64', 'list-type=2&continuation-token=%21%21', 'max-keys=-5']) {
      const r = await signedRequest(server, { method: 'GET', path: `/${B}?${q}` });
      assert.equal(r.status, 400, q);
      assert.equal(values(r.text, 'Code')[0], 'InvalidArgument', q);
    }
  });

  it('CopyObject with an URL-encoded source and a versionId query; bad sources are InvalidArgument', async () => {
    const src = 'dir/with space.txt';
    assert.equal((await signedRequest(server, { method: 'PUT', path: encodeKeyPath(B, src), body: 'copied' })).status, 200);
    const r = await signedRequest(server, {
      method: 'PUT', path: `/${B}/copy-dst`, headers: { 'x-amz-copy-source': `/${B}/dir/with%20space.txt?versionId=null` },
    });
    assert.equal(r.status, 200, r.text);
    assert.match(r.text, /<CopyObjectResult xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/"><ETag>/);
    assert.equal(r.headers['x-amz-copy-source-version-id'], 'null');
    const g = await signedRequest(server, { method: 'GET', path: `/${B}/copy-dst` });
    assert.equal(g.text, 'copied');
    const bad = await signedRequest(server, { method: 'PUT', path: `/${B}/copy-dst`, headers: { 'x-amz-copy-source': B } });
    assert.equal(bad.status, 400);
    assert.equal(values(bad.text, 'Code')[0], 'InvalidArgument');
  });

  it('PutObject refuses oversize metadata, unknown storage class and bad Content-MD5', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ 'x-amz-meta-big': 'x'.repeat(2100) }, 'MetadataTooLarge'],
      [{ 'x-amz-storage-class': 'FAST' }, 'InvalidStorageClass'],
      [{ 'content-md5': 'not-base64' }, 'InvalidDigest'],
      [{ 'content-md5': createHash('md5').update('other').digest('base64') }, 'BadDigest'],
    ];
    for (const [headers, code] of cases) {
      const r = await signedRequest(server, { method: 'PUT', path: `/${B}/refused`, body: 'data', headers });
      assert.equal(r.status, 400, code);
      assert.equal(values(r.text, 'Code')[0], code);
    }
    assert.equal((await signedRequest(server, { method: 'HEAD', path: `/${B}/refused` })).status, 404);
  });
});
