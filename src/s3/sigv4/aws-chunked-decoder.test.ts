/**
 * aws-chunked decoding: the AWS streaming example end to end, signed and unsigned trailers,
 * tampering, truncation, length mismatches, hostile framing, and byte-at-a-time delivery.
 * Expected signatures are computed here independently with node:crypto.
 */
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { isS3Error } from '../../errors/s3-error.js';
import { decodeBody } from './decode-body.js';
import type { AuthResult, StreamingSigningContext } from './types.js';

const SK = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
const hmac = (k: Buffer | string, d: string): Buffer => createHmac('sha256', k).update(d).digest();

function key(): Buffer {
  return hmac(hmac(hmac(hmac('AWS4' + SK, '20130524'), 'us-east-1'), 's3'), 'aws4_request');
}

const CTX: StreamingSigningContext = {
  signingKey: key(),
  seedSignature: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
  amzDate: '20130524T000000Z',
  scope: '20130524/us-east-1/s3/aws4_request',
};

function auth(payload: AuthResult['payload'], expectedTrailers: string[] = [], signing: StreamingSigningContext | null = CTX): AuthResult {
  return { accessKey: 'AK', anonymous: false, version: 4, payload, signing: signing ?? undefined, method: 'header', expectedTrailers, sessionToken: undefined };
}

function sigOf(prev: string, data: Buffer): string {
  const sts = `AWS4-HMAC-SHA256-PAYLOAD\n${CTX.amzDate}\n${CTX.scope}\n${prev}\n${EMPTY}\n${sha(data)}`;
  return hmac(CTX.signingKey, sts).toString('hex');
}

/** Builds a signed aws-chunked body; returns the body and the final chunk signature. */
function signedBody(chunks: Buffer[], trailers?: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  let prev = CTX.seedSignature;
  for (const c of [...chunks, Buffer.alloc(0)]) {
    const sig = sigOf(prev, c);
    prev = sig;
    parts.push(Buffer.from(`${c.length.toString(16)};chunk-signature=${sig}\r\n`));
    if (c.length > 0) parts.push(c, Buffer.from('\r\n'));
  }
  if (trailers === undefined) {
    parts.push(Buffer.from('\r\n'));
  } else {
    let canonical = '';
    for (const [k, v] of Object.entries(trailers)) {
      parts.push(Buffer.from(`${k}:${v}\r\n`));
      canonical += `${k}:${v}\n`;
    }
    const sts = `AWS4-HMAC-SHA256-TRAILER\n${CTX.amzDate}\n${CTX.scope}\n${prev}\n${sha(canonical)}`;
    parts.push(Buffer.from(`x-amz-trailer-signature:${hmac(CTX.signingKey, sts).toString('hex')}\r\n\r\n`));
  }
  return Buffer.concat(parts);
}

function unsignedBody(chunks: Buffer[], trailers: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const c of chunks) parts.push(Buffer.from(`${c.length.toString(16)}\r\n`), c, Buffer.from('\r\n'));
  parts.push(Buffer.from('0\r\n'));
  for (const [k, v] of Object.entries(trailers)) parts.push(Buffer.from(`${k}:${v}\r\n`));
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

/** Feeds `raw` in pieces of `step` bytes; resolves with the decoded bytes or rejects with the error. */
async function run(raw: Buffer, a: AuthResult, decodedLength: number, step = 8192): Promise<{ data: Buffer; trailers: Record<string, string> }> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < raw.length; i += step) pieces.push(raw.subarray(i, i + step));
  const { body, trailers } = decodeBody(Readable.from(pieces), a, { decodedLength });
  const out: Buffer[] = [];
  for await (const chunk of body) out.push(chunk as Buffer);
  return { data: Buffer.concat(out), trailers: trailers() };
}

async function rejectsWith(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isS3Error(e), `expected S3Error, got ${String(e)}`);
    assert.equal(e.code, code);
    return true;
  });
}

