import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { PACKAGE_SIZE, SEALED_PACKAGE_SIZE, sealedRangeOf, type SseCipher } from '../../crypto/index.js';
import { DecryptionFailedError } from '../../errors/domain-errors.js';
import { OpenBatchPool } from './open-batch-pool.js';
import { openChunks, sealChunks, STREAM_HEADER_BYTES, type StreamSealKey } from './sse-body.js';
import { BATCH_PACKAGES, freeBatchesForTest, openChunksOffThread, releasePlainChunk } from './sse-open-batches.js';
import { waitFor } from '../../../test/helpers/wait-for.js';

const MiB = 1024 * 1024;

async function seal(key: StreamSealKey, plain: Buffer): Promise<Buffer> {
  const out: Buffer[] = [];
  async function* one(): AsyncGenerator<Buffer> { yield plain; }
  for await (const c of sealChunks(key, one(), () => {})) out.push(Buffer.from(c)); // each chunk is valid until the next is asked for
  return Buffer.concat(out);
}

/** `bytes` as chunks of `piece` bytes (copies, as a read stream hands out). */
async function* chunked(bytes: Buffer, piece: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += piece) yield Buffer.from(bytes.subarray(at, at + piece));
}

async function collect(it: AsyncIterable<Buffer>): Promise<{ plain: Buffer; error?: unknown; chunks: Buffer[] }> {
  const chunks: Buffer[] = [];
  try {
    for await (const c of it) chunks.push(Buffer.from(c));
  } catch (error) {
    return { plain: Buffer.concat(chunks), error, chunks };
  }
  return { plain: Buffer.concat(chunks), chunks };
}

const pool = new OpenBatchPool({ threads: 2 });
test.after(() => pool.close());

for (const cipher of ['aes-256-gcm', 'chacha20-poly1305'] as const satisfies readonly SseCipher[]) {
  test(`openChunksOffThread (${cipher}): whole streams of every size class equal the plaintext and openChunks`, async () => {
    const key = { objectKey: randomBytes(32), cipher };
    const batch = BATCH_PACKAGES * PACKAGE_SIZE;
    for (const size of [0, 1, PACKAGE_SIZE, PACKAGE_SIZE + 1, batch - 1, batch, batch + 1, 3 * batch + 12345]) {
      const plain = randomBytes(size);
      const stored = await seal(key, plain);
      for (const piece of [size < 2 * PACKAGE_SIZE ? 7 : 4099, 65_536, MiB, stored.length]) {
        const released: Buffer[] = [];
        const got = await collect(openChunksOffThread(pool, key, chunked(stored, piece), {}, undefined, (c) => released.push(c)));
        assert.equal(got.error, undefined, `size ${size} piece ${piece}`);
        assert.ok(got.plain.equals(plain), `size ${size} piece ${piece}: plaintext`);
        assert.equal(released.length, Math.ceil(stored.length / piece), 'every source chunk released');
      }
      const inline = await collect(openChunks(key, chunked(stored, MiB), {}, undefined, () => {}));
      assert.ok(inline.plain.equals(plain));
    }
  });
}

test('openChunksOffThread: ranges (with the IV read apart) give exactly the range', async () => {
  const key = { objectKey: randomBytes(32), cipher: 'aes-256-gcm' as const };
  const plain = randomBytes(5 * MiB + 777);
  const stored = await seal(key, plain);
  const iv = stored.subarray(0, STREAM_HEADER_BYTES);
  for (const [offset, length] of [[0, 1], [1, plain.length - 1], [PACKAGE_SIZE - 1, 2], [3 * MiB + 5, 2 * MiB + 700], [plain.length - 1, 1], [MiB, MiB]]) {
    const r = sealedRangeOf({ plainSize: plain.length, offset: offset!, length: length! });
    const body = stored.subarray(STREAM_HEADER_BYTES + r.sealedOffset, STREAM_HEADER_BYTES + r.sealedOffset + r.sealedLength);
    const range = { firstSequence: r.firstSequence, endsAtFinal: r.endsAtFinal, skip: r.skip, take: r.take };
    const got = await collect(openChunksOffThread(pool, key, chunked(body, 300_000), range, Buffer.from(iv), () => {}));
    assert.equal(got.error, undefined, `${offset}+${length}`);
    assert.ok(got.plain.equals(plain.subarray(offset!, offset! + length!)), `${offset}+${length}`);
  }
});

