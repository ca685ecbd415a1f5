import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BucketUsageLedger, QUOTA_CACHE_MS, type UsageChange } from './bucket-usage-ledger.js';
import type { UsageSnapshot } from './bucket-usage.js';
import { parseScanTrace, RECENT_MARGIN_MS, ScanTraceBuilder, type RecordWrite, type ScanTrace } from './usage-scan-trace.js';

const figure = (bytes: Record<string, number>): UsageSnapshot => ({
  lastUpdate: '2026-01-01T00:00:00.000Z',
  buckets: Object.fromEntries(Object.entries(bytes).map(([b, n]) => [b, {
    objects: 1, versions: 1, deleteMarkers: 0, totalBytes: n, latestBytes: n, sizeHistogram: {},
  }])),
});

/** A put of `bytes` to o/b/<key> at time t (commit taking 2 ms), writeId w. */
const put = (key: string, bytes: number, t: number, w: string, bucket = 'b'): UsageChange => ({
  bucket, set: 0, metaKey: `o/${bucket}/${key}`, bytes, put: w, removed: [], since: t, startedAt: t, endedAt: t + 2,
});
/** A delete of version w (freeing `bytes`) of o/b/<key> at time t. */
const del = (key: string, bytes: number, t: number, w: string): UsageChange => ({
  bucket: 'b', set: 0, metaKey: `o/b/${key}`, bytes: -bytes, put: undefined, removed: [w], since: t, startedAt: t, endedAt: t + 2,
});

/** A pass from `start` to `end` that read each key with the writes listed (what its record showed). */
function pass(start: number, end: number, reads: Record<string, RecordWrite[]>): ScanTrace {
  const b = new ScanTraceBuilder(start);
  for (const [key, writes] of Object.entries(reads)) b.read(0, `o/b/${key}`, writes);
  return b.finish(end);
}
const version = (writeId: string, at: number): RecordWrite => ({ writeId, at, isRemoval: false });
const removal = (writeId: string, at: number): RecordWrite => ({ writeId, at, isRemoval: true });

const T0 = 1_800_000_000_000;

