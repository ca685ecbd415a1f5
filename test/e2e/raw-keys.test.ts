/**
 * Hostile object keys and bucket names over raw HTTP: dot segments that would climb out of a
 * directory, control characters, the 1,024-byte limit (KeyTooLongError), metadata and object
 * size limits. S3 keys are opaque strings: `../x` is a key
 * like any other, stored and listed as sent, and nothing may land outside the drives.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { startServer, type CairnServer } from '../helpers/server.js';
import { openSocket, readSocketResponse, requestHead, xmlValue, xmlValues } from '../helpers/raw-http.js';
import { signedRequest, signFor } from '../helpers/signed-request.js';
import { encodeKeyPath, UNSIGNED_PAYLOAD } from '../helpers/sigv4-signer.js';

const BUCKET = 'raw-keys';
let server: CairnServer;

before(async () => {
  server = await startServer();
  const made = await signedRequest(server, { method: 'PUT', path: `/${BUCKET}` });
  assert.equal(made.status, 200, made.text);
});

after(async () => {
  await server?.stop();
});

/** Lists with encoding-type=url and decodes (percent-encoding only: a space comes as %20, as AWS sends it). */
async function listDecoded(prefix: string): Promise<string[]> {
  const q = `list-type=2&encoding-type=url&prefix=${encodeURIComponent(prefix)}`;
  const res = await signedRequest(server, { method: 'GET', path: `/${BUCKET}?${q}` });
  assert.equal(res.status, 200, res.text);
  assert.equal(xmlValue(res.text, 'EncodingType'), 'url');
  return xmlValues(res.text, 'Key').map((k) => decodeURIComponent(k));
}

async function roundTrip(key: string, body: string): Promise<void> {
  const put = await signedRequest(server, { method: 'PUT', path: encodeKeyPath(BUCKET, key), body });
  assert.equal(put.status, 200, `PUT ${JSON.stringify(key)}: ${put.text}`);
  const got = await signedRequest(server, { method: 'GET', path: encodeKeyPath(BUCKET, key) });
  assert.equal(got.status, 200, `GET ${JSON.stringify(key)}: ${got.text}`);
  assert.equal(got.text, body);
}

