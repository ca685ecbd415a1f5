import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MapFaultWatch } from './map-fault-watch.js';
import { LmdbMetaStore } from './lmdb-meta-store.js';

describe('MapFaultWatch', () => {
  it('is faulting exactly while the last interval saw threshold major faults or more', () => {
    let faults = 100;
    const w = new MapFaultWatch({ threshold: 4, intervalMs: 60_000, readFaults: () => faults });
    w.acquire();
    assert.equal(w.faulting, false, 'the count before acquire() is not a fault seen');
    faults += 3;
    w.sample();
    assert.equal(w.faulting, false, '3 < 4');
    faults += 4;
    w.sample();
    assert.equal(w.faulting, true, '4 >= 4');
    w.sample();
    assert.equal(w.faulting, false, 'no new faults in the next interval');
    faults += 50;
    w.sample();
    assert.equal(w.faulting, true);
    w.release();
    assert.equal(w.faulting, false, 'the last release stops the watch and clears the state');
  });

  it('samples on its own timer only between the first acquire and the last release', async () => {
    let reads = 0;
    const w = new MapFaultWatch({ intervalMs: 5, readFaults: () => { reads++; return reads * 10; } });
    w.acquire();
    w.acquire();
    const start = reads;
    await new Promise((r) => setTimeout(r, 40));
    assert.ok(reads > start, 'the timer samples');
    assert.equal(w.faulting, true, 'every sample saw 10 new faults');
    w.release();
    const afterOne = reads;
    await new Promise((r) => setTimeout(r, 40));
    assert.ok(reads > afterOne, 'one user is left: still sampling');
    w.release();
    const stopped = reads;
    await new Promise((r) => setTimeout(r, 40));
    assert.equal(reads, stopped, 'no user left: no sampling');
    w.release();
    assert.equal(w.faulting, false, 'an extra release is harmless');
  });
});

describe('LmdbMetaStore.warm', () => {
  it('reads nothing while the map is resident and prefetches the keys (and their summaries) while it faults', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-warm-'));
    let faults = 0;
    const watch = new MapFaultWatch({ intervalMs: 60_000, threshold: 1, readFaults: () => faults });
    const store = LmdbMetaStore.open(dir, watch);
    try {
      await store.batch([{ key: 'o/b/k1', value: Buffer.from('v1') }, { key: 'x/other', value: Buffer.from('v2') }]);
      assert.equal(store.warm(['o/b/k1']), undefined, 'no faults: nothing to wait for');
      faults += 5;
      watch.sample();
      const warming = store.warm(['o/b/k1', 'x/other', 'o/b/missing']);
      assert.ok(warming instanceof Promise, 'faulting: the pages are read on the thread pool');
      await warming;
      assert.deepEqual(store.get('o/b/k1'), Buffer.from('v1'), 'the read after the warm-up sees the record');
      assert.equal(store.warm([]), undefined, 'no keys: nothing to wait for');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
