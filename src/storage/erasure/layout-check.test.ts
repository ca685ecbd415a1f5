import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLayout, distributionFor } from './layout-check.js';
import { BITROT_CRC32C } from './bitrot.js';

test('distribution: a permutation per key, rotated so shard 0 lands on different drives', () => {
  const firstDrive = new Set<number>();
  for (let i = 0; i < 200; i++) {
    const d = distributionFor('bucket', `key-${i}`, 6);
    assert.deepEqual([...d].sort(), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(d, distributionFor('bucket', `key-${i}`, 6));
    firstDrive.add(d.indexOf(0));
  }
  assert.equal(firstDrive.size, 6);
  assert.deepEqual(distributionFor('b', 'k', 1), [0]);
});

test('checkLayout: accepts a sound layout, refuses malformed stored ones with CorruptRecordError', () => {
  const good = { k: 2, m: 2, blockSize: 1024, distribution: [2, 3, 0, 1], bitrot: BITROT_CRC32C };
  const c = checkLayout(good, 4);
  assert.deepEqual(c.shardToDrive, [2, 3, 0, 1]);
  const bad: unknown[] = [
    { ...good, k: 0 }, { ...good, k: 3 }, { ...good, m: -1 }, { ...good, blockSize: 0 }, { ...good, blockSize: 1.5 },
    { ...good, blockSize: 1 << 30 }, { ...good, distribution: [0, 1, 2] }, { ...good, distribution: [0, 1, 2, 2] },
    { ...good, distribution: [0, 1, 2, 4] }, { ...good, distribution: 'x' }, { ...good, bitrot: 'none' },
  ];
  for (const l of bad) assert.throws(() => checkLayout(l as typeof good, 4), { code: 'ERR_STORAGE_CORRUPT_RECORD' }, JSON.stringify(l));
});
