/**
 * Raw HTTP robustness: truncated bodies, clients that vanish mid-upload, oversized and garbage
 * request heads, malformed XML bodies, HEAD responses without a body and keep-alive after HEAD,
 * clients that vanish mid-download beside complete downloads of the same object.
 * Nothing half-written may become visible, and the server must stay healthy.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, type CairnServer } from '../helpers/server.js';
import { openSocket, readSocketResponse, readUntilClose, requestHead, sleep, xmlValue } from '../helpers/raw-http.js';
import { signedRequest, signFor } from '../helpers/signed-request.js';
import { encodeKeyPath, sha256Hex, UNSIGNED_PAYLOAD } from '../helpers/sigv4-signer.js';
import { diskUsage, randomPayload } from '../helpers/files.js';

const BUCKET = 'raw-robust';
const MiB = 1024 * 1024;
let server: CairnServer;

before(async () => {
  server = await startServer({ drives: 4 });
  const made = await signedRequest(server, { method: 'PUT', path: `/${BUCKET}` });
  assert.equal(made.status, 200, made.text);
});

after(async () => {
  await server?.stop();
});

async function put(key: string, body: string | Buffer): Promise<void> {
  const res = await signedRequest(server, { method: 'PUT', path: encodeKeyPath(BUCKET, key), body });
  assert.equal(res.status, 200, res.text);
}

async function get(key: string): Promise<{ status: number; body: Buffer }> {
  return signedRequest(server, { method: 'GET', path: encodeKeyPath(BUCKET, key) });
}

async function assertHealthy(): Promise<void> {
  assert.ok(server.isRunning(), `server died:\n${server.output().slice(-3000)}`);
  const key = `health-${Date.now()}-${Math.random()}`;
  await put(key, 'still alive');
  assert.equal((await get(key)).body.toString(), 'still alive');
}

/** Sends a PUT head declaring `declared` bytes, writes `sent` bytes, then ends or destroys the socket. */
async function partialPut(key: string, opts: { declared: number; sent: number; how: 'end' | 'destroy'; signedHash?: string }): Promise<{ data: string }> {
  const path = encodeKeyPath(BUCKET, key);
  const signed = signFor(server, { method: 'PUT', path, headers: { 'content-length': String(opts.declared) }, payloadHash: opts.signedHash ?? UNSIGNED_PAYLOAD });
  const socket = await openSocket(server.port);
  const reply = readUntilClose(socket, 15_000);
  socket.write(requestHead('PUT', path, signed.headers));
  const block = randomPayload(256 * 1024);
  let written = 0;
  while (written < opts.sent && !socket.destroyed) {
    const n = Math.min(block.length, opts.sent - written);
    if (!socket.write(block.subarray(0, n))) await new Promise((r) => socket.once('drain', r));
    written += n;
  }
  if (opts.how === 'end') socket.end();
  else { await sleep(50); socket.destroy(); }
  const { data } = await reply;
  return { data };
}

