import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeChecksum } from '../../../src/util/checksums.js';
import { getObject } from '../../../src/s3/handlers/object/get-object.js';
import { headObject } from '../../../src/s3/handlers/object/head-object.js';
import { putObject } from '../../../src/s3/handlers/object/put-object.js';
import { header, md5b64, md5hex, openHarness, readBody, s3ErrorOf, type Harness } from './handler-harness.js';

describe('PutObject / GetObject / HeadObject handlers over the erasure layer', () => {
  let h: Harness;
  before(async () => { h = await openHarness(1); });
  after(async () => { await h.close(); });

  const put = (key: string, body: string | Buffer, headers: Record<string, string> = {}, extra: { trailers?: Record<string, string> } = {}) =>
    putObject(h.request({ op: 'PutObject', method: 'PUT', key, body, headers, ...extra }), h.ctx);
  const get = (key: string, headers: Record<string, string> = {}, query = '') =>
    getObject(h.request({ op: 'GetObject', method: 'GET', key, headers, query }), h.ctx);
  const head = (key: string, headers: Record<string, string> = {}, query = '') =>
    headObject(h.request({ op: 'HeadObject', method: 'HEAD', key, headers, query }), h.ctx);

  it('stores body, metadata and system headers; GET and HEAD return them', async () => {
    const res = await put('docs/a.txt', 'hello world', {
      'content-type': 'text/plain',
      'x-amz-meta-Color': 'blue',
      'cache-control': 'max-age=60',
      'content-encoding': 'aws-chunked,gzip',
      'x-amz-storage-class': 'STANDARD_IA',
    });
    assert.equal(res.status, 200);
    assert.equal(header(res, 'etag'), `"${md5hex('hello world')}"`);
    assert.equal(header(res, 'x-amz-version-id'), undefined);

    const g = await get('docs/a.txt');
    assert.equal(g.status, 200);
    assert.equal((await readBody(g)).toString(), 'hello world');
    assert.equal(header(g, 'content-length'), '11');
    assert.equal(header(g, 'content-type'), 'text/plain');
    assert.equal(header(g, 'x-amz-meta-color'), 'blue');
    assert.equal(header(g, 'cache-control'), 'max-age=60');
    assert.equal(header(g, 'content-encoding'), 'gzip');
    assert.equal(header(g, 'x-amz-storage-class'), 'STANDARD_IA');
    assert.equal(header(g, 'accept-ranges'), 'bytes');
    assert.match(header(g, 'last-modified') ?? '', /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);

    const hd = await head('docs/a.txt');
    assert.equal(hd.status, 200);
    assert.equal(hd.body, undefined);
    assert.equal(header(hd, 'content-length'), '11');
    assert.equal(header(hd, 'etag'), header(g, 'etag'));
  });

  it('defaults Content-Type to binary/octet-stream and omits STANDARD storage class', async () => {
    await put('plain', 'x');
    const hd = await head('plain');
    assert.equal(header(hd, 'content-type'), 'binary/octet-stream');
    assert.equal(header(hd, 'x-amz-storage-class'), undefined);
  });

  it('response-* query parameters override the stored headers', async () => {
    const g = await get('plain', {}, 'response-content-type=text/csv&response-content-disposition=attachment%3B%20filename%3Dx.csv');
    await readBody(g);
    assert.equal(header(g, 'content-type'), 'text/csv');
    assert.equal(header(g, 'content-disposition'), 'attachment; filename=x.csv');
  });

  it('Content-MD5 mismatch is BadDigest and stores nothing; a correct one stores', async () => {
    const err = await s3ErrorOf(put('md5', 'payload', { 'content-md5': md5b64('other') }));
    assert.equal(err.code, 'BadDigest');
    assert.equal((await s3ErrorOf(head('md5'))).code, 'NoSuchKey');
    assert.equal((await put('md5', 'payload', { 'content-md5': md5b64('payload') })).status, 200);
  });

  it('missing length is 411 MissingContentLength, too long a key KeyTooLongError', async () => {
    const noLen = putObject(h.request({ op: 'PutObject', method: 'PUT', key: 'k', body: 'abc', contentLength: -1 }), h.ctx);
    assert.deepEqual((await s3ErrorOf(noLen)).status, 411);
    assert.equal((await s3ErrorOf(put('k'.repeat(1025), 'x'))).code, 'KeyTooLongError');
  });

  it('x-amz-checksum-crc32 header is verified, stored and returned with checksum mode', async () => {
    const body = Buffer.from('checksummed body');
    const crc = computeChecksum('CRC32', body).toString('base64');
    const bad = await s3ErrorOf(put('crc', body, { 'x-amz-checksum-crc32': computeChecksum('CRC32', Buffer.from('x')).toString('base64') }));
    assert.equal(bad.code, 'BadDigest');
    assert.equal(bad.message, 'The CRC32 you specified did not match the calculated checksum.');
    const res = await put('crc', body, { 'x-amz-checksum-crc32': crc });
    assert.equal(header(res, 'x-amz-checksum-crc32'), crc);
    const plain = await head('crc');
    assert.equal(header(plain, 'x-amz-checksum-crc32'), undefined);
    const withMode = await head('crc', { 'x-amz-checksum-mode': 'ENABLED' });
    assert.equal(header(withMode, 'x-amz-checksum-crc32'), crc);
  });

  it('a trailing checksum (x-amz-trailer) is verified after the body', async () => {
    const body = Buffer.from('trailer body');
    const sha = computeChecksum('SHA256', body).toString('base64');
    const hdrs = { 'x-amz-trailer': 'x-amz-checksum-sha256', 'x-amz-sdk-checksum-algorithm': 'SHA256' };
    const wrong = computeChecksum('SHA256', Buffer.from('nope')).toString('base64');
    assert.equal((await s3ErrorOf(put('trailer', body, hdrs, { trailers: { 'x-amz-checksum-sha256': wrong } }))).code, 'BadDigest');
    const ok = await put('trailer', body, hdrs, { trailers: { 'x-amz-checksum-sha256': sha } });
    assert.equal(header(ok, 'x-amz-checksum-sha256'), sha);
  });

  it('conditional PUT: If-None-Match: * refuses to overwrite', async () => {
    assert.equal((await s3ErrorOf(put('plain', 'y', { 'if-none-match': '*' }))).code, 'PreconditionFailed');
    assert.equal((await put('fresh-cond', 'y', { 'if-none-match': '*' })).status, 200);
  });

  it('ranges: bounded, open, suffix -> 206; malformed and multi-range -> whole object', async () => {
    await put('digits', '0123456789');
    const cases: [string, string, string][] = [
      ['bytes=2-4', '234', 'bytes 2-4/10'],
      ['bytes=7-', '789', 'bytes 7-9/10'],
      ['bytes=-3', '789', 'bytes 7-9/10'],
      ['bytes=8-100', '89', 'bytes 8-9/10'],
    ];
    for (const [range, want, cr] of cases) {
      const g = await get('digits', { range });
      assert.equal(g.status, 206, range);
      assert.equal((await readBody(g)).toString(), want, range);
      assert.equal(header(g, 'content-range'), cr, range);
      assert.equal(header(g, 'content-length'), String(want.length), range);
    }
    for (const range of ['bytes=0-1,4-5', 'bytes=5-2', 'lines=1-2', 'bytes=x-y']) {
      const g = await get('digits', { range });
      assert.equal(g.status, 200, range);
      assert.equal((await readBody(g)).toString(), '0123456789', range);
      assert.equal(header(g, 'content-range'), undefined, range);
    }
  });

  it('unsatisfiable range is 416 InvalidRange with Content-Range bytes */size (GET and HEAD)', async () => {
    for (const p of [get('digits', { range: 'bytes=10-20' }), head('digits', { range: 'bytes=10-' }), get('digits', { range: 'bytes=-0' })]) {
      const err = await s3ErrorOf(p);
      assert.equal(err.code, 'InvalidRange');
      assert.equal(err.status, 416);
      assert.equal(err.headers['content-range'], 'bytes */10');
    }
    const hd = await head('digits', { range: 'bytes=1-2' });
    assert.equal(hd.status, 206);
    assert.equal(header(hd, 'content-length'), '2');
    assert.equal(header(hd, 'content-range'), 'bytes 1-2/10');
  });

  it('partNumber=1 of a single-part object is the whole object; Range with partNumber is refused', async () => {
    const g = await get('digits', {}, 'partNumber=1');
    assert.equal((await readBody(g)).toString(), '0123456789');
    assert.equal((await s3ErrorOf(get('digits', {}, 'partNumber=2'))).code, 'InvalidPartNumber');
    assert.equal((await s3ErrorOf(get('digits', { range: 'bytes=0-1' }, 'partNumber=1'))).code, 'InvalidRequest');
    assert.equal((await s3ErrorOf(get('digits', {}, 'partNumber=0'))).code, 'InvalidArgument');
  });

  it('conditional GET: 304 via If-None-Match, 412 via If-Match', async () => {
    const etag = header(await head('digits'), 'etag')!;
    const nm = await s3ErrorOf(get('digits', { 'if-none-match': etag }));
    assert.equal(nm.status, 304);
    assert.equal(nm.headers['etag'], etag);
    assert.equal((await s3ErrorOf(get('digits', { 'if-match': '"0000"' }))).code, 'PreconditionFailed');
    const ok = await get('digits', { 'if-match': etag });
    assert.equal((await readBody(ok)).length, 10);
  });

  it('a client abort destroys the object stream', async () => {
    // Above WHOLE_READ_MAX_BYTES: streamed (a smaller data file is read whole before the answer).
    await put('big', Buffer.alloc(3 * 1024 * 1024, 7));
    const ac = new AbortController();
    const g = await getObject(h.request({ op: 'GetObject', method: 'GET', key: 'big', signal: ac.signal }), h.ctx);
    const body = g.body as import('node:stream').Readable;
    body.on('error', () => { /* the layer aborts the stream with AbortError: expected */ });
    const closed = new Promise<void>((resolve) => body.once('close', () => resolve()));
    ac.abort();
    await closed;
    assert.equal(body.destroyed, true);
  });

  it('a data-file GET hands its pooled buffers\' release to the response (chunks read whole under 1 MiB, a stream above); an inline GET has none', async () => {
    await put('pooled', Buffer.alloc(512 * 1024, 3));
    const big = await get('pooled');
    assert.equal(typeof big.releaseChunk, 'function', 'data-dir body: S3Response.releaseChunk');
    assert.ok(Array.isArray(big.body), 'under 1 MiB: read whole, chunks in memory');
    assert.equal((await readBody(big)).length, 512 * 1024);
    await put('streamed', Buffer.alloc(3 * 1024 * 1024, 4));
    const streamed = await get('streamed');
    assert.equal(typeof streamed.releaseChunk, 'function');
    assert.ok(!Array.isArray(streamed.body) && !Buffer.isBuffer(streamed.body), 'above 1 MiB: a stream');
    assert.equal((await readBody(streamed)).length, 3 * 1024 * 1024);
    await put('inline', 'small');
    const small = await get('inline');
    assert.ok(Buffer.isBuffer(small.body));
    assert.equal(small.releaseChunk, undefined);
  });

  it('missing keys are NoSuchKey', async () => {
    assert.equal((await s3ErrorOf(get('nope'))).code, 'NoSuchKey');
    assert.equal((await s3ErrorOf(head('nope'))).status, 404);
  });
});
