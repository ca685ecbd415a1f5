import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { allocShortLived, MAX_SLAB_PIECE } from './short-lived-slab.js';

describe('allocShortLived', () => {
  it('hands out disjoint views of the requested sizes, 8-byte aligned, across slab changes', () => {
    const pieces: Buffer[] = [];
    for (let i = 0; i < 400; i++) {
      const n = (i * 977) % (MAX_SLAB_PIECE + 1);
      const b = allocShortLived(n);
      assert.equal(b.length, n);
      assert.equal(b.byteOffset % 8, 0);
      b.fill(i & 0xff);
      pieces.push(b);
    }
    // Every piece still holds its own fill: no two overlap.
    pieces.forEach((b, i) => assert.ok(b.every((x) => x === (i & 0xff)), `piece ${i}`));
  });

  it('larger sizes are buffers of their own; bad sizes are refused', () => {
    const big = allocShortLived(MAX_SLAB_PIECE + 1);
    assert.equal(big.length, MAX_SLAB_PIECE + 1);
    assert.equal(big.buffer.byteLength, MAX_SLAB_PIECE + 1);
    assert.throws(() => allocShortLived(-1), RangeError);
    assert.throws(() => allocShortLived(1.5), RangeError);
  });
});
