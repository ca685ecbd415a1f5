import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { CHECKSUM_ALGORITHMS, createChecksum, type ChecksumAlgorithm } from './checksums.js';
import { DigestPool, type OffThreadDigest } from './digest-pool.js';
import type { Digests } from './digest-stream.js';

const MiB = 1024 * 1024;

function expected(body: Buffer, algs: readonly ChecksumAlgorithm[]): Digests {
  const checksums: Partial<Record<ChecksumAlgorithm, Buffer>> = {};
  for (const a of algs) {
    const h = createChecksum(a);
    h.update(body);
    checksums[a] = h.digest();
  }
  return { size: body.length, md5: createHash('md5').update(body).digest(), checksums };
}

function assertDigests(got: Digests, want: Digests, what: string): void {
  assert.equal(got.size, want.size, `${what}: size`);
  assert.equal(got.md5.toString('hex'), want.md5.toString('hex'), `${what}: md5`);
  assert.deepEqual(Object.keys(got.checksums).sort(), Object.keys(want.checksums).sort(), `${what}: algorithms`);
  for (const [a, v] of Object.entries(want.checksums)) {
    assert.equal(got.checksums[a as ChecksumAlgorithm]!.toString('hex'), v.toString('hex'), `${what}: ${a}`);
  }
}

/** Feed body in pieces of `piece` bytes, awaiting each update (as writeShards does). */
async function feed(d: OffThreadDigest, body: Buffer, piece: number): Promise<Digests> {
  for (let off = 0; off < body.length; off += piece) await d.update(body.subarray(off, off + piece));
  return d.digests();
}

test('DigestPool: md5 and checksums equal node:crypto / createChecksum for edge sizes', async () => {
  const pool = new DigestPool({ threads: 2 });
  try {
    for (const size of [0, 1, MiB - 1, MiB, 5 * MiB + 7]) {
      const body = randomBytes(size);
      for (const algs of [[], CHECKSUM_ALGORITHMS] as const) {
        const what = `${size} B, [${algs.join(',')}]`;
        // One update of the whole body (split across slots inside) and odd-sized pieces.
        assertDigests(await feed(pool.open(algs), body, Math.max(1, size)), expected(body, algs), `${what} whole`);
        assertDigests(await feed(pool.open(algs), body, 777_777), expected(body, algs), `${what} pieces`);
      }
    }
  } finally {
    await pool.close();
  }
});

test('DigestPool: 40 concurrent digests on 1 thread with 2 slots are all correct; slots bound memory', async () => {
  const slotBytes = 64 * 1024;
  const pool = new DigestPool({ threads: 1, slotBytes, slotsPerThread: 2 });
  try {
    const bodies = Array.from({ length: 40 }, (_, i) => randomBytes(1000 + i * 37_111));
    const results = await Promise.all(bodies.map((b, i) => feed(pool.open(i % 2 ? ['CRC32C', 'SHA256'] : []), b, 100_003)));
    results.forEach((r, i) => assertDigests(r, expected(bodies[i]!, i % 2 ? ['CRC32C', 'SHA256'] : []), `body ${i}`));
    const [w] = pool.workersForTest();
    assert.equal(pool.workersForTest().length, 1);
    assert.equal(w!.slots, 2);
    assert.ok(w!.maxInUse <= 2, `never more than 2 slots in flight (saw ${w!.maxInUse})`);
    assert.equal(w!.maxInUse, 2, 'both slots were used (there was backpressure)');
    assert.equal(w!.inUse, 0, 'every slot was freed');
  } finally {
    await pool.close();
  }
});

test('DigestPool: update resolves once copied, not hashed (the caller may reuse its buffer)', async () => {
  const pool = new DigestPool({ threads: 1, slotBytes: 1024, slotsPerThread: 2 });
  try {
    const d = pool.open(['SHA1']);
    const body = randomBytes(10 * 1024 + 5);
    const original = Buffer.from(body);
    await d.update(body);
    body.fill(0);
    assertDigests(await d.digests(), expected(original, ['SHA1']), 'copied');
    assert.ok(pool.workersForTest()[0]!.maxInUse <= 2);
  } finally {
    await pool.close();
  }
});

test('DigestPool: abort() frees the state and the slots', async () => {
  const pool = new DigestPool({ threads: 1, slotBytes: 4096, slotsPerThread: 2 });
  try {
    const d = pool.open(['CRC64NVME']);
    await d.update(randomBytes(4096 * 2));
    d.abort();
    await assert.rejects(d.update(Buffer.alloc(1)), /aborted|ended/);
    await assert.rejects(d.digests(), /aborted/);
    // A new digest gets both slots back: 10 slot-fulls go through.
    const body = randomBytes(4096 * 10);
    assertDigests(await feed(pool.open([]), body, body.length), expected(body, []), 'after abort');
    assert.equal(pool.workersForTest()[0]!.inUse, 0);
  } finally {
    await pool.close();
  }
});

