import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DriveOfflineError, FileNotFoundError } from '../../errors/domain-errors.js';
import { DriveIoStats, IO_LATENCY_BUCKETS, IO_META_WRITE, IO_READ, IO_WRITE } from './drive-io-stats.js';

const kindOf = (s: DriveIoStats, kind: string) => s.snapshot().find((k) => k.kind === kind)!;

describe('DriveIoStats', () => {
  it('puts a call into the first bucket whose bound it does not exceed, cumulatively', () => {
    const s = new DriveIoStats();
    s.end(IO_READ, s.begin(IO_READ));                 // about 0 ms
    s.begin(IO_READ);
    s.end(IO_READ, performance.now() - 3);            // 3 ms: the 5 ms bucket
    s.begin(IO_READ);
    s.end(IO_READ, performance.now() - 60_000);       // 60 s: above every bound
    const r = kindOf(s, 'read');
    const at = (bound: number): number => r.buckets[IO_LATENCY_BUCKETS.indexOf(bound)]!;
    assert.equal(r.count, 3);
    assert.ok(at(0.0025) <= 1, 'the 3 ms call is not at or below 2.5 ms');
    assert.equal(at(0.005), 2);
    assert.equal(at(10), 2, 'the 60 s call is above the last bound');
    assert.ok(r.sumSeconds >= 60.003 && r.sumSeconds < 61);
    assert.equal(r.inFlight, 0);
    for (let i = 1; i < r.buckets.length; i++) assert.ok(r.buckets[i]! >= r.buckets[i - 1]!);
  });

  it('counts calls in flight per kind until they end', () => {
    const s = new DriveIoStats();
    const a = s.begin(IO_WRITE);
    const b = s.begin(IO_WRITE);
    s.begin(IO_META_WRITE);
    assert.equal(kindOf(s, 'write').inFlight, 2);
    assert.equal(kindOf(s, 'meta_write').inFlight, 1);
    s.end(IO_WRITE, a);
    s.end(IO_WRITE, b);
    assert.equal(kindOf(s, 'write').inFlight, 0);
    assert.equal(kindOf(s, 'write').count, 2);
  });

  it('counts failed calls as errors, but not a missing file', () => {
    const s = new DriveIoStats();
    s.end(IO_READ, s.begin(IO_READ), new DriveOfflineError('/d1'));
    s.end(IO_READ, s.begin(IO_READ), new FileNotFoundError('data/x'));
    s.end(IO_READ, s.begin(IO_READ));
    assert.equal(kindOf(s, 'read').errors, 1);
    assert.equal(kindOf(s, 'read').count, 3);
    assert.equal(kindOf(s, 'write').errors, 0);
  });
});