describe('incomplete uploads (raw sockets)', () => {
  it('a body shorter than Content-Length (then close) stores nothing', async () => {
    const { data } = await partialPut('truncated', { declared: 100_000, sent: 50_000, how: 'end' });
    if (data.length > 0) assert.match(data, /^HTTP\/1\.1 400 /, `unexpected reply: ${data.slice(0, 300)}`);
    await sleep(300);
    assert.equal((await get('truncated')).status, 404);
    await assertHealthy();
  });

  it('a body shorter than a data-dir-sized Content-Length (then close) stores nothing and the server lives', async () => {
    // above any inline threshold: the body streams to shard files, the handler answers 400, then the socket closes
    const { data } = await partialPut('truncated-large', { declared: 300_000, sent: 50_000, how: 'end' });
    // partialPut returns once the server answered and closed: the request is over, nothing can commit after.
    if (data.length > 0) assert.match(data, /^HTTP\/1\.1 400 /, `unexpected reply: ${data.slice(0, 300)}`);
    assert.equal((await get('truncated-large')).status, 404);
    await assertHealthy();
  });

  it('a truncated body with a signed payload hash stores nothing', async () => {
    const full = randomPayload(100_000);
    const { data } = await partialPut('truncated-signed', { declared: full.length, sent: 60_000, how: 'end', signedHash: sha256Hex(full) });
    if (data.length > 0) assert.match(data, /^HTTP\/1\.1 400 /, `unexpected reply: ${data.slice(0, 300)}`);
    await sleep(300);
    assert.equal((await get('truncated-signed')).status, 404);
  });

  it('a client that disconnects mid-way through a 64 MiB upload leaves the old object and no partial data', async () => {
    await put('disconnect', 'the old object');
    const usageBefore = await diskUsage(server.drives);
    await partialPut('disconnect', { declared: 64 * MiB, sent: 12 * MiB, how: 'destroy' });
    const got = await get('disconnect');
    assert.equal(got.status, 200);
    assert.equal(got.body.toString(), 'the old object');
    await assertHealthy();
    // Partial shard data must be cleaned up once the request is aborted (allow a few seconds).
    let grown = Infinity;
    for (let i = 0; i < 20 && grown > 2 * MiB; i++) {
      await sleep(250);
      grown = (await diskUsage(server.drives)) - usageBefore;
    }
    assert.ok(grown <= 2 * MiB, `drives grew by ${grown} bytes after an aborted 12 MiB upload`);
  });

  it('clients that vanish mid-download do not disturb the GETs of the same object running beside them', async () => {
    const data = randomPayload(24 * MiB + 3);
    await put('download-abort', data);
    const path = encodeKeyPath(BUCKET, 'download-abort');
    /** A GET that reads `upTo` body bytes, then destroys its socket. */
    const abortedGet = async (upTo: number): Promise<void> => {
      const signed = signFor(server, { method: 'GET', path, payloadHash: UNSIGNED_PAYLOAD });
      const socket = await openSocket(server.port);
      let seen = 0;
      await new Promise<void>((resolve) => {
        socket.on('data', (c: Buffer) => { seen += c.length; if (seen >= upTo) socket.destroy(); });
        socket.once('close', () => resolve());
        socket.write(requestHead('GET', path, signed.headers));
      });
    };
    // Readers that recycle their frames run beside clients that leave after 0.5-8 MiB.
    const results = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => abortedGet((i + 1) * 1.3 * MiB).then(() => undefined)),
      ...Array.from({ length: 4 }, () => get('download-abort')),
    ]);
    for (const r of results) {
      if (r === undefined) continue;
      assert.equal(r.status, 200);
      assert.ok(r.body.equals(data), 'a complete GET returned other bytes');
    }
    assert.ok((await get('download-abort')).body.equals(data));
    await assertHealthy();
  });

  it('many aborted uploads in parallel leave the server healthy', async () => {
    await Promise.all(Array.from({ length: 8 }, (_, i) =>
      partialPut(`parallel-abort-${i}`, { declared: 8 * MiB, sent: 1 * MiB + i * 1000, how: i % 2 ? 'destroy' : 'end' })));
    for (let i = 0; i < 8; i++) assert.equal((await get(`parallel-abort-${i}`)).status, 404);
    await assertHealthy();
  });
});

describe('hostile request heads (raw sockets)', () => {
  it('oversized headers get 431 or 400, never 500', async () => {
    const socket = await openSocket(server.port);
    const reply = readUntilClose(socket, 10_000);
    socket.write(`GET /${BUCKET} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Huge: ${'a'.repeat(128 * 1024)}\r\n\r\n`);
    const { data } = await reply;
    socket.destroy();
    assert.match(data, /^HTTP\/1\.[01] (431|400) /, `reply: ${data.slice(0, 200)}`);
    await assertHealthy();
  });

  it('a garbage request line gets 400, never 500', async () => {
    const socket = await openSocket(server.port);
    const reply = readUntilClose(socket, 10_000);
    socket.write('THIS IS NOT HTTP\r\n\r\n');
    const { data } = await reply;
    socket.destroy();
    assert.match(data, /^HTTP\/1\.[01] 400 /, `reply: ${data.slice(0, 200)}`);
    await assertHealthy();
  });
});

