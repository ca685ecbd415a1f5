#!/usr/bin/env node
// Paired A/B of two Cairn commits on the data-path rows, in one run on a busy machine:
// the bare ceiling, Cairn at --base and Cairn at --head (1 drive and 4 drives EC 2+2 each) are
// all started once and measured row by row, round by round, in turn (ceiling, base, head, ...),
// so machine drift hits every server alike. Prints min / median ops/s and server CPU per op,
// and the ratio to the ceiling of the same round (median over rounds).
// Usage: node bench/ab-data-path.mjs --base COMMIT [--head COMMIT|worktree] [--rounds 3]
//          [--only REGEX] [--drives 1,4] [--duration 4]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_DIR, startBare, startCairn, stopServer } from './lib/servers.mjs';
import { buildMatrix } from './lib/matrix.mjs';
import { measure } from './lib/s3bench-runner.mjs';

const { values: o } = parseArgs({
  options: {
    base: { type: 'string' }, head: { type: 'string', default: 'worktree' },
    rounds: { type: 'string', default: '3' }, only: { type: 'string', default: '^(put|get)-(256KiB|1MiB)-c8$' },
    drives: { type: 'string', default: '1,4' }, duration: { type: 'string', default: '4' },
  },
});
if (!o.base) { console.error('--base COMMIT is required'); process.exit(2); }
const log = (m) => console.error(`[ab ${new Date().toISOString().slice(11, 19)}] ${m}`);
const temps = [];
const live = [];

/** A private build of one commit (git archive + tsc), like cairn-build.mjs does for HEAD. */
function buildCommit(commit) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-ab-'));
  temps.push(dir);
  const tar = spawnSync('git', ['-C', REPO_DIR, 'archive', '--format=tar', commit, 'src', 'bin', 'package.json', 'tsconfig.json'], { maxBuffer: 1 << 30 });
  if (tar.status !== 0) throw new Error(`git archive ${commit}: ${tar.stderr}`);
  spawnSync('tar', ['-x', '-C', dir], { input: tar.stdout });
  symlinkSync(path.join(REPO_DIR, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeFileSync(path.join(dir, 'tsconfig.ab.json'), JSON.stringify({ extends: './tsconfig.json', include: ['src/**/*.ts'], exclude: ['src/**/*.test.ts'] }));
  const tsc = spawnSync(process.execPath, [path.join(REPO_DIR, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.ab.json'], { cwd: dir, encoding: 'utf8' });
  if (tsc.status !== 0) log(`tsc ${commit}: ${tsc.stdout.split('\n')[0]}`);
  return dir;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

async function main() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'cairn-ab-run-'));
  temps.push(root);
  log(`building base ${o.base}`);
  const baseRoot = buildCommit(o.base);
  const headRoot = o.head === 'worktree' ? REPO_DIR : buildCommit(o.head);
  const servers = [];
  const start = async (name, fn) => { const dir = path.join(root, name); mkdirSync(dir, { recursive: true }); const s = await fn(dir); live.push(s); servers.push(s); log(`${name} pid ${s.pid}`); };
  await start('ceiling', (dir) => startBare({ name: 'ceiling', root: dir }));
  for (const n of o.drives.split(',').map(Number)) {
    await start(`base-${n}d`, (dir) => startCairn({ name: `base-${n}d`, root: dir, drives: n, cairnRoot: baseRoot }));
    await start(`head-${n}d`, (dir) => startCairn({ name: `head-${n}d`, root: dir, drives: n, cairnRoot: headRoot }));
  }
  const rows = buildMatrix({ quick: false, durationS: Number(o.duration), warmupS: 1, bigListObjects: 1000 })
    .filter((r) => !r.target && new RegExp(o.only).test(r.label));
  const res = [];
  for (const row of rows) {
    for (let round = 1; round <= Number(o.rounds); round++) {
      for (const s of servers) {
        const j = await measure({ server: s, row: row.label, round, args: row.args, timeoutMs: row.timeoutMs });
        log(`${row.label} ${s.name} r${round}: ${j.failed ? `FAILED ${j.error}` : `${j.ops_per_s} ops/s, ${j.server_cpu?.us_per_op} µs/op, errors ${j.errors}`}`);
        res.push(j);
      }
    }
  }
  const lines = ['| row | server | ops/s min | ops/s median | ÷ ceiling (median of rounds) | srv CPU µs/op median | errors |', '|---|---|---|---|---|---|---|'];
  for (const row of rows) {
    const ceil = new Map(res.filter((j) => j.row === row.label && j.name === 'ceiling').map((j) => [j.round, j.ops_per_s]));
    for (const s of servers) {
      const js = res.filter((j) => j.row === row.label && j.name === s.name && !j.failed);
      if (!js.length) { lines.push(`| ${row.label} | ${s.name} | failed | | | | |`); continue; }
      const ops = js.map((j) => j.ops_per_s);
      const ratios = js.map((j) => j.ops_per_s / (ceil.get(j.round) ?? NaN));
      const cpu = js.map((j) => j.server_cpu?.us_per_op ?? NaN);
      lines.push(`| ${row.label} | ${s.name} | ${Math.min(...ops).toFixed(1)} | ${median(ops).toFixed(1)} | ${s.name === 'ceiling' ? '–' : median(ratios).toFixed(2)} | ${Math.round(median(cpu))} | ${js.reduce((a, j) => a + (j.errors ?? 0), 0)} |`);
    }
  }
  const busy = res.map((j) => j.machine?.busy_pct).filter((x) => x != null);
  lines.push('', `${new Date().toISOString()}, base ${o.base}, head ${o.head}, ${o.rounds} rounds of ${o.duration} s; machine CPU busy median ${median(busy).toFixed(0)}% (shared machine: compare ratios, not absolute figures).`);
  console.log(lines.join('\n'));
}

async function cleanup() {
  for (const s of live.splice(0)) await stopServer(s).catch(() => undefined);
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { log(`${sig}: stopping servers`); cleanup().finally(() => process.exit(130)); });

try {
  await main();
} finally {
  await cleanup();
}
