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

/** A copy of `bytes` in shared memory, at an offset inside its SharedArrayBuffer (as a frame's data after its header). */
function inShared(bytes: Buffer): Buffer {
  const b = Buffer.from(new SharedArrayBuffer(bytes.length + 4), 4, bytes.length);
  bytes.copy(b);
  return b;
}

type SourceKind = 'copies' | 'shared' | 'mixed';

/** chunked, with the chunks in ordinary memory, in shared memory (frames of a GET), or alternating. */
async function* chunkedAs(kind: SourceKind, bytes: Buffer, piece: number): AsyncGenerator<Buffer> {
  let i = 0;
  for await (const c of chunked(bytes, piece)) yield kind === 'copies' || (kind === 'mixed' && i++ % 2 === 0) ? c : inShared(c);
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
  test(`openChunksOffThread (${cipher}): whole streams of every size class, from chunks in shared memory or not, equal the plaintext and openChunks`, async () => {
    const key = { objectKey: randomBytes(32), cipher };
    const batch = BATCH_PACKAGES * PACKAGE_SIZE;
    for (const size of [0, 1, PACKAGE_SIZE, PACKAGE_SIZE + 1, batch - 1, batch, batch + 1, 3 * batch + 12345]) {
      const plain = randomBytes(size);
      const stored = await seal(key, plain);
      for (const kind of ['copies', 'shared', 'mixed'] as const) {
        for (const piece of [size < 2 * PACKAGE_SIZE ? 7 : 4099, 65_536, MiB, stored.length]) {
          const released: Buffer[] = [];
          const got = await collect(openChunksOffThread(pool, key, chunkedAs(kind, stored, piece), {}, undefined, (c) => released.push(c)));
          assert.equal(got.error, undefined, `size ${size} piece ${piece} ${kind}`);
          assert.ok(got.plain.equals(plain), `size ${size} piece ${piece} ${kind}: plaintext`);
          await waitFor('every source chunk released', () => released.length === Math.ceil(stored.length / piece), { intervalMs: 1, timeoutMs: 5_000 });
          assert.equal(new Set(released).size, released.length, 'each once');
        }
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

test('openChunksOffThread: a chunk in shared memory is released only once every batch that covers it was answered', async () => {
  const key = { objectKey: randomBytes(32), cipher: 'aes-256-gcm' as const };
  const batchBytes = BATCH_PACKAGES * SEALED_PACKAGE_SIZE;
  const plain = randomBytes(3 * BATCH_PACKAGES * PACKAGE_SIZE);
  const stored = await seal(key, plain);
  // Chunks of 1.5 batches: chunk 0 ends in batch 1, chunk 1 spans batches 1 and 2.
  const chunks: Buffer[] = [];
  for (let at = 0; at < stored.length; at += batchBytes * 1.5) chunks.push(inShared(stored.subarray(at, at + batchBytes * 1.5)));
  // Answers held back until the test lets them go, in an order it chooses (two workers can answer out of order).
  const held: { go: () => void; answered: boolean }[] = [];
  const delaying = {
    open: (...a: Parameters<OpenBatchPool['open']>) => {
      const answer = pool.open(...a);
      return new Promise((resolve, reject) => {
        const h = { go: () => { answer.then((v) => { h.answered = true; resolve(v); }, reject); }, answered: false };
        held.push(h);
      });
    },
  } as unknown as OpenBatchPool;
  /** Once batch i's answer reached the filler, the turn after it (every release it could trigger has run). */
  const afterAnswer = async (i: number): Promise<void> => {
    await waitFor(`batch ${i} answered`, () => held[i]!.answered, { intervalMs: 1, timeoutMs: 5_000 });
    await new Promise((r) => setImmediate(r));
  };
  const released: Buffer[] = [];
  async function* source(): AsyncGenerator<Buffer> { yield* chunks; }
  const got = collect(openChunksOffThread(delaying, key, source(), {}, undefined, (c) => released.push(c)));
  await waitFor('three batches sent', () => held.length === 3, { intervalMs: 1, timeoutMs: 5_000 });
  held[1]!.go(); // batch 1 answers before batch 0
  await afterAnswer(1);
  assert.deepEqual(released, [], 'chunk 0 (batches 0 and 1) waits for batch 0; chunk 1 for batch 2');
  held[0]!.go();
  await afterAnswer(0);
  assert.deepEqual(released, [chunks[0]], 'chunk 0 released once batches 0 and 1 answered; chunk 1 still covered by batch 2');
  let next = 2; // the rest answer as they are sent
  await waitFor('the rest released', () => {
    while (next < held.length) held[next++]!.go();
    return released.length === chunks.length;
  }, { intervalMs: 1, timeoutMs: 5_000 });
  const result = await got;
  assert.equal(result.error, undefined);
  assert.ok(result.plain.equals(plain));
});

test('openChunksOffThread: a consumer that stops early gets every source chunk released once the sent batches were answered', async () => {
  const key = { objectKey: randomBytes(32), cipher: 'chacha20-poly1305' as const };
  const plain = randomBytes(8 * BATCH_PACKAGES * PACKAGE_SIZE);
  const stored = await seal(key, plain);
  const released: Buffer[] = [];
  let pulled = 0;
  async function* source(): AsyncGenerator<Buffer> {
    for await (const c of chunkedAs('shared', stored, 300_000)) { pulled++; yield c; }
  }
  for await (const c of openChunksOffThread(pool, key, source(), {}, undefined, (x) => released.push(x))) {
    assert.ok(c.equals(plain.subarray(0, c.length)));
    break;
  }
  await waitFor('every chunk pulled is released', () => released.length === pulled, { intervalMs: 1, timeoutMs: 5_000 });
  assert.ok(pulled < Math.ceil(stored.length / 300_000), `stopped early (${pulled} chunks pulled)`);
  assert.equal(new Set(released).size, released.length, 'each once');
});

test('OpenBatchPool: a worker that dies fails its pending batches; the next batch gets a new worker', async () => {
  const key = { objectKey: randomBytes(32), cipher: 'aes-256-gcm' as const };
  const plain = randomBytes(2 * MiB);
  const stored = await seal(key, plain);
  const p = new OpenBatchPool({ threads: 1 });
  try {
    const batch = inShared(stored.subarray(STREAM_HEADER_BYTES, STREAM_HEADER_BYTES + SEALED_PACKAGE_SIZE));
    const pending = p.open({ key: new Uint8Array(32), cipher: 'aes-256-gcm', firstSequence: 0, lastIsFinal: false }, [batch], Buffer.allocUnsafeSlow(PACKAGE_SIZE));
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

test('OpenBatchPool: stored bytes outside shared memory, or an output that does not own its ArrayBuffer (it is transferred), are refused', async () => {
  const own = Buffer.allocUnsafeSlow(PACKAGE_SIZE);
  const sliced = Buffer.allocUnsafeSlow(2 * PACKAGE_SIZE).subarray(0, PACKAGE_SIZE);
  const stored = inShared(Buffer.alloc(100));
  const batch = { key: new Uint8Array(32), cipher: 'aes-256-gcm', firstSequence: 0, lastIsFinal: true } as const;
  await assert.rejects(pool.open(batch, [stored, Buffer.alloc(100)], own), RangeError);
  await assert.rejects(pool.open(batch, [stored], sliced), RangeError);
  await assert.rejects(pool.open(batch, [stored], inShared(Buffer.alloc(PACKAGE_SIZE))), RangeError);
  assert.equal(own.buffer.byteLength, PACKAGE_SIZE, 'not detached');
  assert.equal(sliced.buffer.byteLength, 2 * PACKAGE_SIZE, 'not detached');
});
