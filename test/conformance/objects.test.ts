/**
 * Conformance: PutObject / GetObject / HeadObject / DeleteObject / CopyObject
 * (s3-tests test_object_write_read_update_read_delete, test_object_head_zero_bytes,
 * test_object_set_get_metadata_*, test_get_object_ifmatch_*, test_get_object_ifnonematch_*,
 * test_get_object_ifmodifiedsince_*, test_ranged_request_*, test_copy_object_*,
 * test_object_copy_replacing_metadata, test_object_copy_to_itself*).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type CairnServer } from '../helpers/server.js';
import { xmlValue } from '../helpers/raw-http.js';
import { encodeKeyPath } from '../helpers/sigv4-signer.js';
import { assertHeadError, assertS3Error, call, createBucket, putObject } from './conformance-client.js';

const ETAG = '"5d41402abc4b2a76b9719d911017c592"'; // md5("hello")
let s: CairnServer;
before(async () => {
  s = await startServer();
  await createBucket(s, 'obj');
  await putObject(s, '/obj/hello', 'hello', { 'x-amz-meta-Mixed-Case': 'Value', 'content-type': 'text/plain' });
});
after(async () => { await s?.stop(); });

describe('PutObject / GetObject / HeadObject basics', () => {
  it('a zero-length object: ETag of the empty string, Content-Length 0, default Content-Type binary/octet-stream', async () => {
    const put = await putObject(s, '/obj/empty', '');
    assert.equal(put.headers.etag, '"d41d8cd98f00b204e9800998ecf8427e"');
    for (const method of ['GET', 'HEAD']) {
      const r = await call(s, method, '/obj/empty');
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-length'], '0');
      assert.equal(r.headers['content-type'], 'binary/octet-stream');
      assert.equal(r.body.length, 0);
    }
  });
  it('metadata names are case-folded to lower case and returned as x-amz-meta-*; Last-Modified is an HTTP date', async () => {
    const r = await call(s, 'HEAD', '/obj/hello');
    assert.equal(r.headers['x-amz-meta-mixed-case'], 'Value');
    assert.equal(r.headers['content-type'], 'text/plain');
    assert.equal(r.headers['accept-ranges'], 'bytes');
    assert.match(String(r.headers['last-modified']), /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/);
  });
  it('user metadata over 2 KiB is 400 MetadataTooLarge and stores nothing', async () => {
    const r = await call(s, 'PUT', '/obj/bigmeta', { body: 'x', headers: { 'x-amz-meta-big': 'v'.repeat(2100) } });
    assertS3Error(r, 400, 'MetadataTooLarge');
    assertHeadError(await call(s, 'HEAD', '/obj/bigmeta'), 404);
  });
  it('missing keys: GET 404 NoSuchKey with Key, HEAD 404 without body, DELETE 204', async () => {
    const r = await call(s, 'GET', '/obj/nope');
    assertS3Error(r, 404, 'NoSuchKey', '/obj/nope');
    assert.equal(xmlValue(r.text, 'Key'), 'nope');
    assertHeadError(await call(s, 'HEAD', '/obj/nope'), 404);
    assert.equal((await call(s, 'DELETE', '/obj/nope')).status, 204);
  });
  it('keys ".", "..", a key ending in "/", "%2F" inside a key and "//" are distinct objects (keys never become paths)', async () => {
    const cases: Array<[string, string]> = [['/obj/.', '.'], ['/obj/..', '..'], ['/obj/dir/', 'dir/'], ['/obj/a%2Fb', 'a/b'], ['/obj//lead', '/lead']];
    for (const [path, body] of cases) await putObject(s, path, body);
    for (const [path, body] of cases) {
      const r = await call(s, 'GET', path);
      assert.equal(r.status, 200, path);
      assert.equal(r.text, body, path);
    }
    assert.equal((await call(s, 'GET', '/obj/a/b')).text, 'a/b', '%2F and / name the same key');
    assertS3Error(await call(s, 'GET', '/obj/dir'), 404, 'NoSuchKey');
  });
  it('a malformed versionId is 400 InvalidArgument naming it (GET, HEAD without body, DELETE); a well-formed unknown one is 404 NoSuchVersion', async () => {
    const r = await call(s, 'GET', '/obj/hello?versionId=dsf');
    assertS3Error(r, 400, 'InvalidArgument');
    assert.equal(xmlValue(r.text, 'Message'), 'Invalid version id specified');
    assert.equal(xmlValue(r.text, 'ArgumentName'), 'versionId');
    assert.equal(xmlValue(r.text, 'ArgumentValue'), 'dsf');
    assertHeadError(await call(s, 'HEAD', '/obj/hello?versionId=dsf'), 400);
    assertS3Error(await call(s, 'DELETE', '/obj/hello?versionId=..%2Fx'), 400, 'InvalidArgument');
    assert.equal((await call(s, 'GET', '/obj/hello')).status, 200);
    assertS3Error(await call(s, 'GET', `/obj/hello?versionId=${'0'.repeat(32)}`), 404, 'NoSuchVersion');
  });
  it('a key of 1,025 bytes is 400 KeyTooLongError; 1,024 bytes is fine', async () => {
    await putObject(s, `/obj/${'k'.repeat(1024)}`, 'x');
    assertS3Error(await call(s, 'PUT', `/obj/${'k'.repeat(1025)}`, { body: 'x' }), 400, 'KeyTooLongError');
  });
  it('Content-MD5: a wrong digest is 400 BadDigest, a malformed one 400 InvalidDigest, neither stores anything', async () => {
    assertS3Error(await call(s, 'PUT', '/obj/md5', { body: 'abc', headers: { 'content-md5': 'AAAAAAAAAAAAAAAAAAAAAA==' } }), 400, 'BadDigest');
    assertS3Error(await call(s, 'PUT', '/obj/md5', { body: 'abc', headers: { 'content-md5': 'zz' } }), 400, 'InvalidDigest');
    assertHeadError(await call(s, 'HEAD', '/obj/md5'), 404);
  });
  it('a wrong x-amz-checksum-* is 400 BadDigest "The <ALG> you specified did not match the calculated checksum." on PutObject and UploadPart', async () => {
    for (const [header, alg, wrong] of [['x-amz-checksum-crc32', 'CRC32', 'AAAAAA=='], ['x-amz-checksum-crc32c', 'CRC32C', 'AAAAAA=='],
      ['x-amz-checksum-sha256', 'SHA256', Buffer.alloc(32).toString('base64')]] as const) {
      const r = await call(s, 'PUT', '/obj/cks', { body: 'abc', headers: { [header]: wrong } });
      assertS3Error(r, 400, 'BadDigest');
      assert.equal(xmlValue(r.text, 'Message'), `The ${alg} you specified did not match the calculated checksum.`);
    }
    assertHeadError(await call(s, 'HEAD', '/obj/cks'), 404);
    const init = await call(s, 'POST', '/obj/cks-mp?uploads');
    const id = xmlValue(init.text, 'UploadId')!;
    const part = await call(s, 'PUT', `/obj/cks-mp?partNumber=1&uploadId=${id}`, { body: 'abc', headers: { 'x-amz-checksum-crc32': 'AAAAAA==' } });
    assertS3Error(part, 400, 'BadDigest');
    assert.equal(xmlValue(part.text, 'Message'), 'The CRC32 you specified did not match the calculated checksum.');
  });
});

describe('conditional requests', () => {
  it('If-Match: quoted, unquoted, a list containing the ETag and * succeed; another ETag is 412 PreconditionFailed', async () => {
    for (const v of [ETAG, ETAG.slice(1, -1), `"nope", ${ETAG}`, '*']) {
      assert.equal((await call(s, 'GET', '/obj/hello', { headers: { 'if-match': v } })).status, 200, v);
    }
    assertS3Error(await call(s, 'GET', '/obj/hello', { headers: { 'if-match': '"nope"' } }), 412, 'PreconditionFailed');
    assertHeadError(await call(s, 'HEAD', '/obj/hello', { headers: { 'if-match': '"nope"' } }), 412);
  });
  it('If-None-Match matching (quoted, unquoted, list, *) is 304 with ETag and Last-Modified and no body', async () => {
    for (const v of [ETAG, ETAG.slice(1, -1), `"nope", ${ETAG}`, '*']) {
      const r = await call(s, 'GET', '/obj/hello', { headers: { 'if-none-match': v } });
      assert.equal(r.status, 304, v);
      assert.equal(r.body.length, 0);
      assert.equal(r.headers.etag, ETAG);
      assert.ok(r.headers['last-modified']);
      assert.ok(r.headers['x-amz-request-id']);
    }
    assert.equal((await call(s, 'GET', '/obj/hello', { headers: { 'if-none-match': '"nope"' } })).status, 200);
  });
  it('If-Modified-Since / If-Unmodified-Since: future and past dates; an unparseable date is ignored', async () => {
    const future = 'Sun, 01 Jan 2090 00:00:00 GMT';
    const past = 'Sat, 01 Jan 2000 00:00:00 GMT';
    assert.equal((await call(s, 'GET', '/obj/hello', { headers: { 'if-modified-since': future } })).status, 304);
    assert.equal((await call(s, 'GET', '/obj/hello', { headers: { 'if-modified-since': past } })).status, 200);
    assertS3Error(await call(s, 'GET', '/obj/hello', { headers: { 'if-unmodified-since': past } }), 412, 'PreconditionFailed');
    assert.equal((await call(s, 'GET', '/obj/hello', { headers: { 'if-unmodified-since': future } })).status, 200);
    for (const h of ['if-modified-since', 'if-unmodified-since']) {
      assert.equal((await call(s, 'GET', '/obj/hello', { headers: { [h]: 'not a date' } })).status, 200, h);
    }
  });
  it('RFC 7232 precedence: If-Match true wins over If-Unmodified-Since false; If-None-Match true wins over If-Modified-Since false', async () => {
    const past = 'Sat, 01 Jan 2000 00:00:00 GMT';
    const future = 'Sun, 01 Jan 2090 00:00:00 GMT';
    assert.equal((await call(s, 'GET', '/obj/hello', { headers: { 'if-match': ETAG, 'if-unmodified-since': past } })).status, 200);
    assert.equal((await call(s, 'GET', '/obj/hello', { headers: { 'if-none-match': '"nope"', 'if-modified-since': future } })).status, 200);
  });
  it('PutObject If-None-Match: * on an existing key is 412 and keeps the old object', async () => {
    assertS3Error(await call(s, 'PUT', '/obj/hello', { body: 'other', headers: { 'if-none-match': '*' } }), 412, 'PreconditionFailed');
    assert.equal((await call(s, 'GET', '/obj/hello')).text, 'hello');
  });
});

describe('ranges', () => {
  const get = (range: string, method = 'GET') => call(s, method, '/obj/hello', { headers: { range } });
  it('bytes=0-0, an end past the size (clamped) and a suffix answer 206 with Content-Range', async () => {
    for (const [range, body, cr] of [['bytes=0-0', 'h', 'bytes 0-0/5'], ['bytes=2-100', 'llo', 'bytes 2-4/5'], ['bytes=-2', 'lo', 'bytes 3-4/5'], ['bytes=-10', 'hello', 'bytes 0-4/5'], ['bytes=4-', 'o', 'bytes 4-4/5']] as const) {
      const r = await get(range);
      assert.equal(r.status, 206, range);
      assert.equal(r.text, body, range);
      assert.equal(r.headers['content-range'], cr, range);
      assert.equal(r.headers['content-length'], String(body.length));
    }
  });
  it('a start at or past the size and bytes=-0 are 416 InvalidRange with Content-Range bytes */size', async () => {
    for (const range of ['bytes=5-', 'bytes=10-20', 'bytes=-0']) {
      const r = await get(range);
      assertS3Error(r, 416, 'InvalidRange');
      assert.equal(r.headers['content-range'], 'bytes */5');
    }
    assertS3Error(await call(s, 'GET', '/obj/empty', { headers: { range: 'bytes=0-0' } }), 416, 'InvalidRange');
  });
  it('malformed and multiple ranges are ignored: 200 with the whole object', async () => {
    for (const range of ['bytes=x-y', 'bytes=3-1', 'items=0-1', 'bytes=0-1,3-4']) {
      const r = await get(range);
      assert.equal(r.status, 200, range);
      assert.equal(r.text, 'hello');
    }
  });
  it('HEAD with a Range answers 206 with Content-Range and the range length, no body', async () => {
    const r = await get('bytes=1-2', 'HEAD');
    assert.equal(r.status, 206);
    assert.equal(r.headers['content-range'], 'bytes 1-2/5');
    assert.equal(r.headers['content-length'], '2');
    assert.equal(r.body.length, 0);
  });
  it('Range together with partNumber is 400 InvalidRequest', async () => {
    assertS3Error(await call(s, 'GET', '/obj/hello?partNumber=1', { headers: { range: 'bytes=0-1' } }), 400, 'InvalidRequest');
  });
});

