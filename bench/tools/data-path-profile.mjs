#!/usr/bin/env node
// Data path profile: ErasureSet.writeShards / readShards called directly (no HTTP, no object
// layer) on mkdtemp drives, a body fed in 64 KiB chunks as HTTP delivers it. Reports process
// CPU (user+sys) per MiB and per object, and MiB/s, for PUT (encode + frame + write + fdatasync)
// and GET (read + verify + join), best of --runs.
// Usage: npm run build && node bench/tools/data-path-profile.mjs [--mib 64] [--drives 1,4] [--runs 3] [--block BYTES] [--md5]
// Under the profiler: node --cpu-prof --cpu-prof-dir=/tmp/prof bench/tools/data-path-profile.mjs --drives 4
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createStorage } from '../../dist/src/storage/index.js';

const { values } = parseArgs({
  options: {
    mib: { type: 'string', default: '64' },
    drives: { type: 'string', default: '1,4' },
    runs: { type: 'string', default: '3' },
    chunk: { type: 'string', default: '65536' },
    md5: { type: 'boolean', default: false }, // hash the body as put-object does (onData: md5.update)
    block: { type: 'string' }, // erasure block size in bytes (default: the storage default, 1 MiB)
  },
});
const mib = Number(values.mib);
const runs = Math.max(1, Math.min(20, Number(values.runs)));
const chunkSize = Number(values.chunk);
const driveCounts = values.drives.split(',').map(Number);
const size = mib * 1024 * 1024;
const source = randomBytes(size);

async function* body() {
  // Fresh chunk views as a socket would deliver them (bounded by size).
  for (let off = 0; off < size; off += chunkSize) yield source.subarray(off, Math.min(off + chunkSize, size));
}

function md5Sink() {
  const h = createHash('md5');
  return (c) => { h.update(c); };
}

function cpuMs(start) {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000;
}

async function measure(fn) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wall = performance.now() - t0;
  return { cpu: cpuMs(c0), wall };
}

const rows = [];
for (const n of driveCounts) {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-dpp-'));
  try {
    const storage = await createStorage({ endpoints: Array.from({ length: n }, (_, i) => join(dir, `d${i}`)), ...(values.block ? { blockSize: Number(values.block) } : {}) });
    const set = storage.sets[0];
    const layout = set.layoutFor('bench', 'obj');
    let bestPut;
    let bestGet;
    for (let r = 0; r < runs; r++) {
      const path = `tmp/run${r}/part.1`;
      const put = await measure(() => set.writeShards({ layout, path, body: body(), expectedSize: size, ...(values.md5 ? { onData: md5Sink() } : {}) }));
      const get = await measure(() => new Promise((resolve, reject) => {
        // 'data' events (flowing mode) as res.pipe() consumes it: no re-concatenation of chunks.
        let got = 0;
        const rs = set.readShards({ layout, path, size });
        rs.on('data', (c) => {
          if (got < 1 << 20 && !c.equals(source.subarray(got, got + c.length))) rs.destroy(new Error('data mismatch'));
          got += c.length;
        });
        rs.on('error', reject);
        rs.on('end', () => (got === size ? resolve() : reject(new Error(`read ${got} of ${size}`))));
      }));
      if (bestPut === undefined || put.cpu < bestPut.cpu) bestPut = put;
      if (bestGet === undefined || get.cpu < bestGet.cpu) bestGet = get;
      await Promise.all(storage.drives.map((d) => d.remove(`tmp/run${r}`)));
    }
    for (const [op, m] of [['PUT', bestPut], ['GET', bestGet]]) {
      rows.push({ drives: n, ec: `${set.k}+${set.m}`, op, cpuMs: m.cpu, cpuMsPerMiB: m.cpu / mib, mibPerSec: mib / (m.wall / 1000) });
    }
    await storage.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`| drives | EC | op | CPU ms / ${mib} MiB | CPU ms / MiB | MiB/s |`);
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.drives} | ${r.ec} | ${r.op} | ${r.cpuMs.toFixed(0)} | ${r.cpuMsPerMiB.toFixed(2)} | ${r.mibPerSec.toFixed(0)} |`);
}
