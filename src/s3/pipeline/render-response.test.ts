import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { writeResponse } from './render-response.js';

const CHUNK = 256 * 1024;

/** A body of n chunks and a releaseChunk that records its calls. */
function releasableBody(n: number): { body: Readable; releaseChunk: (c: Buffer) => void; released: Buffer[]; chunks: Buffer[] } {
  const chunks = Array.from({ length: n }, (_, i) => Buffer.alloc(CHUNK, i));
  const released: Buffer[] = [];
  const body = Readable.from(chunks, { objectMode: false });
  return { body, releaseChunk: (c) => { released.push(c); }, released, chunks };
}

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port };
}

test('a releasable body is written whole and each chunk is released exactly once after it was sent', async () => {
  const { body, releaseChunk, released, chunks } = releasableBody(12);
  let written: Promise<void> | undefined;
  const { server, port } = await serve((_req, res) => {
    written = writeResponse(res, { status: 200, headers: { 'content-length': String(12 * CHUNK) }, body, releaseChunk }, false);
  });
  try {
    const got = await new Promise<Buffer>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/' }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve(Buffer.concat(parts)));
        res.on('error', reject);
      }).on('error', reject).end();
    });
    await written;
    assert.ok(got.equals(Buffer.concat(chunks)));
    assert.equal(released.length, chunks.length);
    assert.deepEqual(new Set(released), new Set(chunks));
  } finally {
    server.close();
  }
});

test('a client that goes away mid-body ends the write without an error or a release of unsent chunks', async () => {
  const { body, releaseChunk, released } = releasableBody(64); // 16 MiB: far more than the socket buffers hold
  let written: Promise<void> | undefined;
  const { server, port } = await serve((_req, res) => {
    written = writeResponse(res, { status: 200, headers: { 'content-length': String(64 * CHUNK) }, body, releaseChunk }, false);
  });
  try {
    await new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/' }, (res) => {
        res.once('data', () => { req.destroy(); resolve(); });
      });
      req.on('error', () => undefined); // the destroy we cause
      req.on('close', resolve);
      req.end();
    });
    await written;
    assert.ok(body.destroyed, 'the body stream is destroyed');
    assert.ok(released.length < 64, `released ${released.length} of 64`);
  } finally {
    server.close();
  }
});

/** GET of the test server's single response: status and body. */
function fetchOnce(port: number): Promise<{ status: number; body: Buffer; complete: boolean }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/' }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(parts), complete: res.complete }));
      res.on('error', () => resolve({ status: res.statusCode!, body: Buffer.concat(parts), complete: false }));
    }).on('error', reject).end();
  });
}

test('a small body (declared <= 64 KiB) goes out in one write; its chunks, the very objects pushed, are released once each', async () => {
  for (const sizes of [[65536], [32768, 32768], [10, 20, 30]]) {
    const chunks = sizes.map((n, i) => Buffer.alloc(n, i + 1));
    const released: Buffer[] = [];
    const body = new Readable({ read() { /* pushed below */ } });
    for (const c of chunks) body.push(c); // buffered together: an async iterator would join them
    body.push(null);
    let written: Promise<void> | undefined;
    const total = sizes.reduce((a, b) => a + b, 0);
    const { server, port } = await serve((_req, res) => {
      written = writeResponse(res, { status: 200, headers: { 'content-length': String(total) }, body, releaseChunk: (c) => { released.push(c); } }, false);
    });
    try {
      const got = await fetchOnce(port);
      await written;
      assert.equal(got.status, 200);
      assert.ok(got.body.equals(Buffer.concat(chunks)), `${sizes}: body`);
      assert.equal(released.length, chunks.length, `${sizes}: one release per chunk`);
      assert.ok(released.every((c, i) => c === chunks[i]), `${sizes}: the pushed chunk objects, in order`);
    } finally {
      server.close();
    }
  }
});

test('a small body that fails before its first byte rejects with nothing sent; later, the bytes so far go out and the write rejects', async () => {
  const failing = (before: Buffer[]): Readable => new Readable({
    read() {
      for (const c of before.splice(0)) this.push(c);
      setImmediate(() => this.destroy(new Error('disk gone')));
    },
  });
  // before the first byte: writeResponse rejects and the caller can still answer
  let early: Promise<void> | undefined;
  const a = await serve((_req, res) => {
    early = writeResponse(res, { status: 200, headers: { 'content-length': '100' }, body: failing([]) }, false);
    early.catch(() => { res.statusCode = 500; res.removeHeader('content-length'); res.end('err'); });
  });
  try {
    const got = await fetchOnce(a.port);
    await assert.rejects(early!, /disk gone/);
    assert.equal(got.status, 500);
  } finally {
    a.server.close();
  }
  // after some bytes: they are sent, the response stays short of its length, the write rejects
  let late: Promise<void> | undefined;
  const b = await serve((_req, res) => {
    late = writeResponse(res, { status: 200, headers: { 'content-length': '100' }, body: failing([Buffer.alloc(40, 7)]) }, false);
    late.catch(() => res.destroy());
  });
  try {
    const got = await fetchOnce(b.port).catch(() => ({ status: 0, body: Buffer.alloc(0), complete: false }));
    await assert.rejects(late!, /disk gone/);
    assert.ok(!got.complete, 'the client sees a cut response, not a complete one');
  } finally {
    b.server.close();
  }
  // longer than declared: rejected, the stream destroyed
  const over = Readable.from([Buffer.alloc(60), Buffer.alloc(60)], { objectMode: false });
  let long: Promise<void> | undefined;
  const c = await serve((_req, res) => {
    long = writeResponse(res, { status: 200, headers: { 'content-length': '100' }, body: over }, false);
    long.catch(() => res.destroy());
  });
  try {
    await fetchOnce(c.port).catch(() => undefined);
    await assert.rejects(long!, /exceeds its declared length 100/);
    assert.ok(over.destroyed);
  } finally {
    c.server.close();
  }
});

