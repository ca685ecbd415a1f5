import { test } from 'node:test';
import assert from 'node:assert/strict';
import { giveBlockBuffer, pooledBlockBuffers, takeBlockBuffer } from './block-pool.js';

test('block buffers come back by kind, length and block size only, and the free list is bounded', () => {
  const before = pooledBlockBuffers();
  const BS = 4096 + 12; // a block size no other test uses
  const data = Buffer.alloc(BS);
  giveBlockBuffer('data', data, BS);
  assert.equal(takeBlockBuffer('parity', BS, BS), undefined, 'a data block is never handed out as parity');
  assert.equal(takeBlockBuffer('data', BS, BS + 8), undefined, 'nor for another block size');
  assert.equal(takeBlockBuffer('data', BS, BS), data);
  assert.equal(takeBlockBuffer('data', BS, BS), undefined, 'handed out once');
  for (let i = 0; i < 20; i++) giveBlockBuffer('parity', Buffer.alloc(BS), BS);
  let kept = 0;
  while (takeBlockBuffer('parity', BS, BS) !== undefined) kept++;
  assert.equal(kept, 8, 'at most 8 free buffers per key');
  assert.equal(pooledBlockBuffers(), before);
});