test('openChunksOffThread: a flipped byte fails at its package, after the verified packages before it, never with its bytes', async () => {
  const key = { objectKey: randomBytes(32), cipher: 'aes-256-gcm' as const };
  const plain = randomBytes(3 * BATCH_PACKAGES * PACKAGE_SIZE);
  const stored = await seal(key, plain);
  const badPackage = BATCH_PACKAGES + 3; // in the second batch
  const bad = Buffer.from(stored);
  bad[STREAM_HEADER_BYTES + badPackage * SEALED_PACKAGE_SIZE + 100]! ^= 1;
  const got = await collect(openChunksOffThread(pool, key, chunked(bad, MiB), {}, undefined, () => {}));
  assert.ok(got.error instanceof DecryptionFailedError, String(got.error));
  assert.match((got.error as DecryptionFailedError).reason, new RegExp(`package ${badPackage} failed authentication`));
  assert.equal(got.plain.length, badPackage * PACKAGE_SIZE);
  assert.ok(got.plain.equals(plain.subarray(0, badPackage * PACKAGE_SIZE)));
});

test('openChunksOffThread: truncation, reordering, appended bytes and a short IV fail cleanly', async () => {
  const key = { objectKey: randomBytes(32), cipher: 'chacha20-poly1305' as const };
  const plain = randomBytes(2 * BATCH_PACKAGES * PACKAGE_SIZE + 10);
  const stored = await seal(key, plain);
  const at = (i: number): number => STREAM_HEADER_BYTES + i * SEALED_PACKAGE_SIZE;
  const swapped = Buffer.from(stored);
  stored.copy(swapped, at(20), at(21), at(22));
  stored.copy(swapped, at(21), at(20), at(21));
  const cases: [string, Buffer][] = [
    ['cut at a package boundary', stored.subarray(0, at(BATCH_PACKAGES))],
    ['cut inside a package', stored.subarray(0, at(5) + 100)],
    ['packages swapped', swapped],
    ['bytes appended', Buffer.concat([stored, randomBytes(40)])],
    ['only the IV', stored.subarray(0, STREAM_HEADER_BYTES)],
    ['shorter than the IV', stored.subarray(0, 20)],
  ];
  for (const [what, bytes] of cases) {
    const got = await collect(openChunksOffThread(pool, key, chunked(bytes, MiB), {}, undefined, () => {}));
    assert.ok(got.error instanceof DecryptionFailedError, `${what}: ${String(got.error)}`);
    assert.ok(plain.subarray(0, got.plain.length).equals(got.plain), `${what}: only verified plaintext`);
  }
});

test('openChunksOffThread: released plaintext chunks are reused for later batches; others are ignored', async () => {
  const key = { objectKey: randomBytes(32), cipher: 'aes-256-gcm' as const };
  const plain = randomBytes(4 * BATCH_PACKAGES * PACKAGE_SIZE);
  const stored = await seal(key, plain);
  const first: Buffer[] = [];
  for await (const c of openChunksOffThread(pool, key, chunked(stored, MiB), {}, undefined, () => {})) first.push(c);
  assert.ok(Buffer.concat(first).equals(plain));
  const before = freeBatchesForTest();
  for (const c of first) { releasePlainChunk(c); releasePlainChunk(c); } // twice: accepted once
  releasePlainChunk(Buffer.alloc(10)); // not ours
  assert.equal(freeBatchesForTest(), before + first.length);
  let offset = 0;
  for await (const c of openChunksOffThread(pool, key, chunked(stored, MiB), {}, undefined, () => {})) {
    assert.ok(c.equals(plain.subarray(offset, offset + c.length)), 'a reused buffer holds the right plaintext');
    offset += c.length;
  }
  assert.equal(offset, plain.length);
  assert.equal(freeBatchesForTest(), before, 'the second pass took the released buffers (and released none)');
});