describe('malformed XML bodies (raw HTTP)', () => {
  const md5 = (s: string): string => createHash('md5').update(s).digest('base64');

  for (const [name, body] of [
    ['unclosed', '<Delete><Object><Key>a</Key></Object>'],
    ['not xml', 'this is not xml at all'],
    ['wrong root', '<Remove><Object><Key>a</Key></Object></Remove>'],
    ['entity expansion', '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><Delete><Object><Key>&c;</Key></Object></Delete>'],
  ] as const) {
    it(`DeleteObjects with ${name} XML is 400 MalformedXML`, async () => {
      const res = await signedRequest(server, { method: 'POST', path: `/${BUCKET}?delete=`, body, headers: { 'content-md5': md5(body), 'content-type': 'application/xml' } });
      assert.equal(res.status, 400, res.text);
      assert.equal(xmlValue(res.text, 'Code'), 'MalformedXML', res.text);
    });
  }

  for (const [name, body] of [
    ['unclosed', '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber>'],
    ['not xml', '{"Parts": []}'],
    ['no parts', '<CompleteMultipartUpload></CompleteMultipartUpload>'],
    ['non-numeric part number', '<CompleteMultipartUpload><Part><PartNumber>one</PartNumber><ETag>"x"</ETag></Part></CompleteMultipartUpload>'],
  ] as const) {
    it(`CompleteMultipartUpload with ${name} XML is 400 MalformedXML`, async () => {
      const created = await signedRequest(server, { method: 'POST', path: `${encodeKeyPath(BUCKET, 'mpu-xml')}?uploads=` });
      assert.equal(created.status, 200, created.text);
      const uploadId = xmlValue(created.text, 'UploadId');
      assert.ok(uploadId);
      const res = await signedRequest(server, { method: 'POST', path: `${encodeKeyPath(BUCKET, 'mpu-xml')}?uploadId=${encodeURIComponent(uploadId)}`, body });
      assert.equal(res.status, 400, res.text);
      assert.equal(xmlValue(res.text, 'Code'), 'MalformedXML', res.text);
    });
  }
});

describe('HEAD and keep-alive (raw sockets)', () => {
  it('a HEAD error has headers only, and the connection serves the next request', async () => {
    await put('keepalive', 'kept alive');
    const socket = await openSocket(server.port);
    try {
      const head = signFor(server, { method: 'HEAD', path: encodeKeyPath(BUCKET, 'missing-for-head') });
      socket.write(requestHead('HEAD', encodeKeyPath(BUCKET, 'missing-for-head'), head.headers));
      const r1 = await readSocketResponse(socket, { isHead: true });
      assert.equal(r1.status, 404);
      await sleep(300);
      assert.equal(r1.leftover.length, 0, `HEAD sent body bytes: ${JSON.stringify(r1.leftover.toString('latin1').slice(0, 200))}`);
      assert.notEqual(r1.headers['connection'], 'close');

      const okHead = signFor(server, { method: 'HEAD', path: encodeKeyPath(BUCKET, 'keepalive') });
      socket.write(requestHead('HEAD', encodeKeyPath(BUCKET, 'keepalive'), okHead.headers));
      const r2 = await readSocketResponse(socket, { isHead: true });
      assert.equal(r2.status, 200);
      assert.equal(r2.headers['content-length'], '10');
      assert.equal(r2.leftover.length, 0);

      const getReq = signFor(server, { method: 'GET', path: encodeKeyPath(BUCKET, 'keepalive') });
      socket.write(requestHead('GET', encodeKeyPath(BUCKET, 'keepalive'), getReq.headers));
      const r3 = await readSocketResponse(socket, { isHead: false });
      assert.equal(r3.status, 200);
      assert.equal(r3.body.toString(), 'kept alive');
    } finally {
      socket.destroy();
    }
  });

  it('an error response to a GET keeps the connection usable', async () => {
    const socket = await openSocket(server.port);
    try {
      const miss = signFor(server, { method: 'GET', path: encodeKeyPath(BUCKET, 'nope') });
      socket.write(requestHead('GET', encodeKeyPath(BUCKET, 'nope'), miss.headers));
      const r1 = await readSocketResponse(socket, { isHead: false });
      assert.equal(r1.status, 404);
      assert.equal(xmlValue(r1.body.toString(), 'Code'), 'NoSuchKey');
      assert.equal(xmlValue(r1.body.toString(), 'Key'), 'nope');
      const ok = signFor(server, { method: 'GET', path: encodeKeyPath(BUCKET, 'keepalive') });
      socket.write(requestHead('GET', encodeKeyPath(BUCKET, 'keepalive'), ok.headers));
      const r2 = await readSocketResponse(socket, { isHead: false });
      assert.equal(r2.status, 200);
      assert.equal(r2.body.toString(), 'kept alive');
    } finally {
      socket.destroy();
    }
  });
});

