import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { IncompleteBodyError, QuorumError, DriveOfflineError } from '../../../src/errors/domain-errors.js';
import { makeSet, chunked, collect, leftovers } from './erasure-harness.js';

const ioError = () => Object.assign(new Error('injected EIO'), { code: 'EIO' });

test('write: 1 of 4 drives failing (EC 2+2, write quorum 3) still succeeds and reads back', async () => {
  const h = await makeSet(4, 2, 1024);
  try {
    const layout = h.set.layoutFor('b', 'k');
    const data = randomBytes(10_000);
    h.drives[1]!.set({ failWrites: ioError() });
    const r = await h.set.writeShards({ layout, path: 'tmp/w1/part.1', body: chunked(data, 3000) });
    assert.deepEqual(r.written, [true, false, true, true]);
    assert.ok(r.errors[1] instanceof Error);
    assert.equal(r.size, 10_000);
    h.drives[1]!.reset();
    assert.equal(await h.drives[1]!.statFile('tmp/w1/part.1'), undefined, 'failed drive has no partial file');
    h.drives[3]!.set({ offline: true });
    assert.ok((await collect(h.set.readShards({ layout, path: 'tmp/w1/part.1', size: data.length }))).equals(data));
  } finally { await h.cleanup(); }
});

test('write: 2 of 4 drives failing (below write quorum 3) fails cleanly and leaves nothing', async () => {
  const h = await makeSet(4, 2, 1024);
  try {
    const layout = h.set.layoutFor('b', 'k');
    h.drives[0]!.set({ failWrites: ioError() });
    h.drives[2]!.set({ offline: true });
    await assert.rejects(h.set.writeShards({ layout, path: 'tmp/w2/part.1', body: chunked(randomBytes(5000), 1000) }),
      (e: unknown) => e instanceof QuorumError && e.kind === 'write' && e.needed === 3 && e.got === 2);
    h.drives[0]!.reset();
    h.drives[2]!.reset();
    assert.deepEqual(await leftovers(h.drives, 'tmp/w2'), [[], [], [], []]);
  } finally { await h.cleanup(); }
});

/** 20,000 random bytes in 1 KiB chunks; before chunk n, `faults[n]` (if any) is applied. */
async function* faultyBody(faults: Record<number, () => void>): AsyncGenerator<Buffer> {
  let n = 0;
  for await (const c of chunked(randomBytes(20_000), 1024)) {
    faults[n]?.();
    n++;
    yield c;
  }
}

test('write: drives failing mid-stream drop out; below quorum everything is removed', async () => {
  const h = await makeSet(4, 2, 1024);
  try {
    const layout = h.set.layoutFor('b', 'k');
    const body = faultyBody({
      5: () => h.drives[3]!.set({ failWrites: ioError() }),
      10: () => h.drives[0]!.set({ failWrites: ioError() }),
    });
    await assert.rejects(h.set.writeShards({ layout, path: 'tmp/w3/part.1', body }), QuorumError);
    h.drives[0]!.reset();
    h.drives[3]!.reset();
    assert.deepEqual(await leftovers(h.drives, 'tmp/w3'), [[], [], [], []]);
  } finally { await h.cleanup(); }
});

test('write: a dropped drive slow to remove its partial file: the failed write waits for it', async () => {
  const h = await makeSet(4, 2, 1024);
  try {
    const layout = h.set.layoutFor('b', 'k');
    const body = faultyBody({
      // Drive 0 fails its writes slowly, and its abort (unlink) is as slow.
      3: () => h.drives[0]!.set({ failWrites: ioError(), delayMs: 80 }),
      8: () => h.drives[3]!.set({ failWrites: ioError() }),
    });
    await assert.rejects(h.set.writeShards({ layout, path: 'tmp/w5/part.1', body }), QuorumError);
    // Checked before the faults are lifted: the rejection came after every partial file was gone.
    assert.deepEqual(await leftovers(h.drives, 'tmp/w5'), [[], [], [], []]);
    h.drives[0]!.reset();
    h.drives[3]!.reset();
  } finally { await h.cleanup(); }
});

