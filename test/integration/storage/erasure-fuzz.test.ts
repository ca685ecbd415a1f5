/**
 * Randomized (seeded, reproducible) data-path check: random sizes, block sizes, chunkings,
 * fault patterns and ranges. Up to m bad drives → exact bytes; more → QuorumError, never
 * wrong bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QuorumError } from '../../../src/errors/domain-errors.js';
import { makeSet, collect } from './erasure-harness.js';
import { mulberry32 as prng } from '../../helpers/seeded-random.js';

async function* randomChunks(data: Buffer, rnd: () => number): AsyncGenerator<Buffer> {
  let off = 0;
  while (off < data.length) {
    const n = 1 + Math.floor(rnd() * 3000);
    yield data.subarray(off, off + n);
    off += n;
  }
}

for (const [n, parity] of [[2, 1], [4, 2], [6, 3], [6, 2]] as const) {
  test(`fuzz ${n - parity}+${parity}: random objects, faults and ranges`, async () => {
    const rnd = prng(1000 * n + parity);
    const h = await makeSet(n, parity);
    try {
      for (let iter = 0; iter < 12; iter++) {
        const blockSize = [64, 1000, 4096, 65536][Math.floor(rnd() * 4)]!;
        const size = Math.floor(rnd() * 40_000);
        const data = Buffer.alloc(size);
        for (let i = 0; i < size; i++) data[i] = Math.floor(rnd() * 256);
        const layout = { ...h.set.layoutFor('fuzz', `obj-${iter}`), blockSize };
        const path = `data/fz/${iter}/part.1`;
        const res = await h.set.writeShards({ layout, path, body: randomChunks(data, rnd), expectedSize: size });
        assert.equal(res.size, size);
        for (let round = 0; round < 4; round++) {
          const badCount = Math.floor(rnd() * (parity + 2)); // sometimes one more than parity
          const bad = new Set<number>();
          while (bad.size < badCount) bad.add(Math.floor(rnd() * n));
          for (const d of bad) h.drives[d]!.set(rnd() < 0.5 ? { offline: true } : { corruptReads: true });
          try {
            const start = size === 0 ? undefined : Math.floor(rnd() * size);
            const end = start === undefined ? undefined : start + Math.floor(rnd() * (size - start));
            const stream = h.set.readShards({ layout, path, size, ...(start !== undefined ? { start, end: end! } : {}) });
            if (bad.size <= parity || size === 0) {
              const got = await collect(stream);
              const want = start === undefined ? data : data.subarray(start, end! + 1);
              assert.ok(got.equals(want), `iter ${iter} round ${round} bad ${[...bad]} range ${start}-${end} size ${size} bs ${blockSize}`);
            } else {
              await assert.rejects(collect(stream), QuorumError, `iter ${iter} round ${round} bad ${[...bad]}`);
            }
          } finally {
            for (const d of bad) h.drives[d]!.reset();
          }
        }
      }
    } finally { await h.cleanup(); }
  });
}
