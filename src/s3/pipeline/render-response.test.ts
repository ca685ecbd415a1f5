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
