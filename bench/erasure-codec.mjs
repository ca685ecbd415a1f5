#!/usr/bin/env node
// Micro-benchmark of the storage data-path kernels: Reed-Solomon encode / reconstruct of one
// 1 MiB erasure block (native, libuv threadpool) and the crc32c bitrot checksum.
// Usage: npx tsc -p tsconfig.json && node bench/erasure-codec.mjs
import { randomBytes } from 'node:crypto';
import { crc32c } from '@node-rs/crc32';
import { ReedSolomonCodec } from '../dist/src/storage/erasure/reed-solomon-codec.js';

const MiB = 1024 * 1024;
const block = randomBytes(MiB);

async function timeIt(label, iterations, concurrency, fn) {
  for (let i = 0; i < 20; i++) await fn(); // warm-up
  const t0 = process.hrtime.bigint();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < iterations) { next++; await fn(); }
  }));
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const mibs = (iterations * MiB) / MiB / secs;
  console.log(`${label.padEnd(44)} ${(secs / iterations * 1000).toFixed(3).padStart(8)} ms/block  ${mibs.toFixed(0).padStart(6)} MiB/s of data`);
}

for (const [k, m] of [[2, 2], [4, 2], [12, 4]]) {
  const codec = new ReedSolomonCodec(k, m);
  const shards = await codec.encodeBlock(block);
  const lost = shards.map((s, i) => (i < m ? undefined : s)); // lose m data shards: worst case decode
  await timeIt(`encode 1 MiB ${k}+${m} (1 in flight)`, 400, 1, () => codec.encodeBlock(block));
  await timeIt(`encode 1 MiB ${k}+${m} (4 in flight)`, 400, 4, () => codec.encodeBlock(block));
  await timeIt(`reconstruct 1 MiB ${k}+${m}, ${m} data shards lost`, 400, 1, () => codec.reconstruct(lost, MiB));
}
await timeIt('crc32c 1 MiB (main thread)', 2000, 1, async () => { crc32c(block); });
