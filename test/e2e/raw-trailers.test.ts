/**
 * aws-chunked bodies with trailing checksums (STREAMING-UNSIGNED-PAYLOAD-TRAILER), framed by
 * hand: a right trailer stores the object and records its checksum, a wrong or missing one is
 * refused and stores nothing, and a body that disagrees with x-amz-decoded-content-length too.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { crc32, crc32c } from '@node-rs/crc32';
import { startServer, type CairnServer } from '../helpers/server.js';
import { xmlValue } from '../helpers/raw-http.js';
import { signedRequest } from '../helpers/signed-request.js';
import { encodeKeyPath } from '../helpers/sigv4-signer.js';
import { randomPayload } from '../helpers/files.js';

const BUCKET = 'raw-trailers';
const TRAILER_PAYLOAD = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
let server: CairnServer;

before(async () => {
  server = await startServer();
  const made = await signedRequest(server, { method: 'PUT', path: `/${BUCKET}` });
  assert.equal(made.status, 200, made.text);
});

after(async () => {
  await server?.stop();
});

function be32(n: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b.toString('base64');
}

/** Unsigned aws-chunked framing: chunks, the 0-length chunk, then trailer lines and a blank line. */
function framed(chunks: readonly Buffer[], trailers: ReadonlyArray<[string, string]>): Buffer {
  const parts: Buffer[] = [];
  for (const c of chunks) parts.push(Buffer.from(`${c.length.toString(16)}\r\n`), c, Buffer.from('\r\n'));
  parts.push(Buffer.from('0\r\n'));
  for (const [name, value] of trailers) parts.push(Buffer.from(`${name}:${value}\r\n`));
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

async function trailerPut(key: string, opts: {
  chunks: readonly Buffer[]; trailerName: string; trailers: ReadonlyArray<[string, string]>; decodedLength?: number;
}): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  const body = framed(opts.chunks, opts.trailers);
  const decoded = opts.decodedLength ?? opts.chunks.reduce((n, c) => n + c.length, 0);
  return signedRequest(server, {
    method: 'PUT', path: encodeKeyPath(BUCKET, key), body, payloadHash: TRAILER_PAYLOAD,
    headers: {
      'content-encoding': 'aws-chunked',
      'x-amz-trailer': opts.trailerName,
      'x-amz-decoded-content-length': String(decoded),
      'content-length': String(body.length),
    },
  });
}

async function head(key: string, extra: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown> }> {
  return signedRequest(server, { method: 'HEAD', path: encodeKeyPath(BUCKET, key), headers: extra });
}

describe('unsigned aws-chunked trailers (raw HTTP)', () => {
  const chunks = [randomPayload(65_536), randomPayload(65_536), randomPayload(4321)];
  const all = Buffer.concat(chunks);

  for (const [algorithm, value] of [
    ['crc32', be32(crc32(all))],
    ['crc32c', be32(crc32c(all))],
    ['sha256', createHash('sha256').update(all).digest('base64')],
  ] as const) {
    it(`a right x-amz-checksum-${algorithm} trailer stores the object and its checksum`, async () => {
      const key = `ok-${algorithm}`;
      const name = `x-amz-checksum-${algorithm}`;
      const res = await trailerPut(key, { chunks, trailerName: name, trailers: [[name, value]] });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers[name], value);
      const got = await signedRequest(server, { method: 'GET', path: encodeKeyPath(BUCKET, key) });
      assert.ok(got.body.equals(all), 'stored bytes differ');
      const h = await head(key, { 'x-amz-checksum-mode': 'ENABLED' });
      assert.equal(h.headers[name], value);
    });
  }

  it('a wrong trailer checksum is 400 BadDigest and stores nothing', async () => {
    const res = await trailerPut('bad-crc', { chunks, trailerName: 'x-amz-checksum-crc32', trailers: [['x-amz-checksum-crc32', be32(crc32(Buffer.from('other')))]] });
    assert.equal(res.status, 400, res.text);
    assert.equal(xmlValue(res.text, 'Code'), 'BadDigest', res.text);
    assert.equal(xmlValue(res.text, 'Message'), 'The CRC32 you specified did not match the calculated checksum.');
    assert.equal((await head('bad-crc')).status, 404);
  });

  it('a declared trailer that never comes is refused with 400 and stores nothing', async () => {
    const res = await trailerPut('no-trailer', { chunks, trailerName: 'x-amz-checksum-crc32', trailers: [] });
    assert.equal(res.status, 400, res.text);
    assert.equal((await head('no-trailer')).status, 404);
  });

  it('a trailer for a different algorithm than declared is refused with 400', async () => {
    const res = await trailerPut('other-alg', { chunks, trailerName: 'x-amz-checksum-crc32', trailers: [['x-amz-checksum-crc32c', be32(crc32c(all))]] });
    assert.equal(res.status, 400, res.text);
    assert.equal((await head('other-alg')).status, 404);
  });

  it('a body shorter than x-amz-decoded-content-length is refused with 400 and stores nothing', async () => {
    const res = await trailerPut('short', { chunks, decodedLength: all.length + 100, trailerName: 'x-amz-checksum-crc32', trailers: [['x-amz-checksum-crc32', be32(crc32(all))]] });
    assert.equal(res.status, 400, res.text);
    assert.equal((await head('short')).status, 404);
  });

  it('broken chunk framing is refused with 400, never 500', async () => {
    const body = Buffer.from('zz\r\nnot hex\r\n0\r\n\r\n');
    const res = await signedRequest(server, {
      method: 'PUT', path: encodeKeyPath(BUCKET, 'bad-frame'), body, payloadHash: TRAILER_PAYLOAD,
      headers: { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '7', 'content-length': String(body.length) },
    });
    assert.equal(res.status, 400, res.text);
    assert.equal((await head('bad-frame')).status, 404);
  });
});
