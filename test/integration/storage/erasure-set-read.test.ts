import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { QuorumError } from '../../../src/errors/domain-errors.js';
import { makeSet, chunked, collect, type ErasureHarness } from './erasure-harness.js';
import type { ErasureLayout } from '../../../src/storage/storage.js';

const PAIRS: [number, number][] = [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]];

let h: ErasureHarness;
let layout: ErasureLayout;
const data = randomBytes(10_007);
const small = randomBytes(40);
let smallLayout: ErasureLayout;

before(async () => {
  h = await makeSet(4, 2, 1000);
  layout = h.set.layoutFor('bucket', 'key');
  const r = await h.set.writeShards({ layout, path: 'data/aa/obj/part.1', body: chunked(data, 777), expectedSize: data.length });
  assert.deepEqual(r.written, [true, true, true, true]);
  assert.equal(r.size, data.length);
  smallLayout = { ...h.set.layoutFor('bucket', 'small'), blockSize: 16 };
  await h.set.writeShards({ layout: smallLayout, path: 'data/bb/small/part.1', body: chunked(small, 5) });
});
after(async () => { await h.cleanup(); });

function ranges(size: number, blockSize: number): [number, number][] {
  const out: [number, number][] = [[0, size - 1], [0, 0], [size - 1, size - 1], [blockSize - 1, blockSize], [blockSize, 2 * blockSize - 1], [3 * blockSize - 5, 5 * blockSize + 17], [size - blockSize - 3, size - 1]];
  let s = 7;
  for (let i = 0; i < 12; i++) {
    s = (s * 48271) % 2147483647;
    const a = s % size;
    s = (s * 48271) % 2147483647;
    const b = a + (s % (size - a));
    out.push([a, b]);
  }
  return out;
}

async function readRange(start: number, end: number, degraded?: number[][]): Promise<Buffer> {
  return collect(h.set.readShards({ layout, path: 'data/aa/obj/part.1', size: data.length, start, end, onDegraded: (b) => degraded?.push([...b]) }));
}

test('EC 2+2: all drives healthy, whole object and ranges read back identical, no degradation', async () => {
  const degraded: number[][] = [];
  for (const [a, b] of ranges(data.length, 1000)) {
    assert.ok((await readRange(a, b, degraded)).equals(data.subarray(a, b + 1)), `range ${a}-${b}`);
  }
  assert.ok((await collect(h.set.readShards({ layout, path: 'data/aa/obj/part.1', size: data.length }))).equals(data));
  assert.deepEqual(degraded, []);
});

for (const mode of ['offline', 'corrupt', 'mixed'] as const) {
  test(`EC 2+2: any 2 drives ${mode}: every range reads back identical`, async () => {
    for (const [x, y] of PAIRS) {
      h.drives[x]!.set(mode === 'corrupt' ? { corruptReads: true } : { offline: true });
      h.drives[y]!.set(mode === 'offline' ? { offline: true } : { corruptReads: true });
      try {
        for (const [a, b] of ranges(data.length, 1000)) {
          const degraded: number[][] = [];
          const got = await readRange(a, b, degraded);
          assert.ok(got.equals(data.subarray(a, b + 1)), `drives ${x},${y} range ${a}-${b}`);
          for (const report of degraded) for (const d of report) assert.ok(d === x || d === y, `reported healthy drive ${d}`);
        }
      } finally {
        h.drives[x]!.reset();
        h.drives[y]!.reset();
      }
    }
  });
}

test('EC 2+2: every byte range of a small object with 2 corrupt drives', async () => {
  h.drives[0]!.set({ corruptReads: true });
  h.drives[3]!.set({ corruptReads: true });
  try {
    for (let a = 0; a < small.length; a++) {
      for (let b = a; b < small.length; b++) {
        const got = await collect(h.set.readShards({ layout: smallLayout, path: 'data/bb/small/part.1', size: small.length, start: a, end: b }));
        assert.ok(got.equals(small.subarray(a, b + 1)), `range ${a}-${b}`);
      }
    }
  } finally {
    h.drives[0]!.reset();
    h.drives[3]!.reset();
  }
});

test('EC 2+2: a corrupt data shard is reported via onDegraded (once) with its drive', async () => {
  const dataDrive = layout.distribution.indexOf(0);
  h.drives[dataDrive]!.set({ corruptReads: true });
  try {
    const calls: number[][] = [];
    const got = await readRange(0, data.length - 1, calls);
    assert.ok(got.equals(data));
    assert.deepEqual(calls, [[dataDrive]]);
  } finally {
    h.drives[dataDrive]!.reset();
  }
});

test('EC 2+2: 3 drives down or corrupt → the stream fails with QuorumError(read), no hang, no bytes', async () => {
  for (const bad of [[0, 1, 2], [1, 2, 3], [0, 2, 3]]) {
    for (const mode of ['offline', 'corrupt'] as const) {
      for (const d of bad) h.drives[d]!.set(mode === 'offline' ? { offline: true } : { corruptReads: true });
      try {
        const stream = h.set.readShards({ layout, path: 'data/aa/obj/part.1', size: data.length });
        let bytes = 0;
        await assert.rejects((async () => { for await (const c of stream) bytes += (c as Buffer).length; })(),
          (e: unknown) => e instanceof QuorumError && e.kind === 'read' && e.needed === 2);
        assert.equal(bytes, 0);
      } finally {
        for (const d of bad) h.drives[d]!.reset();
      }
    }
  }
});

test('EC 2+2: a missing shard file on 2 drives still reads; on 3 it fails cleanly', async () => {
  const path = 'data/cc/miss/part.1';
  const body = randomBytes(4321);
  await h.set.writeShards({ layout, path, body: chunked(body, 1000) });
  await h.drives[1]!.remove(path);
  await h.drives[2]!.remove(path);
  assert.ok((await collect(h.set.readShards({ layout, path, size: body.length }))).equals(body));
  await h.drives[0]!.remove(path);
  await assert.rejects(collect(h.set.readShards({ layout, path, size: body.length })), QuorumError);
});

test('range reads touch only the frames they need', async () => {
  for (const d of h.drives) d.reads = 0;
  await readRange(2500, 2600);
  assert.equal(h.drives.reduce((s, d) => s + d.reads, 0), 2, 'one block from k=2 drives');
  for (const d of h.drives) d.reads = 0;
  await readRange(999, 1000);
  assert.equal(h.drives.reduce((s, d) => s + d.reads, 0), 4, 'two blocks from k=2 drives');
});

test('bad ranges and bad layouts are typed errors', () => {
  assert.throws(() => h.set.readShards({ layout, path: 'data/aa/obj/part.1', size: data.length, start: 5, end: data.length }), { code: 'ERR_OBJECT_INVALID_RANGE' });
  assert.throws(() => h.set.readShards({ layout, path: 'data/aa/obj/part.1', size: data.length, start: 9, end: 3 }), { code: 'ERR_OBJECT_INVALID_RANGE' });
  assert.throws(() => h.set.readShards({ layout: { ...layout, distribution: [0, 0, 1, 2] }, path: 'data/aa/obj/part.1', size: data.length }), { code: 'ERR_STORAGE_CORRUPT_RECORD' });
  assert.throws(() => h.set.readShards({ layout: { ...layout, bitrot: 'sha1-9' }, path: 'data/aa/obj/part.1', size: data.length }), { code: 'ERR_STORAGE_CORRUPT_RECORD' });
  assert.throws(() => h.set.readShards({ layout: { ...layout, k: 3, m: 2 }, path: 'data/aa/obj/part.1', size: data.length }), { code: 'ERR_STORAGE_CORRUPT_RECORD' });
});