test('openChunksOffThread: while the consumer holds a chunk, the next batch is read (bounded: 3 sent, 1 filled)', async () => {
  const key = { objectKey: randomBytes(32), cipher: 'aes-256-gcm' as const };
  const batch = BATCH_PACKAGES * SEALED_PACKAGE_SIZE;
  const plain = randomBytes(10 * BATCH_PACKAGES * PACKAGE_SIZE);
  const stored = await seal(key, plain);
  let pulled = 0; // stored bytes the source handed out
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const c of chunked(stored, batch / 4)) { pulled += c.length; yield c; }
  }
  let sent = 0;
  const counting = { open: (...a: Parameters<OpenBatchPool['open']>) => { sent++; return pool.open(...a); } } as unknown as OpenBatchPool;
  const it = openChunksOffThread(counting, key, counted(), {}, undefined, () => {});
  const first = await it.next();
  assert.equal(first.done, false);
  // The consumer is busy (a socket write): read-ahead goes on until its bound.
  await waitFor('the next batch read while the consumer holds its chunk', () => sent === 3 && pulled >= 4 * batch, { intervalMs: 5, timeoutMs: 10_000 });
  await new Promise((r) => setImmediate(r));
  assert.equal(sent, 3, 'the held batch and 2 more are sent, no more');
  assert.ok(pulled >= 4 * batch, `the next batch was read while the consumer held its chunk (${pulled} bytes)`);
  assert.ok(pulled <= 5 * batch, `read ahead is bounded (${pulled} bytes)`);
  const rest: Buffer[] = [Buffer.from(first.value as Buffer)];
  for (let r = await it.next(); r.done !== true; r = await it.next()) rest.push(Buffer.from(r.value));
  assert.ok(Buffer.concat(rest).equals(plain));
});

test('OpenBatchPool: a worker that dies fails its pending batches; the next batch gets a new worker', async () => {
  const key = { objectKey: randomBytes(32), cipher: 'aes-256-gcm' as const };
  const plain = randomBytes(2 * MiB);
  const stored = await seal(key, plain);
  const p = new OpenBatchPool({ threads: 1 });
  try {
    const batch = Buffer.allocUnsafeSlow(SEALED_PACKAGE_SIZE);
    stored.copy(batch, 0, STREAM_HEADER_BYTES, STREAM_HEADER_BYTES + SEALED_PACKAGE_SIZE);
    const pending = p.open({ key: new Uint8Array(32), cipher: 'aes-256-gcm', firstSequence: 0, lastIsFinal: false }, batch, batch.length, Buffer.allocUnsafeSlow(PACKAGE_SIZE));
    const [worker] = p.workersForTest();
    await worker!.terminate();
    await assert.rejects(pending, /SSE open worker exited/);
    const again = await collect(openChunksOffThread(p, key, chunked(stored, MiB), {}, undefined, () => {}));
    assert.equal(again.error, undefined);
    assert.ok(again.plain.equals(plain));
    assert.notEqual(p.workersForTest()[0], worker);
  } finally {
    await p.close();
  }
});

test('OpenBatchPool: a batch or output that does not own its ArrayBuffer, or one buffer for both, is refused (they would be transferred)', async () => {
  const shared = Buffer.allocUnsafeSlow(2 * SEALED_PACKAGE_SIZE);
  const own = Buffer.allocUnsafeSlow(PACKAGE_SIZE);
  const batch = { key: new Uint8Array(32), cipher: 'aes-256-gcm', firstSequence: 0, lastIsFinal: true } as const;
  await assert.rejects(pool.open(batch, shared.subarray(0, 100), 100, own), RangeError);
  await assert.rejects(pool.open(batch, own, 100, shared.subarray(0, PACKAGE_SIZE)), RangeError);
  await assert.rejects(pool.open(batch, own, 100, own), RangeError);
  assert.equal(shared.buffer.byteLength, 2 * SEALED_PACKAGE_SIZE, 'not detached');
  assert.equal(own.buffer.byteLength, PACKAGE_SIZE, 'not detached');
});
