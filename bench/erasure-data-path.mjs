#!/usr/bin/env node
// End-to-end storage data path on local temp drives: writeShards (encode + frame + write +
// fsync on every drive) and readShards (read k frames per block + verify + join) of one object.
// Usage: npx tsc -p tsconfig.json && node bench/erasure-data-path.mjs [MiB=64] [drives=4]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDrive } from '../dist/src/storage/drive/local-drive.js';
import { ErasureSetImpl } from '../dist/src/storage/erasure/erasure-set.js';
import { defaultParity } from '../dist/src/storage/placement/topology.js';

const sizeMiB = Number(process.argv[2] ?? 64);
const n = Number(process.argv[3] ?? 4);
const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-dp-'));
try {
  const drives = await Promise.all(Array.from({ length: n }, (_, i) => LocalDrive.open(join(dir, `d${i}`))));
  const set = new ErasureSetImpl({ index: 0, drives, parity: defaultParity(n) });
  const chunk = randomBytes(64 * 1024);
  const size = sizeMiB * 1024 * 1024;
  async function* body() { for (let i = 0; i < size; i += chunk.length) yield chunk; }
  const layout = set.layoutFor('bench', 'obj');
  let t0 = performance.now();
  await set.writeShards({ layout, path: 'tmp/bench/part.1', body: body(), expectedSize: size });
  let secs = (performance.now() - t0) / 1000;
  console.log(`write ${sizeMiB} MiB over ${n} drives (${set.k}+${set.m}, fsync): ${(sizeMiB / secs).toFixed(0)} MiB/s`);
  t0 = performance.now();
  let got = 0;
  for await (const c of set.readShards({ layout, path: 'tmp/bench/part.1', size })) got += c.length;
  secs = (performance.now() - t0) / 1000;
  if (got !== size) throw new Error(`read ${got} of ${size}`);
  console.log(`read  ${sizeMiB} MiB over ${n} drives (page cache warm):  ${(sizeMiB / secs).toFixed(0)} MiB/s`);
  await Promise.all(drives.map((d) => d.close()));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