const SIGNED = { kind: 'streaming-signed', trailer: false } as const;
const SIGNED_TRAILER = { kind: 'streaming-signed', trailer: true } as const;
const UNSIGNED_TRAILER = { kind: 'streaming-unsigned-trailer' } as const;

describe('aws-chunked decoder', () => {
  it('decodes the AWS example body (64 KiB + 1 KiB of "a") with its documented signatures', async () => {
    const raw = signedBody([Buffer.alloc(65536, 'a'), Buffer.alloc(1024, 'a')]);
    assert.equal(raw.length, 66824); // the example's Content-Length
    assert.ok(raw.includes('ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648'));
    assert.ok(raw.includes('0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497'));
    assert.ok(raw.includes('b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9'));
    const { data } = await run(raw, auth(SIGNED), 66560);
    assert.deepEqual(data, Buffer.alloc(66560, 'a'));
  });

  it('decodes correctly whatever the network split (1, 3, 7, 100 byte pieces)', async () => {
    const payload = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251));
    const raw = signedBody([payload.subarray(0, 1000), payload.subarray(1000, 2999), payload.subarray(2999)]);
    for (const step of [1, 3, 7, 100]) {
      const { data } = await run(raw, auth(SIGNED), 3000, step);
      assert.deepEqual(data, payload, `step ${step}`);
    }
  });

  it('accepts an empty body (only the final chunk)', async () => {
    const { data } = await run(signedBody([]), auth(SIGNED), 0);
    assert.equal(data.length, 0);
  });

  it('rejects a tampered data byte with SignatureDoesNotMatch', async () => {
    const raw = signedBody([Buffer.alloc(100, 'x')]);
    const i = raw.indexOf('xxxx');
    raw[i] = 'y'.charCodeAt(0);
    await rejectsWith(run(raw, auth(SIGNED), 100), 'SignatureDoesNotMatch');
  });

  it('rejects a wrong seed signature (chunks signed under another request)', async () => {
    const raw = signedBody([Buffer.alloc(10, 'x')]);
    const other = { ...CTX, seedSignature: '0'.repeat(64) };
    await rejectsWith(run(raw, auth(SIGNED, [], other), 10), 'SignatureDoesNotMatch');
  });

  it('rejects reordered chunks (the signature chain breaks)', async () => {
    const a = Buffer.alloc(10, 'a');
    const b = Buffer.alloc(10, 'b');
    const raw = signedBody([a, b]).toString('latin1');
    const head = raw.indexOf('a;chunk-signature=');
    const second = raw.indexOf('a;chunk-signature=', head + 1);
    const final = raw.indexOf('0;chunk-signature=');
    const swapped = raw.slice(0, head) + raw.slice(second, final) + raw.slice(head, second) + raw.slice(final);
    await rejectsWith(run(Buffer.from(swapped, 'latin1'), auth(SIGNED), 20), 'SignatureDoesNotMatch');
  });

  it('rejects a chunk header without chunk-signature in signed mode', async () => {
    await rejectsWith(run(Buffer.from('5\r\nhello\r\n0\r\n\r\n'), auth(SIGNED), 5), 'InvalidRequest');
  });

  it('reports a truncated body as IncompleteBody', async () => {
    const raw = signedBody([Buffer.alloc(100, 'x')]);
    for (const cut of [10, 90, 150, raw.length - 3, raw.length - 1]) {
      await rejectsWith(run(raw.subarray(0, cut), auth(SIGNED), 100), 'IncompleteBody');
    }
  });

  it('reports decoded length mismatches as IncompleteBody', async () => {
    const raw = signedBody([Buffer.alloc(100, 'x')]);
    await rejectsWith(run(raw, auth(SIGNED), 101), 'IncompleteBody');
    await rejectsWith(run(raw, auth(SIGNED), 99), 'IncompleteBody');
  });

  it('rejects hostile framing: huge hex size, over-long header line, missing CRLF, bytes after the end', async () => {
    await rejectsWith(run(Buffer.from('fffffffffffffffff;chunk-signature=' + 'a'.repeat(64) + '\r\n'), auth(SIGNED), -1), 'InvalidRequest');
    await rejectsWith(run(Buffer.from('1'.repeat(5000)), auth(SIGNED), -1), 'InvalidRequest');
    await rejectsWith(run(Buffer.from('zz\r\n'), auth(UNSIGNED_TRAILER), -1), 'InvalidRequest');
    await rejectsWith(run(Buffer.from('5\r\nhelloXX0\r\n\r\n'), auth(UNSIGNED_TRAILER), -1), 'InvalidRequest');
    const good = signedBody([Buffer.from('hi')]);
    await rejectsWith(run(Buffer.concat([good, Buffer.from('junk')]), auth(SIGNED), 2), 'InvalidRequest');
  });

  it('streams a large chunk without buffering it whole (declared 64 MiB, sent 1 MiB, then cut)', async () => {
    const header = Buffer.from(`4000000;chunk-signature=${'a'.repeat(64)}\r\n`);
    const { body } = decodeBody(Readable.from([header, Buffer.alloc(1 << 20)]), auth(SIGNED), { decodedLength: -1 });
    let seen = 0;
    await assert.rejects(
      (async () => {
        for await (const c of body) seen += (c as Buffer).length;
      })(),
      (e: unknown) => isS3Error(e) && e.code === 'IncompleteBody',
    );
    assert.equal(seen, 1 << 20); // data flowed through before the chunk ended
  });

  it('verifies signed trailers and exposes them', async () => {
    const raw = signedBody([Buffer.from('hello world')], { 'x-amz-checksum-crc32': 'DUoRhQ==' });
    const { data, trailers } = await run(raw, auth(SIGNED_TRAILER, ['x-amz-checksum-crc32']), 11);
    assert.equal(data.toString(), 'hello world');
    assert.deepEqual(trailers, { 'x-amz-checksum-crc32': 'DUoRhQ==' });
  });

  it('rejects a tampered trailer value and a missing trailer signature', async () => {
    const raw = signedBody([Buffer.from('hello world')], { 'x-amz-checksum-crc32': 'DUoRhQ==' });
    const tampered = Buffer.from(raw.toString('latin1').replace('DUoRhQ==', 'AAAAAA=='), 'latin1');
    await rejectsWith(run(tampered, auth(SIGNED_TRAILER, ['x-amz-checksum-crc32']), 11), 'SignatureDoesNotMatch');
    const noSig = Buffer.from(raw.toString('latin1').replace(/x-amz-trailer-signature:[0-9a-f]+\r\n/, ''), 'latin1');
    await rejectsWith(run(noSig, auth(SIGNED_TRAILER, ['x-amz-checksum-crc32']), 11), 'InvalidRequest');
  });

  it('decodes the unsigned-trailer variant and parses its trailers', async () => {
    const raw = unsignedBody([Buffer.from('abc'), Buffer.from('defgh')], { 'x-amz-checksum-crc32c': 'yZRlqg==' });
    for (const step of [1, 5, 4096]) {
      const { data, trailers } = await run(raw, auth(UNSIGNED_TRAILER, ['x-amz-checksum-crc32c'], null), 8, step);
      assert.equal(data.toString(), 'abcdefgh');
      assert.deepEqual(trailers, { 'x-amz-checksum-crc32c': 'yZRlqg==' });
    }
  });

  it('accepts trailer lines ending in a bare LF', async () => {
    const raw = Buffer.from('3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\n\n');
    const { trailers } = await run(raw, auth(UNSIGNED_TRAILER, ['x-amz-checksum-crc32'], null), 3);
    assert.deepEqual(trailers, { 'x-amz-checksum-crc32': 'NSRBwg==' });
  });

  it('rejects a missing announced trailer and an unannounced one', async () => {
    const none = unsignedBody([Buffer.from('abc')], {});
    await rejectsWith(run(none, auth(UNSIGNED_TRAILER, ['x-amz-checksum-crc32'], null), 3), 'InvalidRequest');
    const other = unsignedBody([Buffer.from('abc')], { 'x-amz-meta-x': '1' });
    await rejectsWith(run(other, auth(UNSIGNED_TRAILER, ['x-amz-checksum-crc32'], null), 3), 'InvalidRequest');
  });

  it('rejects trailers in a non-trailer signed body', async () => {
    const raw = signedBody([Buffer.from('abc')], { 'x-amz-checksum-crc32': 'NSRBwg==' });
    await rejectsWith(run(raw, auth(SIGNED, ['x-amz-checksum-crc32']), 3), 'InvalidRequest');
  });

  it('caps the trailer section size', async () => {
    const raw = Buffer.from('0\r\n' + 'x-amz-checksum-crc32:' + 'A'.repeat(20000) + '\r\n\r\n');
    await rejectsWith(run(raw, auth(UNSIGNED_TRAILER, ['x-amz-checksum-crc32'], null), 0), 'InvalidRequest');
  });
});

