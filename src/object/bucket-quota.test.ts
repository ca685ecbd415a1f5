import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeQuotaDoc, parseQuotaDoc, withinQuota } from './bucket-quota.js';
import { BucketUsageLedger, QUOTA_CACHE_MS } from './bucket-usage-ledger.js';
import type { UsageSnapshot } from './bucket-usage.js';

const figure = (bytes: Record<string, number>): UsageSnapshot => ({
  lastUpdate: '2026-01-01T00:00:00.000Z',
  buckets: Object.fromEntries(Object.entries(bytes).map(([b, n]) => [b, {
    objects: 1, versions: 1, deleteMarkers: 0, totalBytes: n, latestBytes: n, sizeHistogram: {},
  }])),
});

describe('bucket quota arithmetic', () => {
  it('lets a write fill the quota exactly and refuses one byte more; 0 is no quota; empty writes pass', () => {
    assert.equal(withinQuota(100, 60, 40), true);
    assert.equal(withinQuota(100, 60, 41), false);
    assert.equal(withinQuota(100, 150, 0), true, 'a 0-byte write adds nothing');
    assert.equal(withinQuota(0, 10 ** 15, 10 ** 12), true);
  });

  it('reads and writes MinIO\'s document; refuses other types and bad numbers', () => {
    assert.deepEqual(parseQuotaDoc(encodeQuotaDoc({ quota: 5, quotatype: 'hard' }).toString()), { quota: 5, quotatype: 'hard' });
    assert.deepEqual(parseQuotaDoc('{"quota":7}'), { quota: 7, quotatype: 'hard' });
    for (const bad of ['{"quota":1,"quotatype":"fifo"}', '{"quota":-1}', '{"quota":1.5}', '[]', 'x']) assert.throws(() => parseQuotaDoc(bad), RangeError, bad);
  });
});

describe('the usage ledger', () => {
  it('is the last figure plus what this process committed since that figure\'s pass started', () => {
    const l = new BucketUsageLedger();
    l.committed('b', 10);
    assert.equal(l.usage('b'), 10, 'no figure yet: base 0');
    l.passStarted();
    l.committed('b', 5);                  // during the pass: may or may not be in its figure
    l.passCompleted(figure({ b: 1000 }));
    assert.equal(l.usage('b'), 1005, 'the bytes of the pass window stay counted');
    l.committed('b', 1);
    assert.equal(l.usage('b'), 1006);
    l.passStarted();
    l.passCompleted(figure({ b: 1006 }));
    assert.equal(l.usage('b'), 1006, 'a pass that saw everything replaces it all');
    assert.equal(l.usage('other'), 0);
  });

  it('keeps a completed pass over the stored figure, forgets a deleted bucket', () => {
    const l = new BucketUsageLedger();
    l.passStarted();
    l.passCompleted(figure({ b: 7 }));
    l.load(figure({ b: 99 }));
    assert.equal(l.usage('b'), 7);
    l.committed('b', 3);
    l.bucketDeleted('b');
    assert.equal(l.usage('b'), 0);
    const fresh = new BucketUsageLedger();
    fresh.load(figure({ c: 42 }));
    assert.equal(fresh.usage('c'), 42);
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
