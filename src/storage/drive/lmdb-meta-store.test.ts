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
