#!/usr/bin/env node
// Where the audit log's time goes: Cairn (1 drive) with every request audited to a local
// webhook receiver, under `node --cpu-prof`, one s3bench workload; then the busy CPU time
// inclusive of each audit module (a sample counts for a file when any frame of its stack is
// in that file) and the top self time. With --strace, the same run under `strace -c -f`
// (syscall counts and time of the server process) instead of the profiler. With --threads,
// no profiler either: each thread's CPU time (/proc/PID/task) over the measured run, as its
// share of the server's CPU per request (main thread, the audit thread, libuv/V8 helpers).
//
//   npm run build && node bench/audit-profile.mjs [--row get-4KiB-c1 --batch 1 --seconds 8 --strace --threads --off --cairn-root DIR]
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { startCairn, stopServer, REPO_DIR } from './lib/servers.mjs';
import { measure } from './lib/s3bench-runner.mjs';
import { readProfiles, topSelfTime } from './lib/cpuprofile-top.mjs';
import { threadTicks, threadReport } from './lib/thread-cpu.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const ROW = opt('row', 'get-4KiB-c1');
const BATCH = opt('batch', '1');
const SECONDS = Number(opt('seconds', '8'));
const STRACE = args.includes('--strace');
const THREADS = args.includes('--threads');
const AUDIT = !args.includes('--off');
/** Another build to profile (a checkout with dist/ built), e.g. the commit before a change. */
const CAIRN_ROOT = opt('cairn-root', REPO_DIR);

let received = 0;
const receiver = createServer((req, res) => {
  let lines = 0;
  req.on('data', (c) => { for (const b of c) if (b === 10) lines++; });
  req.on('end', () => { received += Math.max(1, lines); res.writeHead(200, { 'content-length': 0 }); res.end(); });
});
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
const hook = `http://127.0.0.1:${receiver.address().port}/audit`;

const [op, , c] = ROW.split('-');
const d = ['-d', `${SECONDS}s`, '-w', '2s'];
const rowArgs = op === 'put'
  ? ['put', '-z', '4KiB', '-c', c.slice(1), ...d]
  : ['get', '-z', '4KiB', '-c', c.slice(1), '--objects', '1000', '--bucket', 'bench-keep', '--key-prefix', 'g4k-', '--prepare-if-missing', '--no-cleanup', ...d];

const root = mkdtempSync(path.join(os.tmpdir(), 'cairn-audit-prof-'));
const profDir = path.join(root, 'cpuprof');
mkdirSync(profDir, { recursive: true });
const env = AUDIT ? { CAIRN_AUDIT_WEBHOOK_ENDPOINT: hook, CAIRN_AUDIT_WEBHOOK_BATCH_SIZE: BATCH, CAIRN_PROMETHEUS_AUTH: 'public' } : {};
let server;
let strace;
try {
  server = await startCairn({ name: 'profiled', root, drives: 1, env, cairnRoot: CAIRN_ROOT, nodeArgs: STRACE || THREADS ? [] : ['--cpu-prof', '--cpu-prof-dir', profDir] });
  if (STRACE || THREADS) {
    // Prepare the objects first so the strace covers the measured workload only.
    if (op === 'get') await measure({ server, row: 'prepare', round: 0, args: rowArgs.map((a) => (a === `${SECONDS}s` ? '1s' : a)), timeoutMs: 120_000 });
    if (STRACE) strace = spawn('strace', ['-c', '-f', '-p', String(server.pid), '-o', path.join(root, 'strace.txt')], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 500));
  }
  const before = THREADS ? threadTicks(server.pid) : undefined;
  const j = await measure({ server, row: ROW, round: 1, args: rowArgs, timeoutMs: (SECONDS + 120) * 1000 });
  console.log(`${ROW} audit ${AUDIT ? `b${BATCH}` : 'off'}: ${j.ops_per_s} ops/s p50 ${j.latency_ms?.p50} ms, server CPU ${JSON.stringify(j.server_cpu ?? j.cpu ?? null)}; webhook received ${received}`);
  if (before) console.log(threadReport(before, threadTicks(server.pid), j.server_cpu?.us_per_op));
  if (strace) {
    strace.kill('SIGINT');
    await new Promise((r) => strace.once('exit', r));
    console.log(readFileSync(path.join(root, 'strace.txt'), 'utf8'));
  }
} finally {
  await stopServer(server);
  receiver.close();
}
if (!STRACE && !THREADS) {
  const files = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(profDir, f));
  const profiles = readProfiles(files);
  // Inclusive busy time per src file (idle and program/GC frames excluded from the total).
  const incl = new Map();
  let busy = 0;
  for (const p of profiles) {
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of p.nodes) for (const ch of n.children ?? []) parent.set(ch, n.id);
    const self = new Map();
    p.samples.forEach((s, i) => self.set(s, (self.get(s) ?? 0) + Math.max(0, p.timeDeltas[i] ?? 0)));
    for (const [id, us] of self) {
      if (byId.get(id).callFrame.functionName === '(idle)') continue;
      busy += us;
      const seen = new Set();
      for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
        const cf = byId.get(cur).callFrame;
        const m = /\/dist\/src\/(.*)\.js$/.exec(cf.url ?? '');
        const key = m ? m[1] : undefined;
        if (key && !seen.has(key)) { seen.add(key); incl.set(key, (incl.get(key) ?? 0) + us); }
      }
    }
  }
  console.log(`busy CPU ${(busy / 1000).toFixed(0)} ms over the server's life; inclusive share per module:`);
  for (const [k, us] of [...incl].filter(([k]) => /audit|request-events|metrics/.test(k)).sort((a, b) => b[1] - a[1])) {
    console.log(`  ${(100 * us / busy).toFixed(1).padStart(5)}%  ${k}`);
  }
  // Who calls the native write functions (socket or file?): self time by the caller chain.
  for (const fn of ['writeBuffer', 'writev', 'writeLatin1String', 'writeUtf8String']) {
    const by = new Map();
    for (const p of profiles) {
      const byId = new Map(p.nodes.map((n) => [n.id, n]));
      const parent = new Map();
      for (const n of p.nodes) for (const ch of n.children ?? []) parent.set(ch, n.id);
      p.samples.forEach((s, i) => {
        if (byId.get(s).callFrame.functionName !== fn) return;
        const chain = [];
        for (let cur = parent.get(s); cur !== undefined && chain.length < 6; cur = parent.get(cur)) {
          const cf = byId.get(cur).callFrame;
          chain.push(`${cf.functionName || '(anon)'}@${path.basename(cf.url ?? '')}`);
        }
        const k = chain.join(' < ');
        by.set(k, (by.get(k) ?? 0) + Math.max(0, p.timeDeltas[i] ?? 0));
      });
    }
    for (const [k, us] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 4)) console.log(`  ${fn} ${(100 * us / busy).toFixed(1)}%: ${k}`);
  }
  const top = topSelfTime(profiles, { repoDir: CAIRN_ROOT, limit: 30 });
  console.log('top self time:');
  for (const t of top.top) console.log(`  ${String(t.pct).padStart(5)}%  ${t.name}`);
}
rmSync(root, { recursive: true, force: true });
