import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LmdbMetaStore } from './lmdb-meta-store.js';

// range() hands out lmdb-js's buffers without copying them again: they must stay intact
// while later reads (ranges, gets) and writes reuse lmdb-js's read buffer.
test('range entries (small and large values) are not overwritten by later reads and writes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-lmdb-range-'));
  const store = LmdbMetaStore.open(dir);
  try {
    const value = (i: number): Buffer => Buffer.alloc(i % 7 === 0 ? 70_000 + i : 50 + i, i % 251);
    const keys = Array.from({ length: 300 }, (_, i) => `o/b/ünï-${String(i).padStart(4, '0')}`);
    await store.batch(keys.map((key, i) => ({ key, value: value(i) })));
    const first = store.range({ start: 'o/b/', end: 'o/b0', limit: 1000 });
    assert.equal(first.length, keys.length);
    const again = store.range({ start: 'o/b/', end: 'o/b0', limit: 1000 });
    store.getMany(keys.slice(0, 50));
    await store.batch(keys.map((key, i) => ({ key, value: value(i + 1) })));
    store.range({ start: 'o/b/', end: 'o/b0', limit: 1000 });
    first.forEach((e, i) => {
      assert.equal(e.key, keys[i]);
      assert.ok(e.value.equals(value(i)), `value ${i} changed`);
      assert.ok(again[i]!.value.equals(value(i)));
    });
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});

// MetaRangeOptions.known: equal bytes come back as the caller's own Buffer (compared where
// lmdb-js holds them), anything else as a copy; the lookup is asked in ascending key order.
test('range with known copies returns the caller Buffer for equal values only', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-lmdb-known-'));
  const store = LmdbMetaStore.open(dir);
  try {
    const value = (i: number): Buffer => Buffer.alloc(i % 9 === 0 ? 70_000 + i : 40 + (i % 13), i % 251);
    const keys = Array.from({ length: 120 }, (_, i) => `l/b/ké-${String(i).padStart(4, '0')}`);
    await store.batch(keys.map((key, i) => ({ key, value: value(i) })));
    // The caller's copies: equal for i % 4 == 0, same length but one byte off for 1, longer for
    // 2, none for 3.
    const held = new Map<string, Buffer>();
    keys.forEach((key, i) => {
      if (i % 4 === 0) held.set(key, Buffer.from(value(i)));
      if (i % 4 === 1) { const b = Buffer.from(value(i)); b[b.length - 1] ^= 1; held.set(key, b); }
      if (i % 4 === 2) held.set(key, Buffer.concat([value(i), Buffer.from([0])]));
    });
    const asked: string[] = [];
    const got = store.range({ start: 'l/b/', end: 'l/b0', limit: 1000, known: (key) => { asked.push(key); return held.get(key); } });
    assert.deepEqual(asked, keys);
    assert.equal(got.length, keys.length);
    got.forEach((e, i) => {
      assert.equal(e.key, keys[i]);
      assert.ok(e.value.equals(value(i)), `value ${i}`);
      assert.equal(e.value === held.get(keys[i]!), i % 4 === 0, `identity of ${i}`);
    });
    // A lookup that throws leaves later scans without it.
    assert.throws(() => store.range({ start: 'l/b/', end: 'l/b0', known: () => { throw new Error('lookup failed'); } }), /lookup failed/);
    const plain = store.range({ start: 'l/b/', end: 'l/b0', limit: 1000 });
    plain.forEach((e, i) => { assert.ok(e.value.equals(value(i))); assert.notEqual(e.value, held.get(keys[i]!)); });
    // Keys-only scans read no value and ignore it.
    const keysOnly = store.range({ start: 'l/b/', end: 'l/b0', keysOnly: true, known: () => { throw new Error('asked'); } });
    assert.equal(keysOnly.length, keys.length);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});
