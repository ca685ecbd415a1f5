import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomHex, randomInto, secureRandomBytes } from './random-pool.js';

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

test('secureRandomBytes: every byte handed out once (views of never-refilled slabs), large draws of their own', () => {
  const seen = new Set<string>();
  const spans = new Map<ArrayBufferLike, Array<[number, number]>>();
  for (let i = 0; i < 2000; i++) {
    const b = secureRandomBytes(i % 7 === 0 ? 12 : 32);
    seen.add(b.toString('hex'));
    const list = spans.get(b.buffer) ?? [];
    for (const [from, to] of list) assert.ok(b.byteOffset >= to || b.byteOffset + b.length <= from, 'two draws share bytes');
    list.push([b.byteOffset, b.byteOffset + b.length]);
    spans.set(b.buffer, list);
  }
  assert.equal(seen.size, 2000);
  assert.ok(spans.size > 1, 'a full slab is replaced, not refilled');
  // Wiping one key leaves the next draw alone.
  const a = secureRandomBytes(32);
  const b = secureRandomBytes(32);
  const before = Buffer.from(b);
  a.fill(0);
  assert.ok(b.equals(before));
  assert.equal(secureRandomBytes(0).length, 0);
  const big = secureRandomBytes(10_000);
  assert.equal(big.length, 10_000);
  assert.equal(big.buffer.byteLength, 10_000);
  assert.ok(!big.equals(Buffer.alloc(10_000)));
  assert.throws(() => secureRandomBytes(-1), RangeError);
});
