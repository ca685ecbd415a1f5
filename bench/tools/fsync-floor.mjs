#!/usr/bin/env node
// The floor of a durable object write on this machine: objects per second when each object is
// 1 fsynced file (1 drive: the whole body) vs 4 fsynced files (EC 2+2: 2 data + 2 parity shards
// of half the body each, 2x the bytes), N objects in flight, through Node's fs (the libuv
// thread pool, as Cairn and the bare server do). Modes alternate round by round.
// Each object: mkdir <dir>, open, write, fdatasync, close, fsync of the parent dir (the shape of
// Cairn's data path); --bare drops the mkdir and dir fsync (one file per object, the ceiling's shape).
// Usage: node bench/tools/fsync-floor.mjs [--size 1MiB] [--inflight 8] [--seconds 3] [--rounds 3] [--dir /tmp]
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: o } = parseArgs({
  options: {
    size: { type: 'string', default: '1MiB' }, inflight: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '3' }, rounds: { type: 'string', default: '3' },
    dir: { type: 'string', default: os.tmpdir() }, bare: { type: 'boolean', default: false },
  },
});
const parseSize = (s) => { const m = /^(\d+)(KiB|MiB)?$/.exec(s); if (!m) throw new Error(`bad size ${s}`); return Number(m[1]) * (m[2] === 'MiB' ? 1 << 20 : m[2] === 'KiB' ? 1024 : 1); };
const size = parseSize(o.size);
const root = mkdtempSync(path.join(o.dir, 'fsync-floor-'));
const body = randomBytes(size);
let seq = 0;

async function syncDir(dir) { const h = await open(dir, 'r'); try { await h.sync(); } finally { await h.close(); } }

async function writeFile(file, data) {
  const h = await open(file, 'w', 0o600);
  try { await h.write(data, 0, data.length, 0); await h.datasync(); } finally { await h.close(); }
}

/** One object as `files` shard files, each on its own "drive" directory. */
async function putObject(files) {
  const id = String(seq++);
  const shard = files === 1 ? body : body.subarray(0, Math.ceil(size / 2));
  await Promise.all(Array.from({ length: files }, async (_, d) => {
    const fan = path.join(root, `d${d}`, id.slice(-2).padStart(2, '0'));
    if (o.bare) { await mkdir(fan, { recursive: true }); await writeFile(path.join(fan, id), shard); return; }
    const dir = path.join(fan, id);
    await mkdir(dir, { recursive: true });
    await Promise.all([writeFile(path.join(dir, 'part.1'), shard), syncDir(fan)]);
  }));
}

async function run(files) {
  const until = Date.now() + Number(o.seconds) * 1000;
  let n = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Number(o.inflight) }, async () => { while (Date.now() < until) { await putObject(files); n++; } }));
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(cpu0);
  return { ops: n / s, cpuUsPerOp: (c.user + c.system) / n };
}

const results = { 1: [], 4: [] };
try {
  for (let r = 0; r < Number(o.rounds); r++) {
    for (const files of [1, 4]) {
      results[files].push(await run(files));
      await rm(root, { recursive: true, force: true });
      await mkdir(root, { recursive: true });
    }
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
const one = med(results[1].map((x) => x.ops));
const four = med(results[4].map((x) => x.ops));
console.log(JSON.stringify({
  size: o.size, inflight: Number(o.inflight), shape: o.bare ? 'file per object' : 'mkdir + file + fdatasync + parent dir fsync',
  one_file: { ops_per_s_median: Math.round(one), ops_per_s_min: Math.round(Math.min(...results[1].map((x) => x.ops))), cpu_us_per_op: Math.round(med(results[1].map((x) => x.cpuUsPerOp))) },
  four_files: { ops_per_s_median: Math.round(four), ops_per_s_min: Math.round(Math.min(...results[4].map((x) => x.ops))), cpu_us_per_op: Math.round(med(results[4].map((x) => x.cpuUsPerOp))) },
  four_over_one: Math.round((four / one) * 100) / 100,
  loadavg: os.loadavg().map((x) => Math.round(x * 10) / 10),
}));
