import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeUsageSnapshot, encodeUsageSnapshot, SIZE_INTERVALS, sizeInterval, UsageAccumulator } from './bucket-usage.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const name = (size: number): string => SIZE_INTERVALS[sizeInterval(size)]!.name;

describe('bucket usage', () => {
  it('puts sizes into MinIO\'s intervals at their exact edges', () => {
    assert.equal(name(0), 'LESS_THAN_1024_B');
    assert.equal(name(1023), 'LESS_THAN_1024_B');
    assert.equal(name(1024), 'BETWEEN_1024_B_AND_64_KB');
    assert.equal(name(64 * KiB - 1), 'BETWEEN_1024_B_AND_64_KB');
    assert.equal(name(64 * KiB), 'BETWEEN_64_KB_AND_256_KB');
    assert.equal(name(MiB - 1), 'BETWEEN_512_KB_AND_1_MB');
    assert.equal(name(MiB), 'BETWEEN_1_MB_AND_10_MB');
    assert.equal(name(512 * MiB - 1), 'BETWEEN_128_MB_AND_512_MB');
    assert.equal(name(512 * MiB), 'GREATER_THAN_512_MB');
    assert.equal(name(5 * 2 ** 40), 'GREATER_THAN_512_MB');
  });

  it('counts objects by their latest version, versions and bytes over all, delete markers apart', () => {
    const acc = new UsageAccumulator();
    acc.add('b', [{ size: 100, isDeleteMarker: false }]);                                              // plain object
    acc.add('b', [{ size: 2 * MiB, isDeleteMarker: false }, { size: 10, isDeleteMarker: false }]);      // 2 versions
    acc.add('b', [{ size: 0, isDeleteMarker: true }, { size: 50, isDeleteMarker: false }]);             // deleted: latest is a marker
    acc.add('b', []);                                                                                    // tombstone
    acc.add('a', [{ size: 0, isDeleteMarker: false }]);
    const s = acc.snapshot(new Date('2026-01-01T00:00:00Z'));
    assert.deepEqual(Object.keys(s.buckets), ['a', 'b']);
    const b = s.buckets['b']!;
    assert.deepEqual([b.objects, b.versions, b.deleteMarkers, b.totalBytes, b.latestBytes], [2, 4, 1, 100 + 2 * MiB + 10 + 50, 100 + 2 * MiB]);
    assert.equal(b.sizeHistogram['LESS_THAN_1024_B'], 1);
    assert.equal(b.sizeHistogram['BETWEEN_1_MB_AND_10_MB'], 1);
    assert.equal(Object.values(b.sizeHistogram).reduce((n, v) => n + v, 0), b.objects, 'one count per object');
    assert.equal(s.buckets['a']!.objects, 1);
  });

  it('round-trips the stored document and refuses one it does not understand', () => {
    const acc = new UsageAccumulator();
    acc.add('x', [{ size: 7, isDeleteMarker: false }]);
    const s = acc.snapshot(new Date('2026-01-02T00:00:00Z'));
    assert.deepEqual(decodeUsageSnapshot(encodeUsageSnapshot(s)), s);
    assert.equal(decodeUsageSnapshot(Buffer.from('{"version":2,"lastUpdate":"x","buckets":{}}')), undefined);
    assert.equal(decodeUsageSnapshot(Buffer.from('not json')), undefined);
    assert.equal(decodeUsageSnapshot(Buffer.from('{"version":1,"lastUpdate":"x","buckets":{"b":{"objects":-1}}}')), undefined);
  });
});
