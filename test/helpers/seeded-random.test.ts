import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32 } from './seeded-random.js';

test('mulberry32: reproducible per seed, in [0, 1), different across seeds', () => {
  const a = mulberry32(42);
  const b = mulberry32(42);
  const first = Array.from({ length: 1000 }, () => a());
  assert.deepEqual(Array.from({ length: 1000 }, () => b()), first);
  assert.ok(first.every((x) => x >= 0 && x < 1));
  assert.ok(new Set(first).size > 990, 'no short cycle');
  const mean = first.reduce((s, x) => s + x, 0) / first.length;
  assert.ok(mean > 0.45 && mean < 0.55, `mean ${mean}`);
  assert.notDeepEqual(Array.from({ length: 10 }, mulberry32(43)), first.slice(0, 10));
  // Known first output of mulberry32(1) (reference implementation).
  assert.equal(mulberry32(1)(), 0.6270739405881613);
});