test('write: failure at finish (fsync) counts against quorum', async () => {
  const h = await makeSet(4, 2, 1024);
  try {
    const layout = h.set.layoutFor('b', 'k');
    const data = randomBytes(3000);
    async function* body() {
      yield data;
      h.drives[0]!.set({ failWrites: ioError() });
      h.drives[1]!.set({ failWrites: ioError() });
    }
    await assert.rejects(h.set.writeShards({ layout, path: 'tmp/w4/part.1', body: body() }), QuorumError);
    h.drives[0]!.reset();
    h.drives[1]!.reset();
    assert.deepEqual(await leftovers(h.drives, 'tmp/w4'), [[], [], [], []]);
  } finally { await h.cleanup(); }
});

test('write: expectedSize mismatch (short or long body) → IncompleteBodyError, nothing left', async () => {
  const h = await makeSet(4, 2, 1024);
  try {
    const layout = h.set.layoutFor('b', 'k');
    await assert.rejects(h.set.writeShards({ layout, path: 'tmp/w5/part.1', body: chunked(randomBytes(5000), 999), expectedSize: 5001 }),
      (e: unknown) => e instanceof IncompleteBodyError && e.expected === 5001 && e.received === 5000);
    await assert.rejects(h.set.writeShards({ layout, path: 'tmp/w5/part.1', body: chunked(randomBytes(5000), 999), expectedSize: 4000 }),
      (e: unknown) => e instanceof IncompleteBodyError && e.expected === 4000);
    assert.deepEqual(await leftovers(h.drives, 'tmp/w5'), [[], [], [], []]);
    const seen: number[] = [];
    const ok = await h.set.writeShards({ layout, path: 'tmp/w5/part.1', body: chunked(randomBytes(5000), 999), expectedSize: 5000, onData: (c) => seen.push(c.length) });
    assert.equal(ok.size, 5000);
    assert.equal(seen.reduce((a, b) => a + b, 0), 5000);
  } finally { await h.cleanup(); }
});

test('write: abort signal mid-body → AbortError, writers aborted, nothing left; no hang on a stalled body', async () => {
  const h = await makeSet(4, 2, 1024);
  try {
    const layout = h.set.layoutFor('b', 'k');
    const ac = new AbortController();
    async function* stalled() {
      yield randomBytes(4096);
      ac.abort(new Error('client went away'));
      await new Promise(() => undefined); // never yields again
    }
    await assert.rejects(h.set.writeShards({ layout, path: 'tmp/w6/part.1', body: stalled(), signal: ac.signal }), { name: 'AbortError' });
    assert.deepEqual(await leftovers(h.drives, 'tmp/w6'), [[], [], [], []]);
    const pre = new AbortController();
    pre.abort();
    await assert.rejects(h.set.writeShards({ layout, path: 'tmp/w6/part.1', body: chunked(Buffer.alloc(10), 5), signal: pre.signal }), { name: 'AbortError' });
  } finally { await h.cleanup(); }
});

test('write+read: empty object', async () => {
  const h = await makeSet(4, 2);
  try {
    const layout = h.set.layoutFor('b', 'empty');
    const r = await h.set.writeShards({ layout, path: 'tmp/e/part.1', body: chunked(Buffer.alloc(0), 1), expectedSize: 0 });
    assert.equal(r.size, 0);
    assert.deepEqual(r.written, [true, true, true, true]);
    assert.equal((await collect(h.set.readShards({ layout, path: 'tmp/e/part.1', size: 0 }))).length, 0);
    const inline = await h.set.encodeInline(layout, Buffer.alloc(0));
    const dec = await h.set.decodeInline(layout, inline, 0);
    assert.equal(dec.data.length, 0);
  } finally { await h.cleanup(); }
});

