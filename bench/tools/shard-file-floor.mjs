#!/usr/bin/env node
// The kernel's floor for durable object files, without Node, HTTP or hashing: compiles
// shard-file-floor.c (cc, from Debian's gcc) and runs its shapes alternately, round by round,
// on fresh directories under --dir: the bare server's (1 file of the body: temp file, fsync,
// rename), Cairn's one-block shard file on 1 drive (1 file of the body) and on EC 2+2 (4 files
// of half the body: exclusive create, write, fdatasync, close, directory fsync), and two
// variants of the EC 2+2 one: without the directory fsync, and with no per-file sync but a group
// syncfs(2) per batch of finished files. Prints the median objects/s and CPU µs per object of
// each, and each one's objects/s over the bare shape's.
//
//   node bench/tools/shard-file-floor.mjs [--size 256KiB] [--inflight 8] [--seconds 3] [--rounds 4] [--dir /work]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: o } = parseArgs({
  options: {
    size: { type: 'string', default: '256KiB' }, inflight: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '3' }, rounds: { type: 'string', default: '4' },
    dir: { type: 'string', default: process.cwd() },
  },
});
const parseSize = (s) => { const m = /^(\d+)(KiB|MiB)?$/.exec(s); if (!m) throw new Error(`bad size ${s}`); return Number(m[1]) * (m[2] === 'MiB' ? 1 << 20 : m[2] === 'KiB' ? 1024 : 1); };
const size = parseSize(o.size);
const half = Math.ceil(size / 2);
const shapes = [
  { name: 'bare, 1 file', shape: 'bare', files: 1, bytes: size },
  { name: 'cairn, 1 drive (1 file)', shape: 'cairn', files: 1, bytes: size },
  { name: 'cairn, EC 2+2 (4 files of half)', shape: 'cairn', files: 4, bytes: half },
  { name: 'EC 2+2 without the dir fsync', shape: 'nodir', files: 4, bytes: half },
  { name: 'EC 2+2, group syncfs instead', shape: 'group', files: 4, bytes: half },
];

const work = mkdtempSync(path.join(os.tmpdir(), 'shard-file-floor-bin-'));
const bin = path.join(work, 'shard-file-floor');
const src = path.join(path.dirname(fileURLToPath(import.meta.url)), 'shard-file-floor.c');
execFileSync('cc', ['-O2', '-pthread', '-o', bin, src], { stdio: 'inherit' });

const results = new Map(shapes.map((s) => [s.name, []]));
try {
  for (let r = 0; r < Number(o.rounds); r++) {
    const order = r % 2 === 0 ? shapes : [...shapes].reverse();
    for (const s of order) {
      const dir = mkdtempSync(path.join(o.dir, 'shard-file-floor-'));
      try {
        const out = execFileSync(bin, [dir, s.shape, String(s.bytes), String(s.files), o.seconds, o.inflight], { encoding: 'utf8' });
        const m = JSON.parse(out);
        results.get(s.name).push({ ops: m.objects / m.seconds, cpuUs: (m.cpuSeconds * 1e6) / m.objects });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
const bare = med(results.get(shapes[0].name).map((x) => x.ops));
console.log(`${o.size} objects, ${o.inflight} in flight, ${o.rounds} rounds of ${o.seconds} s (median; min-max objects/s), load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log('| shape | objects/s | CPU µs/object | ÷ bare |');
console.log('|---|---|---|---|');
for (const s of shapes) {
  const xs = results.get(s.name);
  const ops = xs.map((x) => x.ops);
  console.log(`| ${s.name} | ${Math.round(med(ops))} (${Math.round(Math.min(...ops))}-${Math.round(Math.max(...ops))}) | ${Math.round(med(xs.map((x) => x.cpuUs)))} | ${(med(ops) / bare).toFixed(2)} |`);
}