describe('hostile keys (raw HTTP)', () => {
  it('`../x` and `a/../../etc/passwd` are plain keys: stored, served and listed as sent, nothing outside the drives', async () => {
    const base = dirname(server.drives[0]!);
    const beforeEntries = (await readdir(base)).sort();
    await roundTrip('../x', 'dot dot x');
    await roundTrip('a/../../etc/passwd', 'not a password file');
    await roundTrip('./b/./c', 'dots');
    const listed = await listDecoded('');
    for (const key of ['../x', 'a/../../etc/passwd', './b/./c']) assert.ok(listed.includes(key), `${key} missing from ${JSON.stringify(listed)}`);
    assert.deepEqual((await readdir(base)).sort(), beforeEntries, 'something was written next to the drives');
    // Distinct from the normalised spelling.
    const normal = await signedRequest(server, { method: 'GET', path: encodeKeyPath(BUCKET, 'x') });
    assert.equal(normal.status, 404);
  });

  it('keys with control characters (\\x01, \\x7f, tab, newline) round-trip and list with encoding-type=url', async () => {
    const keys = ['ctl/\x01start', 'ctl/del\x7fchar', 'ctl/tab\there', 'ctl/new\nline', 'ctl/cr\rreturn'];
    for (const key of keys) await roundTrip(key, `body ${JSON.stringify(key)}`);
    const listed = await listDecoded('ctl/');
    assert.deepEqual(listed, [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  });

  it('a 1,024-byte key is accepted and a 1,025-byte key is 400 KeyTooLongError', async () => {
    const ok = 'k/' + 'é'.repeat(511); // 2 + 1022 = 1,024 bytes of UTF-8
    assert.equal(Buffer.byteLength(ok), 1024);
    await roundTrip(ok, 'longest');
    const tooLong = ok + 'z';
    assert.equal(Buffer.byteLength(tooLong), 1025);
    const res = await signedRequest(server, { method: 'PUT', path: encodeKeyPath(BUCKET, tooLong), body: 'x' });
    assert.equal(res.status, 400, res.text);
    assert.equal(xmlValue(res.text, 'Code'), 'KeyTooLongError', res.text);
    const multipart = await signedRequest(server, { method: 'POST', path: `${encodeKeyPath(BUCKET, tooLong)}?uploads=` });
    assert.equal(multipart.status, 400, multipart.text);
    assert.equal(xmlValue(multipart.text, 'Code'), 'KeyTooLongError', multipart.text);
  });

  it('a key that is not valid UTF-8 is refused with 400, never 500', async () => {
    for (const path of [`/${BUCKET}/bad%C3%28utf8`, `/${BUCKET}/lone%FF`, `/${BUCKET}/half%E6%97`]) {
      const res = await signedRequest(server, { method: 'PUT', path, body: 'x' });
      assert.equal(res.status, 400, `${path}: ${res.status} ${res.text}`);
    }
  });

  it('a key with a NUL byte is either refused with 400 or stored and served intact, never 500', async () => {
    const path = `/${BUCKET}/nul%00byte`;
    const res = await signedRequest(server, { method: 'PUT', path, body: 'nul' });
    assert.ok(res.status === 400 || res.status === 200, `${res.status} ${res.text}`);
    const got = await signedRequest(server, { method: 'GET', path });
    if (res.status === 200) assert.equal(got.text, 'nul');
    else assert.equal(got.status < 500, true, `${got.status} ${got.text}`);
  });

  it('percent-encoded slashes and plus signs are distinct keys', async () => {
    await roundTrip('enc/a+b', 'plus');
    await roundTrip('enc/a b', 'space');
    await roundTrip('enc/a%2Fb', 'literal percent');
    const listed = await listDecoded('enc/');
    assert.deepEqual(listed, ['enc/a b', 'enc/a%2Fb', 'enc/a+b']);
  });
});

describe('hostile bucket names and sizes (raw HTTP)', () => {
  it('dot-segment and malformed bucket names are refused, never 500', async () => {
    for (const path of ['/..', '/.', '/a..b', '/%2e%2e', '/bucket%2Fslash', '/.hidden']) {
      const res = await signedRequest(server, { method: 'PUT', path });
      assert.equal(res.status, 400, `PUT ${path}: ${res.status} ${res.text}`);
      assert.equal(xmlValue(res.text, 'Code'), 'InvalidBucketName', `PUT ${path}: ${res.text}`);
    }
    const base = dirname(server.drives[0]!);
    const res = await signedRequest(server, { method: 'GET', path: '/../drive1' });
    assert.ok(res.status === 400 || res.status === 404, `GET /../drive1: ${res.status} ${res.text}`);
    assert.ok((await readdir(base)).length >= 1);
  });

  it('user metadata over 2 KB is 400 MetadataTooLarge', async () => {
    const res = await signedRequest(server, { method: 'PUT', path: encodeKeyPath(BUCKET, 'meta-big'), body: 'x', headers: { 'x-amz-meta-big': 'v'.repeat(2100) } });
    assert.equal(res.status, 400, res.text);
    assert.equal(xmlValue(res.text, 'Code'), 'MetadataTooLarge', res.text);
    const ok = await signedRequest(server, { method: 'PUT', path: encodeKeyPath(BUCKET, 'meta-ok'), body: 'x', headers: { 'x-amz-meta-fits': 'v'.repeat(1500) } });
    assert.equal(ok.status, 200, ok.text);
  });

  it('a single PUT declaring more than 5 GiB is 400 EntityTooLarge without waiting for the body', async () => {
    const path = encodeKeyPath(BUCKET, 'too-large');
    const declared = 5 * 1024 ** 3 + 1;
    const signed = signFor(server, { method: 'PUT', path, headers: { 'content-length': String(declared) }, payloadHash: UNSIGNED_PAYLOAD });
    const socket = await openSocket(server.port);
    try {
      socket.write(requestHead('PUT', path, signed.headers));
      socket.write(Buffer.alloc(1024));
      const res = await readSocketResponse(socket, { isHead: false, timeoutMs: 10_000 });
      assert.equal(res.status, 400, res.body.toString());
      assert.equal(xmlValue(res.body.toString(), 'Code'), 'EntityTooLarge');
    } finally {
      socket.destroy();
    }
  });
});