test('default 1 MiB blocks: 3 MiB + odd object, slow drive, reads back; destroy stops reading early', async () => {
  const h = await makeSet(4, 2);
  try {
    const layout = h.set.layoutFor('b', 'big');
    assert.equal(layout.blockSize, 1024 * 1024);
    const data = randomBytes(8 * 1024 * 1024 + 4097);
    h.drives[2]!.set({ delayMs: 5 });
    await h.set.writeShards({ layout, path: 'tmp/big/part.1', body: chunked(data, 64 * 1024), expectedSize: data.length });
    h.drives[2]!.reset();
    assert.ok((await collect(h.set.readShards({ layout, path: 'tmp/big/part.1', size: data.length }))).equals(data));
    for (const d of h.drives) d.reads = 0;
    const stream = h.set.readShards({ layout, path: 'tmp/big/part.1', size: data.length });
    const first: Buffer = await new Promise((resolve, reject) => { stream.once('data', resolve); stream.once('error', reject); });
    stream.pause();
    assert.ok(first.length > 0 && first.length <= 1024 * 1024);
    await new Promise((r) => setTimeout(r, 50));
    const readsWhilePaused = h.drives.reduce((s, d) => s + d.reads, 0);
    assert.ok(readsWhilePaused <= 2 * 2 * 2, `read ahead bounded to ~2 blocks, got ${readsWhilePaused} frame reads`);
    stream.destroy();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(h.drives.reduce((s, d) => s + d.reads, 0), readsWhilePaused, 'no reads after destroy');
  } finally { await h.cleanup(); }
});

test('read: abort signal destroys the stream with AbortError', async () => {
  const h = await makeSet(4, 2, 1024);
  try {
    const layout = h.set.layoutFor('b', 'k');
    const data = randomBytes(50_000);
    await h.set.writeShards({ layout, path: 'tmp/ab/part.1', body: chunked(data, 4096) });
    const ac = new AbortController();
    const stream = h.set.readShards({ layout, path: 'tmp/ab/part.1', size: data.length, signal: ac.signal });
    await assert.rejects((async () => { for await (const _ of stream) ac.abort(); })(), { name: 'AbortError' });
  } finally { await h.cleanup(); }
});

test('inline: encode/decode with up to m bad buffers, bad listed; m+1 bad → QuorumError', async () => {
  const h = await makeSet(4, 2, 1024);
  try {
    const layout = h.set.layoutFor('b', 'inline');
    const data = randomBytes(5000);
    const bufs = await h.set.encodeInline(layout, data);
    assert.equal(bufs.length, 4);
    const clean = await h.set.decodeInline(layout, bufs, data.length);
    assert.ok(clean.data.equals(data));
    assert.deepEqual(clean.bad, []);
    const damaged: (Buffer | undefined)[] = bufs.map((b) => Buffer.from(b));
    damaged[1] = undefined;
    damaged[3]![2000] = damaged[3]![2000]! ^ 1;
    const dec = await h.set.decodeInline(layout, damaged, data.length);
    assert.ok(dec.data.equals(data));
    assert.deepEqual(dec.bad, [1, 3]);
    damaged[0] = damaged[0]!.subarray(1);
    await assert.rejects(h.set.decodeInline(layout, damaged, data.length), QuorumError);
  } finally { await h.cleanup(); }
});

test('heal: rebuilds missing and corrupt shard files from the others', async () => {
  const h = await makeSet(4, 2, 1000);
  try {
    const layout = h.set.layoutFor('b', 'heal');
    const data = randomBytes(7777);
    const path = 'data/he/obj/part.1';
    await h.set.writeShards({ layout, path, body: chunked(data, 1234) });
    const before = await h.drives[3]!.readAll(path);
    await h.drives[0]!.remove(path);
    // Corrupt drive 3's file on disk: rewrite it with one byte flipped.
    const bad = Buffer.from(before);
    bad[100] = bad[100]! ^ 0xff;
    const w = await h.drives[3]!.createFile(path);
    await w.write(bad);
    await w.finish();
    await h.set.healShards({ layout, path, size: data.length, targets: [0, 3] });
    assert.ok((await h.drives[3]!.readAll(path)).equals(before));
    // Now only the healed drives are left: they alone must give the object back.
    h.drives[1]!.set({ offline: true });
    h.drives[2]!.set({ offline: true });
    assert.ok((await collect(h.set.readShards({ layout, path, size: data.length }))).equals(data));
    assert.deepEqual((await h.drives[0]!.list('tmp')).filter((n) => n.startsWith('heal-')), []);
    // Healing with too few sources fails cleanly.
    await assert.rejects(h.set.healShards({ layout, path, size: data.length, targets: [0] }), QuorumError);
  } finally { await h.cleanup(); }
});

