#!/usr/bin/env node
// What the per-drive I/O counters (storage/drive/drive-io-stats.ts) cost a GET: the time of
// one begin()+end() pair (measured over millions of calls), the drive calls one GET makes
// (counted by the counters themselves, through the ObjectLayer on 4 drives, EC 2+2), and so
// the counters' share of a GET. A host too loaded to compare two full benchmark runs still
// gives these figures, since both are measured in the same process back to back.
//
//   npm run build && node bench/drive-io-overhead.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, '..', 'dist', 'src');
const { createStorage, HealthTrackedDrive } = await import(path.join(dist, 'storage', 'index.js'));
const { ErasureObjectLayer } = await import(path.join(dist, 'object', 'index.js'));
const { DriveIoStats, IO_READ } = await import(path.join(dist, 'storage', 'drive', 'drive-io-stats.js'));

// 1. One begin()+end() pair.
const stats = new DriveIoStats();
const N = 5_000_000;
for (let i = 0; i < 100_000; i++) stats.end(IO_READ, stats.begin(IO_READ));
let t0 = performance.now();
for (let i = 0; i < N; i++) stats.end(IO_READ, stats.begin(IO_READ));
const pairNs = ((performance.now() - t0) * 1e6) / N;

// 2. Drive calls and time per GET.
const root = mkdtempSync(path.join(os.tmpdir(), 'cairn-io-overhead-'));
const storage = await createStorage({ endpoints: [0, 1, 2, 3].map((i) => path.join(root, `d${i}`)) });
const layer = new ErasureObjectLayer(storage);
const calls = () => storage.drives.reduce((n, d) => n + (d instanceof HealthTrackedDrive ? d.ioStats().reduce((m, k) => m + k.count, 0) : 0), 0);
const rows = [];
try {
  await layer.makeBucket({ bucket: 'bench' });
  for (const [label, size, gets] of [['4 KiB', 4096, 2000], ['1 MiB', 1024 * 1024, 300]]) {
    const body = randomBytes(size);
    await layer.putObject({ bucket: 'bench', key: label, body: Readable.from([body]), size });
    const get = async () => {
      const r = await layer.getObject({ bucket: 'bench', key: label });
      if (r.bytes === undefined) for await (const chunk of r.body) r.releaseChunk?.(chunk);
    };
    for (let i = 0; i < 50; i++) await get();
    const c0 = calls();
    t0 = performance.now();
    for (let i = 0; i < gets; i++) await get();
    const perGetUs = ((performance.now() - t0) * 1000) / gets;
    const perGetCalls = (calls() - c0) / gets;
    rows.push({ label, perGetUs, perGetCalls, shareNs: perGetCalls * pairNs });
  }
} finally {
  await layer.close();
  rmSync(root, { recursive: true, force: true });
}
console.log(`begin()+end(): ${pairNs.toFixed(1)} ns (load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
for (const r of rows) {
  console.log(`GET ${r.label}: ${r.perGetUs.toFixed(0)} µs per GET in process, ${r.perGetCalls.toFixed(1)} drive calls -> counters ${(r.shareNs / 1000).toFixed(2)} µs (${((r.shareNs / 1000 / r.perGetUs) * 100).toFixed(3)} %)`);
}