describe('the usage ledger: which writes a scanner figure saw', () => {
  it('drops a write made before the pass began (in the figure), keeps one made after it ended', () => {
    const l = new BucketUsageLedger();
    l.committed(put('a', 100, T0, 'w1'));
    assert.equal(l.usage('b'), 100, 'no figure yet: base 0');
    l.passCompleted(figure({ b: 100 }), pass(T0 + 1_000, T0 + 2_000, { a: [version('w1', T0)] }));
    assert.equal(l.usage('b'), 100, 'the figure holds it; not counted twice');
    l.committed(put('c', 7, T0 + 3_000, 'w2'));
    l.passCompleted(figure({ b: 100 }), pass(T0 + 1_000, T0 + 2_000, { a: [version('w1', T0)] }));
    assert.equal(l.usage('b'), 107, 'a write after the pass ended stays');
  });

  it('a write during the pass to a key the pass reached later is in the figure: counted once (was twice)', () => {
    const l = new BucketUsageLedger();
    // Pass from T0 to T0+10s; the write at T0+3s to key "z", read by the pass at ~T0+8s.
    l.committed(put('z', 5 * 1024 * 1024, T0 + 3_000, 'w1'));
    l.passCompleted(figure({ b: 5 * 1024 * 1024 }), pass(T0, T0 + 10_000, { z: [version('w1', T0 + 3_000)] }));
    assert.equal(l.usage('b'), 5 * 1024 * 1024);
    assert.equal(l.changeCount, 0);
  });

  it('a write during the pass to a key the pass had already read is not in the figure: it stays', () => {
    const l = new BucketUsageLedger();
    l.committed(put('a', 300, T0 + 6_000, 'w2'));
    // "a" was read at ~T0+1s with only an older version.
    l.passCompleted(figure({ b: 50 }), pass(T0, T0 + 10_000, { a: [version('w0', T0 - RECENT_MARGIN_MS * 10)] }));
    assert.equal(l.usage('b'), 350);
    // A new key written during the pass after its range was scanned: the pass never read it.
    l.committed(put('new', 20, T0 + 12_000, 'w3'));
    l.passCompleted(figure({ b: 350 }), pass(T0 + 11_000, T0 + 20_000, { a: [version('w2', T0 + 6_000)] }));
    assert.equal(l.usage('b'), 370, 'w2 is in the second figure, w3 in none');
  });

  it('an overwrite in the same ms as the read: exact by writeId, not by time', () => {
    const l = new BucketUsageLedger();
    l.committed(put('k', 10, T0 + 5_000, 'wa'));
    l.committed(put('k', 10, T0 + 5_000, 'wb'));
    // The pass read "k" between the two commits: it counted wa, not wb (wb replaced wa).
    l.passCompleted(figure({ b: 10 }), pass(T0 + 4_000, T0 + 6_000, { k: [version('wa', T0 + 5_000)] }));
    assert.equal(l.usage('b'), 20, 'wa is in the figure (dropped); wb is not (stays)');
    assert.equal(l.changeCount, 1);
  });

  it('deletes free bytes at once and are settled the same way', () => {
    const l = new BucketUsageLedger();
    l.passCompleted(figure({ b: 1_000 }), pass(T0, T0 + 1_000, {}));
    l.committed(del('a', 400, T0 + 2_000, 'w1'));
    assert.equal(l.usage('b'), 600, 'the delete frees its bytes before the next figure');
    // A pass that read "a" before the delete (its record still held w1): the figure holds the bytes.
    l.passCompleted(figure({ b: 1_000 }), pass(T0 + 1_500, T0 + 3_000, { a: [version('w1', T0 - RECENT_MARGIN_MS * 10)] }));
    assert.equal(l.usage('b'), 600);
    // A pass that read it after: the removed entry is in the record, the figure lacks the bytes.
    l.passCompleted(figure({ b: 600 }), pass(T0 + 4_000, T0 + 5_000, { a: [removal('w1', T0 + 2_000)] }));
    assert.equal(l.usage('b'), 600);
    assert.equal(l.changeCount, 0);
  });

  it('a put and its delete both seen by a pass that read after both: the removed entry proves the put', () => {
    const l = new BucketUsageLedger();
    l.committed(put('a', 50, T0 + 1_000, 'w1'));
    l.committed(del('a', 50, T0 + 2_000, 'w1'));
    assert.equal(l.usage('b'), 0);
    l.passCompleted(figure({}), pass(T0, T0 + 5_000, { a: [removal('w1', T0 + 2_000)] }));
    assert.equal(l.usage('b'), 0);
    assert.equal(l.changeCount, 0);
  });

  it('a write still committing over a minute after its mtime when the pass began: adds stay, frees go', () => {
    const l = new BucketUsageLedger();
    const old = T0 - 2 * RECENT_MARGIN_MS;
    l.committed({ ...put('a', 70, old, 'w1'), endedAt: T0 + 500 });
    l.committed({ ...del('c', 30, old, 'w2'), endedAt: T0 + 500 });
    l.passCompleted(figure({ b: 100 }), pass(T0, T0 + 1_000, {}));
    assert.equal(l.usage('b'), 170, 'errs on refusing');
  });

  it('folds past its bound, and a later pass that began after the folded changes drops them', () => {
    const l = new BucketUsageLedger(Date.now, 4);
    for (let i = 0; i < 5; i++) l.committed(put(`k${i}`, 10, T0 + i, `w${i}`));
    assert.equal(l.changeCount, 1, 'one change per bucket and sign');
    assert.equal(l.usage('b'), 50);
    l.passCompleted(figure({ b: 0 }), pass(T0 - 1_000, T0 + 2, {}));
    assert.equal(l.usage('b'), 50, 'a pass during them: kept');
    l.passCompleted(figure({ b: 50 }), pass(T0 + 1_000, T0 + 2_000, {}));
    assert.equal(l.usage('b'), 50);
    assert.equal(l.changeCount, 0);
  });

  it('keeps a completed pass over the stored figure, forgets a deleted bucket', () => {
    const l = new BucketUsageLedger();
    l.passCompleted(figure({ b: 7 }), pass(T0, T0 + 1, {}));
    l.load(figure({ b: 99 }));
    assert.equal(l.usage('b'), 7);
    l.committed(put('a', 3, T0 + 5, 'w1'));
    l.bucketDeleted('b');
    assert.equal(l.usage('b'), 0);
    const fresh = new BucketUsageLedger();
    fresh.load(figure({ c: 42 }));
    fresh.committed(put('x', 8, T0, 'w1', 'c'));
    assert.equal(fresh.usage('c'), 50, 'a stored figure (no trace) settles nothing');
  });

  it('caches a quota for QUOTA_CACHE_MS, and forgets it on demand', () => {
    let now = 1_000;
    const l = new BucketUsageLedger(() => now);
    assert.equal(l.cachedQuota('b'), undefined);
    l.rememberQuota('b', 500);
    assert.equal(l.cachedQuota('b'), 500);
    now += QUOTA_CACHE_MS;
    assert.equal(l.cachedQuota('b'), undefined, 'expired');
    l.rememberQuota('b', 0);
    assert.equal(l.cachedQuota('b'), 0);
    l.forgetQuota('b');
    assert.equal(l.cachedQuota('b'), undefined);
  });
});

describe('the scan trace', () => {
  it('keeps only recent writes, and survives JSON (the --workers channel); refuses what is not a trace', () => {
    const b = new ScanTraceBuilder(T0);
    b.read(0, 'o/b/old', [version('w0', T0 - RECENT_MARGIN_MS - 1)]);
    b.read(1, 'o/b/new', [version('w1', T0 + 5), removal('w0', T0 - RECENT_MARGIN_MS)]);
    const t = b.finish(T0 + 10);
    assert.deepEqual(t.recent, [[1, 'o/b/new', ['w1', '-w0']]]);
    assert.deepEqual(parseScanTrace(JSON.parse(JSON.stringify(t))), t);
    for (const bad of [null, {}, { ...t, recent: [[0, 'k']] }, { ...t, recent: [['x', 'k', []]] }, { ...t, startedAt: 'x' }, { ...t, recent: [[0, 'k', [1]]] }]) {
      assert.equal(parseScanTrace(bad), undefined, JSON.stringify(bad));
    }
  });
});