describe('CopyObject', () => {
  it('COPY keeps metadata, Content-Type and the ETag of a single-part source; the result is CopyObjectResult', async () => {
    const r = await call(s, 'PUT', '/obj/copy1', { headers: { 'x-amz-copy-source': '/obj/hello' } });
    assert.equal(r.status, 200, r.text);
    assert.match(r.text, /<CopyObjectResult xmlns="http:\/\/s3\.amazonaws\.com\/doc\/2006-03-01\/"><ETag>&quot;5d41402abc4b2a76b9719d911017c592&quot;<\/ETag><LastModified>\d{4}-\d\d-\d\dT[\d:.]+Z<\/LastModified>/);
    const head = await call(s, 'HEAD', '/obj/copy1');
    assert.equal(head.headers.etag, ETAG);
    assert.equal(head.headers['content-type'], 'text/plain');
    assert.equal(head.headers['x-amz-meta-mixed-case'], 'Value');
  });
  it('REPLACE takes Content-Type and metadata from the request and drops the source metadata', async () => {
    const r = await call(s, 'PUT', '/obj/copy2', { headers: { 'x-amz-copy-source': '/obj/hello', 'x-amz-metadata-directive': 'REPLACE', 'content-type': 'application/json', 'x-amz-meta-new': 'n' } });
    assert.equal(r.status, 200, r.text);
    const head = await call(s, 'HEAD', '/obj/copy2');
    assert.equal(head.headers['content-type'], 'application/json');
    assert.equal(head.headers['x-amz-meta-new'], 'n');
    assert.equal(head.headers['x-amz-meta-mixed-case'], undefined);
  });
  it('a source key with non-ASCII characters, "?", "+" and spaces, URL-encoded in x-amz-copy-source', async () => {
    const key = 'src é?+ x';
    await putObject(s, encodeKeyPath('obj', key), 'unicode');
    for (const source of [`/obj/${encodeURIComponent(key)}`, `obj/${encodeURIComponent(key)}`]) {
      const r = await call(s, 'PUT', '/obj/copy3', { headers: { 'x-amz-copy-source': source } });
      assert.equal(r.status, 200, `${source}: ${r.text}`);
      assert.equal((await call(s, 'GET', '/obj/copy3')).text, 'unicode');
    }
  });
  it('copy onto itself without changes is 400 InvalidRequest; with REPLACE it updates the metadata', async () => {
    assertS3Error(await call(s, 'PUT', '/obj/copy1', { headers: { 'x-amz-copy-source': '/obj/copy1' } }), 400, 'InvalidRequest');
    const r = await call(s, 'PUT', '/obj/copy1', { headers: { 'x-amz-copy-source': '/obj/copy1', 'x-amz-metadata-directive': 'REPLACE', 'x-amz-meta-self': 'yes' } });
    assert.equal(r.status, 200, r.text);
    const head = await call(s, 'HEAD', '/obj/copy1');
    assert.equal(head.headers['x-amz-meta-self'], 'yes');
    assert.equal(head.headers.etag, ETAG);
  });
  it('missing source key: 404 NoSuchKey; missing source bucket: 404 NoSuchBucket; no key: 400 InvalidArgument; bad directive: 400 InvalidArgument', async () => {
    assertS3Error(await call(s, 'PUT', '/obj/c', { headers: { 'x-amz-copy-source': '/obj/none' } }), 404, 'NoSuchKey');
    assertS3Error(await call(s, 'PUT', '/obj/c', { headers: { 'x-amz-copy-source': '/no-bucket/k' } }), 404, 'NoSuchBucket');
    assertS3Error(await call(s, 'PUT', '/obj/c', { headers: { 'x-amz-copy-source': 'justbucket' } }), 400, 'InvalidArgument');
    assertS3Error(await call(s, 'PUT', '/obj/c', { headers: { 'x-amz-copy-source': '/obj/hello', 'x-amz-metadata-directive': 'MOVE' } }), 400, 'InvalidArgument');
  });
  it('x-amz-copy-source-if-match / -if-none-match: 412 PreconditionFailed when they do not hold', async () => {
    assertS3Error(await call(s, 'PUT', '/obj/c', { headers: { 'x-amz-copy-source': '/obj/hello', 'x-amz-copy-source-if-match': '"nope"' } }), 412, 'PreconditionFailed');
    assertS3Error(await call(s, 'PUT', '/obj/c', { headers: { 'x-amz-copy-source': '/obj/hello', 'x-amz-copy-source-if-none-match': ETAG } }), 412, 'PreconditionFailed');
    assert.equal((await call(s, 'PUT', '/obj/c', { headers: { 'x-amz-copy-source': '/obj/hello', 'x-amz-copy-source-if-match': ETAG } })).status, 200);
  });
});
