#!/usr/bin/env node
// Foreground cost of the bitrot scrub: GetObject latency and throughput through the
// ObjectLayer (4 drives, EC 2+2, 1 MiB objects, 8 in flight) measured three ways in the same
// run, interleaved A B C A B C: no scrub; the scrub at its default pace (CAIRN_SCRUB_RATE,
// 64 MiB/s of object data); the scrub unpaced (what `cairn admin heal --deep` does). The scrub
// runs deep heal passes (every frame of every shard on every drive read and verified) over the
// same objects the GETs read, back to back for the whole measurement.
//
//   npm run build && node bench/scrub-impact.mjs [--seconds 8] [--rounds 2] [--out bench/results]
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, '..', 'dist', 'src');
const { createStorage } = await import(path.join(dist, 'storage', 'index.js'));
const { ErasureObjectLayer } = await import(path.join(dist, 'object', 'index.js'));
const { createObjectHealer } = await import(path.join(dist, 'object', 'heal', 'index.js'));
const { Scrubber, DEFAULT_SCRUB_BYTES_PER_SECOND } = await import(path.join(dist, 'workers', 'index.js'));

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const SECONDS = Number(opt('seconds', '8'));
const ROUNDS = Number(opt('rounds', '2'));
const outDir = opt('out', path.join(here, 'results'));
const MiB = 1024 * 1024;
const OBJECTS = 64;
const CONCURRENCY = 8;

const root = mkdtempSync(path.join(os.tmpdir(), 'cairn-scrub-bench-'));
const storage = await createStorage({ endpoints: [0, 1, 2, 3].map((i) => path.join(root, `d${i}`)) });
const layer = new ErasureObjectLayer(storage);
const healer = createObjectHealer(layer.context);
await layer.makeBucket({ bucket: 'bench' });
const body = randomBytes(MiB);
for (let i = 0; i < OBJECTS; i++) await layer.putObject({ bucket: 'bench', key: `o${i}`, body: Readable.from([body]), size: MiB });

async function getLoop(deadline, lat) {
  for (let i = 0; Date.now() < deadline; i++) {
    const t = process.hrtime.bigint();
    const res = await layer.getObject({ bucket: 'bench', key: `o${(i * 7919) % OBJECTS}` });
    let n = 0;
    for await (const c of res.body) n += c.length;
    if (n !== MiB) throw new Error(`short read ${n}`);
    lat.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
}

async function measure(mode) {
  const lat = [];
  const stop = new AbortController();
  let scrubbed = 0;
  let passes = 0;
  const scrubbing = mode === 'none' ? Promise.resolve() : (async () => {
    const limits = mode === 'paced' ? { bytesPerSecond: DEFAULT_SCRUB_BYTES_PER_SECOND } : {};
    const scrub = new Scrubber(healer, { limits });
    while (!stop.signal.aborted) {
      const s = await scrub.scrubPass(stop.signal);
      if (s === undefined) break;
      scrubbed += s.bytesVerified;
      passes++;
    }
  })();
  const began = Date.now();
  const deadline = began + SECONDS * 1000;
  await Promise.all(Array.from({ length: CONCURRENCY }, () => getLoop(deadline, lat)));
  const elapsed = (Date.now() - began) / 1000;
  stop.abort();
  await scrubbing;
  lat.sort((a, b) => a - b);
  const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
  return { mode, gets_per_s: lat.length / elapsed, p50_ms: q(0.5), p99_ms: q(0.99), scrub_mib_per_s: scrubbed / MiB / elapsed, scrub_passes: passes };
}

const results = [];
for (let r = 0; r < ROUNDS; r++) for (const mode of ['none', 'paced', 'unpaced']) {
  const m = await measure(mode);
  results.push({ round: r + 1, ...m });
  console.error(`[scrub-impact] r${r + 1} ${mode}: ${m.gets_per_s.toFixed(1)} GET/s p50 ${m.p50_ms.toFixed(2)} ms p99 ${m.p99_ms.toFixed(2)} ms, scrub ${m.scrub_mib_per_s.toFixed(1)} MiB/s (${m.scrub_passes} passes)`);
}
await layer.close();
rmSync(root, { recursive: true, force: true });

const byMode = (mode) => results.filter((x) => x.mode === mode);
const avg = (xs, k) => xs.reduce((s, x) => s + x[k], 0) / xs.length;
const base = byMode('none');
const lines = [
  '## Scrub impact on foreground GETs',
  '',
  `${new Date().toISOString()}, Node ${process.version}, ${os.cpus().length} cores; ObjectLayer on 4 drives (EC 2+2), ${OBJECTS} objects of 1 MiB, ${CONCURRENCY} GETs in flight, ${SECONDS} s per run, ${ROUNDS} rounds interleaved.`,
  '',
  '| scrub | GET/s | ÷ no scrub | p50 ms | p99 ms | scrub verified MiB/s |',
  '|---|---|---|---|---|---|',
  ...['none', 'paced', 'unpaced'].map((mode) => {
    const xs = byMode(mode);
    return `| ${mode === 'none' ? 'off' : mode === 'paced' ? `paced (${DEFAULT_SCRUB_BYTES_PER_SECOND / MiB} MiB/s, default)` : 'unpaced (admin heal --deep)'} | ${avg(xs, 'gets_per_s').toFixed(1)} | ${(avg(xs, 'gets_per_s') / avg(base, 'gets_per_s')).toFixed(2)} | ${avg(xs, 'p50_ms').toFixed(2)} | ${avg(xs, 'p99_ms').toFixed(2)} | ${avg(xs, 'scrub_mib_per_s').toFixed(1)} |`;
  }),
  '',
];
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'scrub-impact-latest.md'), `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