describe('decodeBody payload modes', () => {
  it('sha256: passes a matching body, errors XAmzContentSHA256Mismatch otherwise', async () => {
    const body = Buffer.from('Welcome to Amazon S3.');
    const hash = '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072';
    const ok = await run(body, auth({ kind: 'sha256', expectedHex: hash }), body.length, 4);
    assert.deepEqual(ok.data, body);
    await rejectsWith(run(Buffer.from('Welcome to Amazon S4.'), auth({ kind: 'sha256', expectedHex: hash }), 21), 'XAmzContentSHA256Mismatch');
    const empty = await run(Buffer.alloc(0), auth({ kind: 'sha256', expectedHex: EMPTY }), 0);
    assert.equal(empty.data.length, 0);
  });

  it('unsigned and none: the raw stream is returned as is', () => {
    const raw = Readable.from([Buffer.from('x')]);
    assert.equal(decodeBody(raw, auth({ kind: 'unsigned' }), { decodedLength: 1 }).body, raw);
    assert.equal(decodeBody(raw, auth({ kind: 'none' }), { decodedLength: 1 }).body, raw);
  });

  it('streaming-signed without a signing context is refused', () => {
    assert.throws(() => decodeBody(Readable.from([]), auth(SIGNED, [], null), { decodedLength: 0 }), (e: unknown) => isS3Error(e) && e.code === 'InvalidRequest');
  });

  it('leaves the raw stream alive when decoding fails (the caller still answers on it)', async () => {
    const raw = new Readable({ read() {} });
    raw.push(Buffer.from(`5;chunk-signature=${'0'.repeat(64)}\r\nhello\r\n`));
    const { body } = decodeBody(raw, auth(SIGNED), { decodedLength: -1 });
    await rejectsWith((async () => { for await (const _ of body) void _; })(), 'SignatureDoesNotMatch');
    assert.equal(raw.destroyed, false);
    raw.destroy();
  });

  it('fails the decoded stream when the raw stream closes early', async () => {
    const raw = new Readable({ read() {} });
    raw.push(Buffer.from('5\r\nhel'));
    const { body } = decodeBody(raw, auth(UNSIGNED_TRAILER, [], null), { decodedLength: -1 });
    setImmediate(() => raw.destroy());
    await assert.rejects(async () => { for await (const _ of body) void _; }, (e: unknown) => (e as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE');
  });

  it('propagates an error of the raw stream', async () => {
    const raw = new Readable({ read() { this.destroy(new Error('socket reset')); } });
    const { body } = decodeBody(raw, auth({ kind: 'sha256', expectedHex: EMPTY }), { decodedLength: -1 });
    await assert.rejects(async () => { for await (const _ of body) void _; }, /socket reset/);
  });
});