test('heal: an offline target is reported, others still healed', async () => {
  const h = await makeSet(4, 2, 1000);
  try {
    const layout = h.set.layoutFor('b', 'heal2');
    const data = randomBytes(3000);
    const path = 'data/he/obj2/part.1';
    await h.set.writeShards({ layout, path, body: chunked(data, 1000) });
    await h.drives[1]!.remove(path);
    h.drives[2]!.set({ offline: true });
    await assert.rejects(h.set.healShards({ layout, path, size: data.length, targets: [1, 2] }), DriveOfflineError);
    h.drives[2]!.reset();
    assert.notEqual(await h.drives[1]!.statFile(path), undefined);
  } finally { await h.cleanup(); }
});

test('heal with sources: a drive holding another file at the same path (valid frames) is never read', async () => {
  const h = await makeSet(4, 2, 1000);
  try {
    const layout = h.set.layoutFor('b', 'heal3');
    const path = 'multipart/up/part.1';
    const old = randomBytes(4500);
    const data = randomBytes(4500);
    await h.set.writeShards({ layout, path, body: chunked(old, 1000) });
    const stale = await Promise.all(h.drives.map((d) => d.readAll(path)));
    await h.set.writeShards({ layout, path, body: chunked(data, 1000) });
    const fresh = await Promise.all(h.drives.map((d) => d.readAll(path)));
    // Every drive but 3 gets its old shard back: only drive 3 still holds this content.
    for (const i of [0, 1, 2]) {
      const w = await h.drives[i]!.createFile(path);
      await w.write(stale[i]!);
      await w.finish();
    }
    // Drive 3 alone is not enough: with sources restricted to it the heal must fail, not mix.
    await assert.rejects(h.set.healShards({ layout, path, size: data.length, targets: [0], sources: [3] }), QuorumError);
    assert.ok((await h.drives[0]!.readAll(path)).equals(stale[0]!));
    // Restore drive 2's fresh shard: sources 2 + 3 rebuild drive 0 and 1 exactly.
    const w = await h.drives[2]!.createFile(path);
    await w.write(fresh[2]!);
    await w.finish();
    await h.set.healShards({ layout, path, size: data.length, targets: [0, 1], sources: [2, 3] });
    assert.ok((await h.drives[0]!.readAll(path)).equals(fresh[0]!));
    assert.ok((await h.drives[1]!.readAll(path)).equals(fresh[1]!));
  } finally { await h.cleanup(); }
});

test('1 drive (plain copy, k=1 m=0) and 16 drives (12+4 with 4 offline) round-trip', async () => {
  const one = await makeSet(1, 0, 4096);
  try {
    const layout = one.set.layoutFor('b', 'k');
    assert.equal(one.set.writeQuorum, 1);
    const data = randomBytes(10_000);
    await one.set.writeShards({ layout, path: 'tmp/one/part.1', body: chunked(data, 3333) });
    const st = await one.drives[0]!.statFile('tmp/one/part.1');
    assert.equal(st?.size, 10_000 + 3 * 4, 'plain copy: data plus one checksum per block');
    assert.ok((await collect(one.set.readShards({ layout, path: 'tmp/one/part.1', size: data.length, start: 4000, end: 9000 }))).equals(data.subarray(4000, 9001)));
  } finally { await one.cleanup(); }
  const big = await makeSet(16, 4, 64 * 1024);
  try {
    const layout = big.set.layoutFor('b', 'k');
    assert.equal(big.set.k, 12);
    const data = randomBytes(500_000);
    await big.set.writeShards({ layout, path: 'tmp/16/part.1', body: chunked(data, 50_000) });
    for (const d of [0, 5, 10, 15]) big.drives[d]!.set({ offline: true });
    assert.ok((await collect(big.set.readShards({ layout, path: 'tmp/16/part.1', size: data.length }))).equals(data));
    big.drives[7]!.set({ corruptReads: true });
    await assert.rejects(collect(big.set.readShards({ layout, path: 'tmp/16/part.1', size: data.length })), QuorumError);
  } finally { await big.cleanup(); }
});