test('DigestPool: a worker killed mid-digest rejects its digests; a new digest still works', async () => {
  const pool = new DigestPool({ threads: 1, slotBytes: 4096, slotsPerThread: 2 });
  try {
    const d = pool.open(['CRC32']);
    await d.update(randomBytes(5000));
    const [w] = pool.workersForTest();
    const stuck = d.update(randomBytes(4096 * 20)); // waits for slots the dead worker never frees
    await w!.worker.terminate();
    await assert.rejects(stuck, /digest worker/);
    await assert.rejects(d.update(Buffer.alloc(1)), /digest worker/);
    await assert.rejects(d.digests(), /digest worker/);
    const body = randomBytes(3 * 4096 + 1);
    assertDigests(await feed(pool.open(['CRC32']), body, 1000), expected(body, ['CRC32']), 'replacement worker');
    assert.notEqual(pool.workersForTest()[0]!.worker, w!.worker, 'the dead worker was replaced');
  } finally {
    await pool.close();
  }
});

test('DigestPool: close() resolves, rejects open digests, refuses new ones', async () => {
  const pool = new DigestPool({ threads: 2 });
  await pool.close(); // nothing started yet
  const pool2 = new DigestPool({ threads: 2 });
  const d = pool2.open([]);
  await d.update(randomBytes(100));
  await pool2.close();
  await assert.rejects(d.digests(), /digest worker/);
  assert.throws(() => pool2.open([]), /closed/);
  assert.throws(() => new DigestPool({ threads: 0 }), RangeError);
});

test('DigestPool: a body of declared size ends with its last slot; one message each way when it fits one slot', async () => {
  const slotBytes = 64 * 1024;
  const pool = new DigestPool({ threads: 1, slotBytes, slotsPerThread: 2 });
  try {
    for (const size of [0, 1, slotBytes - 1, slotBytes, slotBytes + 1, 5 * slotBytes + 7]) {
      for (const algs of [[], ['CRC32C', 'SHA256']] as const) {
        const body = randomBytes(size);
        assertDigests(await feed(pool.open(algs, size), body, Math.max(1, size)), expected(body, algs), `${size} B whole`);
        assertDigests(await feed(pool.open(algs, size), body, 10_007), expected(body, algs), `${size} B pieces`);
      }
    }
    assert.equal(pool.workersForTest()[0]!.inUse, 0, 'the last slots came back with the digests');

    const d = pool.open(['CRC32'], 50_000);
    const { worker } = pool.workersForTest()[0]!;
    let posted = 0;
    let answered = 0;
    const post = worker.postMessage.bind(worker);
    worker.postMessage = (...a: Parameters<typeof worker.postMessage>) => { posted++; post(...a); };
    const count = () => { answered++; };
    worker.on('message', count);
    const body = randomBytes(50_000);
    await d.update(body);
    assertDigests(await d.digests(), expected(body, ['CRC32']), 'one slot');
    worker.off('message', count);
    assert.equal(posted, 1, 'open, data and end in one message');
    assert.equal(answered, 1, 'the digests carry the slot back');
    assert.equal(pool.workersForTest()[0]!.inUse, 0);
  } finally {
    await pool.close();
  }
});

test('DigestPool: a digest ended by its last update and then dropped or orphaned leaks no slot and no rejection', async () => {
  const slotBytes = 4096;
  const pool = new DigestPool({ threads: 1, slotBytes, slotsPerThread: 2 });
  const unhandled: unknown[] = [];
  const onUnhandled = (r: unknown) => { unhandled.push(r); };
  process.on('unhandledRejection', onUnhandled);
  try {
    const a = pool.open([], 3000);
    await a.update(randomBytes(3000));
    a.abort(); // a failed write drops it before asking for the result
    await assert.rejects(a.update(Buffer.alloc(1)), /ended/, 'nothing past the declared size');
    const b = pool.open(['SHA1'], 10_000);
    await b.update(randomBytes(10_000));
    const body = randomBytes(3 * slotBytes);
    assertDigests(await feed(pool.open([], body.length), body, body.length), expected(body, []), 'after the dropped ones');
    assert.equal(pool.workersForTest()[0]!.inUse, 0, 'every slot came back');

    // The worker dies between the last update and digests(): the orphaned digest (no one asks
    // for it) rejects nowhere; the one asked for answers its digests or the worker's death.
    const c = pool.open(['CRC32C'], 2 * slotBytes);
    const orphan = pool.open([], slotBytes);
    const [w] = pool.workersForTest();
    const cBody = randomBytes(2 * slotBytes);
    await c.update(cBody);
    await orphan.update(randomBytes(slotBytes));
    await w!.worker.terminate();
    const got = await c.digests().then((d) => d, (err: Error) => err);
    if (got instanceof Error) assert.match(got.message, /digest worker/);
    else assertDigests(got, expected(cBody, ['CRC32C']), 'answered before the worker died');
    // Rejections are reported after the turn they happen in: two turns later none was.
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
    await pool.close();
  }
});
