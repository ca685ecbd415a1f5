import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomHex, randomInto } from './random-pool.js';

test('randomHex gives well-formed, distinct values across pool refills', () => {
  const seen = new Set<string>();
  // 3,000 x 16 bytes crosses the 4 KiB pool boundary about a dozen times
  for (let i = 0; i < 3000; i++) {
    const h = randomHex(16);
    assert.match(h, /^[0-9a-f]{32}$/);
    assert.ok(!seen.has(h), 'a random value was handed out twice');
    seen.add(h);
  }
});

test('randomInto writes exactly n bytes at the offset and rejects oversized requests', () => {
  const out = Buffer.alloc(32, 0xaa);
  randomInto(out, 8, 16);
  assert.deepEqual(out.subarray(0, 8), Buffer.alloc(8, 0xaa));
  assert.deepEqual(out.subarray(24), Buffer.alloc(8, 0xaa));
  assert.throws(() => randomInto(Buffer.alloc(5000), 0, 5000), RangeError);
});