test('a body of chunks in memory goes out in order with their total as Content-Length, each chunk released once after it was sent; HEAD sends none', async () => {
  const chunks = [Buffer.alloc(CHUNK, 1), Buffer.alloc(1000, 2), Buffer.alloc(CHUNK, 3)];
  const released: Buffer[] = [];
  const releaseChunk = (c: Buffer): void => { released.push(c); };
  let head = false;
  const { server, port } = await serve((req, res) => {
    head = req.method === 'HEAD';
    void writeResponse(res, { status: 200, headers: { 'content-length': String(2 * CHUNK + 1000) }, body: chunks, releaseChunk }, head);
  });
  const fetchOnce = (method: string): Promise<{ length: string | undefined; body: Buffer }> => new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/', method }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ length: res.headers['content-length'], body: Buffer.concat(parts) }));
      res.on('error', reject);
    }).on('error', reject).end();
  });
  try {
    const got = await fetchOnce('GET');
    assert.equal(got.length, String(2 * CHUNK + 1000));
    assert.ok(got.body.equals(Buffer.concat(chunks)));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(released, chunks, 'each chunk released once, in order');
    released.length = 0;
    const headed = await fetchOnce('HEAD');
    assert.equal(headed.body.length, 0);
    assert.deepEqual(released, [], 'nothing written, nothing released');
  } finally {
    server.close();
  }
});

test('a body in memory goes out with its whole head at once: the base headers, the handler headers, its own length (told to the trace), headers set before merged', async () => {
  const base = ['x-amz-request-id', 'ABCDEF0123456789', 'x-amz-id-2', 'host-id', 'server', 'Cairn'];
  const told: number[] = [];
  const lengthTo = { responseLength: (n: number): void => { told.push(n); } };
  const cases: Array<{ out: Parameters<typeof writeResponse>[1]; isHead?: boolean; expect: Record<string, string | undefined>; body: string }> = [
    // a Buffer: its own length replaces the handler's
    { out: { status: 200, headers: { etag: '"e"', 'content-length': '999', 'x-amz-meta-m': ['a', 'b'] }, body: Buffer.from('four') }, expect: { etag: '"e"', 'content-length': '4', 'x-amz-meta-m': 'a, b' }, body: 'four' },
    // an XML string: application/xml unless the handler named a type
    { out: { status: 200, body: '<a/>' }, expect: { 'content-type': 'application/xml', 'content-length': '4' }, body: '<a/>' },
    { out: { status: 200, headers: { 'Content-Type': 'text/plain' }, body: 'é' }, expect: { 'content-type': 'text/plain', 'content-length': '2' }, body: 'é' },
    // no body: Content-Length 0 unless declared; HEAD keeps the declared length and sends nothing
    { out: { status: 200 }, expect: { 'content-length': '0' }, body: '' },
    { out: { status: 200, headers: { 'content-length': '12' } }, isHead: true, expect: { 'content-length': '12' }, body: '' },
    { out: { status: 204 }, expect: { 'content-length': undefined }, body: '' },
  ];
  for (const c of cases) {
    const { server, port } = await serve((req, res) => {
      res.setHeader('access-control-allow-origin', '*'); // set earlier (CORS): merged with the head
      void writeResponse(res, c.out, c.isHead === true, { base, lengthTo });
    });
    try {
      const got = await new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/', method: c.isHead === true ? 'HEAD' : 'GET' }, (res) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
          res.on('error', reject);
        }).on('error', reject).end();
      });
      assert.equal(got.status, c.out.status);
      assert.equal(got.headers['x-amz-request-id'], 'ABCDEF0123456789');
      assert.equal(got.headers['x-amz-id-2'], 'host-id');
      assert.equal(got.headers.server, 'Cairn');
      assert.equal(got.headers['access-control-allow-origin'], '*');
      for (const [name, value] of Object.entries(c.expect)) assert.equal(got.headers[name], value, `${name} of ${JSON.stringify(c.out.headers)}`);
      assert.equal(got.body, c.body);
    } finally {
      server.close();
    }
  }
  assert.deepEqual(told, [4, 4, 2, 0, 12]);
});

test('a stream body keeps its head unsent until its first byte: one that fails first can still be answered with an error', async () => {
  const base = ['x-amz-request-id', 'ABCDEF0123456789', 'x-amz-id-2', 'host-id', 'server', 'Cairn'];
  const failing = new Readable({ read() { setImmediate(() => this.destroy(new Error('disk gone'))); } });
  let written: Promise<void> | undefined;
  let sentBeforeError: boolean | undefined;
  const { server, port } = await serve((_req, res) => {
    written = writeResponse(res, { status: 200, headers: { 'content-length': String(1 << 20) }, body: failing }, false, { base });
    written.catch(() => { sentBeforeError = res.headersSent; res.statusCode = 503; res.setHeader('content-length', 0); res.end(); });
  });
  try {
    const got = await new Promise<{ status: number; id: string | string[] | undefined }>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/' }, (res) => { res.resume(); res.on('end', () => resolve({ status: res.statusCode ?? 0, id: res.headers['x-amz-request-id'] })); }).on('error', reject).end();
    });
    await assert.rejects(written!, /disk gone/);
    assert.equal(sentBeforeError, false);
    assert.equal(got.status, 503);
    assert.equal(got.id, 'ABCDEF0123456789');
  } finally {
    server.close();
  }
});
