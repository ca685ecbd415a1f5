import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BITROT_CRC32C, bitrotAlgorithm, makeFrame, openFrame } from './bitrot.js';
import { shardGeometry } from './shard-geometry.js';

test('bitrot: frame round-trips and any flipped bit is detected', () => {
  const algo = bitrotAlgorithm(BITROT_CRC32C)!;
  const shard = randomBytes(4096);
  const frame = makeFrame(algo, shard);
  assert.equal(frame.length, 4 + 4096);
  assert.ok(openFrame(algo, frame)!.equals(shard));
  for (const pos of [0, 3, 4, 100, frame.length - 1]) {
    const bad = Buffer.from(frame);
    bad[pos] = bad[pos]! ^ 0x10;
    assert.equal(openFrame(algo, bad), undefined, `flip at ${pos}`);
  }
  assert.equal(openFrame(algo, Buffer.alloc(2)), undefined);
  assert.equal(bitrotAlgorithm('md5-0'), undefined);
});

test('shard geometry: frame offsets and sizes for full and partial last block', () => {
  const layout = { k: 4, m: 2, blockSize: 1000, distribution: [0, 1, 2, 3, 4, 5], bitrot: BITROT_CRC32C };
  const g = shardGeometry(layout, 2500, 4);
  assert.equal(g.blocks, 3);
  assert.equal(g.shardSize(0), 256); // ceil(1000/4)=250 → 256
  assert.equal(g.frameSize(0), 260);
  assert.equal(g.blockLen(2), 500);
  assert.equal(g.shardSize(2), 128); // 125 → 128
  assert.equal(g.frameOffset(2), 520);
  assert.equal(g.fileSize, 520 + 132);
  const empty = shardGeometry(layout, 0, 4);
  assert.equal(empty.blocks, 0);
  assert.equal(empty.fileSize, 0);
  assert.throws(() => shardGeometry(layout, -1, 4), RangeError);
});
