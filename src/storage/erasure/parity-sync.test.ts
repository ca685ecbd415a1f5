import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { encodeParitySync } from './parity-sync.js';
import { shardSizeFor } from './reed-solomon-codec.js';

interface Native {
  create(k: number, m: number): Buffer;
  encode(ctx: Buffer, s: number, t: number, b: Buffer, bo: number, bs: number, p: Buffer, po: number, ps: number, cb: (e?: Error | null) => void): void;
}
const native = createRequire(import.meta.url)('@ronomon/reed-solomon') as Native;

function nativeParity(ctx: Buffer, k: number, m: number, buffer: Buffer, shardSize: number): Promise<Buffer> {
  const parity = Buffer.alloc(m * shardSize);
  let sources = 0;
  for (let i = 0; i < k; i++) sources |= 1 << i;
  let targets = 0;
  for (let i = k; i < k + m; i++) targets |= 1 << i;
  return new Promise((resolve, reject) => native.encode(ctx, sources, targets, buffer, 0, buffer.length, parity, 0, parity.length,
    (err) => (err ? reject(err) : resolve(parity))));
}

test('synchronous parity equals the native encoder, byte for byte', async () => {
  const layouts: [number, number][] = [[1, 1], [1, 3], [2, 1], [2, 2], [3, 1], [3, 3], [4, 2], [5, 3], [6, 2], [8, 4], [12, 4]];
  const lengths = [1, 7, 100, 1000, 4096, 4097, 30_000, 65_536, 200_000];
  for (const [k, m] of layouts) {
    const ctx = native.create(k, m);
    for (const len of lengths) {
      const shardSize = shardSizeFor(k, m, len);
      const buffer = Buffer.alloc(k * shardSize);
      randomBytes(len).copy(buffer);
      const want = await nativeParity(ctx, k, m, buffer, shardSize);
      const got = Buffer.alloc(m * shardSize);
      encodeParitySync(ctx, buffer, got, shardSize);
      assert.ok(got.equals(want), `k=${k} m=${m} len=${len}`);
    }
  }
});

test('unaligned views (pooled buffers) give the same parity', async () => {
  const k = 2; const m = 2;
  const ctx = native.create(k, m);
  const shardSize = shardSizeFor(k, m, 4096);
  const backing = Buffer.alloc(k * shardSize + 3);
  const buffer = backing.subarray(3);
  randomBytes(4096).copy(buffer);
  const want = await nativeParity(ctx, k, m, Buffer.from(buffer), shardSize);
  const parityBacking = Buffer.alloc(m * shardSize + 1);
  const got = parityBacking.subarray(1);
  encodeParitySync(ctx, buffer, got, shardSize);
  assert.ok(got.equals(want));
});

test('mismatched sizes are refused with a RangeError', () => {
  const ctx = native.create(2, 2);
  assert.throws(() => encodeParitySync(ctx, Buffer.alloc(8), Buffer.alloc(16), 8), RangeError);
  assert.throws(() => encodeParitySync(ctx.subarray(0, 10), Buffer.alloc(16), Buffer.alloc(16), 8), RangeError);
});