describe('Expect: 100-continue (raw sockets)', () => {
  /** The first non-1xx response on the socket. */
  async function finalResponse(socket: Awaited<ReturnType<typeof openSocket>>, timeoutMs: number): Promise<{ status: number; body: Buffer; sawContinue: boolean }> {
    let buffered: Buffer | undefined;
    let sawContinue = false;
    for (let i = 0; i < 3; i++) {
      const r = await readSocketResponse(socket, { isHead: false, timeoutMs, buffered });
      if (r.status >= 200) return { status: r.status, body: r.body, sawContinue };
      sawContinue ||= r.status === 100;
      buffered = r.leftover;
    }
    throw new Error('more than two interim responses');
  }

  it('a signed PUT gets 100 Continue, then stores the body', async () => {
    const body = randomPayload(2 * MiB);
    const path = encodeKeyPath(BUCKET, 'expect-continue');
    const signed = signFor(server, { method: 'PUT', path, headers: { 'content-length': String(body.length), expect: '100-continue' }, payloadHash: UNSIGNED_PAYLOAD });
    const socket = await openSocket(server.port);
    try {
      socket.write(requestHead('PUT', path, signed.headers));
      const interim = await readSocketResponse(socket, { isHead: false, timeoutMs: 5000 });
      assert.equal(interim.status, 100);
      const final = (async () => finalResponse(socket, 20_000))();
      socket.write(body);
      const res = await final;
      assert.equal(res.status, 200, res.body.toString());
    } finally {
      socket.destroy();
    }
    const got = await get('expect-continue');
    assert.ok(got.body.equals(body));
  });

  it('a forged PUT with Expect: 100-continue is refused (403) before any body is sent', async () => {
    const path = encodeKeyPath(BUCKET, 'expect-forged');
    const signed = signFor(server, { method: 'PUT', path, headers: { 'content-length': String(8 * MiB), expect: '100-continue' }, payloadHash: UNSIGNED_PAYLOAD, secretKey: 'wrong-secret' });
    const socket = await openSocket(server.port);
    try {
      socket.write(requestHead('PUT', path, signed.headers));
      const res = await finalResponse(socket, 10_000);
      assert.equal(res.status, 403, res.body.toString());
      assert.equal(xmlValue(res.body.toString(), 'Code'), 'SignatureDoesNotMatch');
      assert.equal(res.sawContinue, false, 'the server invited the body of a request it was going to refuse');
    } finally {
      socket.destroy();
    }
    assert.equal((await get('expect-forged')).status, 404);
  });
});

describe('defaults and load (raw HTTP)', () => {
  it('an object PUT without Content-Type is served as binary/octet-stream', async () => {
    await put('no-type', 'untyped');
    const res = await signedRequest(server, { method: 'HEAD', path: encodeKeyPath(BUCKET, 'no-type') });
    assert.equal(res.headers['content-type'], 'binary/octet-stream');
  });

  it('64 concurrent clients writing and reading 200 objects all succeed and read back exactly', async () => {
    const objects = Array.from({ length: 200 }, (_, i) => ({ key: `load/${i}`, body: randomPayload(1000 + i * 517) }));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < objects.length) {
        const o = objects[next++]!;
        await put(o.key, o.body);
        const got = await get(o.key);
        assert.equal(got.status, 200);
        assert.ok(got.body.equals(o.body), `${o.key} differs`);
      }
    };
    await Promise.all(Array.from({ length: 64 }, worker));
    const listed = await signedRequest(server, { method: 'GET', path: `/${BUCKET}?list-type=2&prefix=load%2F` });
    assert.equal(xmlValue(listed.text, 'KeyCount'), '200');
  });
});
