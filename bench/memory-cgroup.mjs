#!/usr/bin/env node
// Cairn in a memory cgroup against Cairn unlimited: the mixed 64 KiB workload (45% GET, 30%
// HEAD, 15% PUT, 10% DELETE, 128 in flight) on 4 drives, once with the server inside a memory
// cgroup of --limit and once inside a cgroup with no limit (same figures both ways), in turn.
// Reports ops/s, errors, the ratio, anonymous / file-backed memory over time (cgroup
// memory.stat and /proc/<pid>/status), OOM kills, limit hits and data.mdb sizes. Needs root.
//
//   npm run bench:memory -- [--limit 1GiB] [--duration 120s] [--rounds 1] [--drives 4]
//        [--concurrency 128] [--size 64KiB] [--objects 500] [--sample 5s] [--order limited,unlimited]
//        [--inline-threshold BYTES] [--env K=V]... [--cairn-root DIR] [--out FILE]
// (--cairn-root: the repo dir of another build to run, e.g. a worktree of an older commit.)
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_DIR, REPO_DIR, startCairn, stopServer } from './lib/servers.mjs';
import { runS3bench, lastJson } from './lib/s3bench-runner.mjs';
import { parseKeyValues, MemoryCgroup, dataMdbSizes } from './lib/memory-cgroup.mjs';
import { parseSize, parseDur } from './tools/lib/config.mjs';
import { procTree } from './lib/proc-stats.mjs';

const HELP = `bench/memory-cgroup.mjs — Cairn under a memory cgroup limit vs unlimited (needs root)
  --limit SIZE            memory limit of the limited run (default 1GiB)
  --duration T            measured time per run (default 120s; the issue's target run is 10m)
  --rounds N              limited+unlimited pairs (default 1)
  --order A,B             run order within a round (default limited,unlimited)
  --drives N              drives (default 4: EC 2+2)
  --concurrency N         in flight (default 128)
  --size SIZE             object size (default 64KiB)
  --objects N             objects prepared before the mix (default 500)
  --mix SPEC              s3bench mix (default get=45,head=30,put=15,delete=10)
  --sample T              memory sampling interval (default 5s)
  --inline-threshold N    CAIRN_INLINE_THRESHOLD for the server (default: the server's default)
  --env K=V               extra server environment (repeatable)
  --cairn-root DIR        run the build in DIR (a repo dir with dist/, e.g. an older commit's worktree)
  --out FILE              JSON result (default bench/results/memory-cgroup-latest.json, + .md)`;

function parseArgs(argv) {
  const o = { limit: '1GiB', duration: '120s', rounds: '1', order: 'limited,unlimited', drives: '4', concurrency: '128', size: '64KiB', objects: '500', mix: 'get=45,head=30,put=15,delete=10', sample: '5s', env: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') { console.log(HELP); process.exit(0); }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unexpected argument ${a}\n${HELP}`);
    const key = m[1].replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    const val = m[2] ?? argv[++i];
    if (val === undefined) throw new Error(`--${m[1]} needs a value`);
    if (key === 'env') o.env.push(val); else if (key in o || key === 'inlineThreshold' || key === 'out' || key === 'cairnRoot') o[key] = val; else throw new Error(`unknown option --${m[1]}\n${HELP}`);
  }
  const order = o.order.split(',');
  if (!order.every((x) => x === 'limited' || x === 'unlimited')) throw new Error('--order takes limited,unlimited');
  const env = {};
  for (const kv of o.env) { const j = kv.indexOf('='); if (j <= 0) throw new Error(`--env K=V, got ${kv}`); env[kv.slice(0, j)] = kv.slice(j + 1); }
  if (o.inlineThreshold !== undefined) env.CAIRN_INLINE_THRESHOLD = String(parseSize(o.inlineThreshold));
  return {
    limitBytes: parseSize(o.limit), durationMs: parseDur(o.duration), rounds: Math.max(1, parseInt(o.rounds, 10)), order,
    drives: parseInt(o.drives, 10), concurrency: parseInt(o.concurrency, 10), size: o.size, objects: parseInt(o.objects, 10),
    mix: o.mix, sampleMs: parseDur(o.sample), env, ...(o.cairnRoot ? { cairnRoot: path.resolve(o.cairnRoot) } : {}), out: o.out ?? path.join(BENCH_DIR, 'results', 'memory-cgroup-latest.json'),
  };
}

/** RssAnon / RssFile of the server's process tree in MiB. */
function procRss(pid) {
  let anon = 0; let file = 0;
  for (const p of procTree(pid)) {
    let st = '';
    try { st = readFileSync(`/proc/${p}/status`, 'utf8'); } catch { continue; }
    const kv = parseKeyValues(st.replace(/:\s+/g, ' ').replace(/ kB/g, ''));
    anon += kv.RssAnon ?? 0; file += kv.RssFile ?? 0;
  }
  return { rss_anon_mib: Math.round(anon / 102.4) / 10, rss_file_mib: Math.round(file / 102.4) / 10 };
}

async function oneRun(cfg, kind, round) {
  const root = mkdtempSync(path.join(os.tmpdir(), `cairn-memcg-${kind}-`));
  const cg = MemoryCgroup.create(`cairn-bench-${process.pid}-${kind}-${round}`, kind === 'limited' ? cfg.limitBytes : null);
  let server;
  const samples = [];
  let timer;
  try {
    server = await startCairn({ name: `cairn-${cfg.drives}d-${kind}`, root, drives: cfg.drives, env: cfg.env, ...(cfg.cairnRoot ? { cairnRoot: cfg.cairnRoot } : {}) });
    // Moved right after start (an empty drive): what it charged before stays with our cgroup.
    for (const pid of procTree(server.pid)) cg.addProcess(pid);
    const t0 = Date.now();
    const take = () => { samples.push({ t_s: Math.round((Date.now() - t0) / 100) / 10, ...cg.sample(), ...procRss(server.pid) }); };
    take();
    timer = setInterval(take, cfg.sampleMs);
    const args = ['mixed', '-z', cfg.size, '-c', String(cfg.concurrency), '--objects', String(cfg.objects), '--mix', cfg.mix,
      '-d', `${Math.round(cfg.durationMs / 1000)}s`, '--verify',
      '-e', server.url, '-a', server.accessKey, '-s', server.secretKey, '--server-pid', String(server.pid), '--label', server.name];
    const res = await runS3bench(args, cfg.durationMs + 15 * 60_000);
    clearInterval(timer);
    take();
    const j = lastJson(res.stdout);
    const exited = server.child.exitCode !== null || server.child.signalCode !== null;
    const end = samples[samples.length - 1];
    const peak = (k) => Math.max(...samples.map((s) => s[k] ?? 0));
    return {
      kind, round, limit_mib: kind === 'limited' ? cfg.limitBytes / 1048576 : null,
      ops_per_s: j?.ops_per_s ?? null, errors: j ? j.errors : null, error_samples: j?.error_samples ?? null,
      server_cpu_us_per_op: j?.server_cpu?.us_per_op ?? null, latency_ms: j?.latency_ms ?? null,
      s3bench_failed: j ? null : (res.stderr || `exit ${res.code}`).trim().slice(-600),
      server_died: exited, oom_kills: end.oom_kills, limit_hits: end.limit_hits,
      peak: { usage_mib: peak('usage_mib'), anon_mib: peak('anon_mib'), file_mib: peak('file_mib'), mapped_file_mib: peak('mapped_file_mib'), rss_anon_mib: peak('rss_anon_mib'), rss_file_mib: peak('rss_file_mib') },
      data_mdb: dataMdbSizes(server.driveDirs), samples, s3bench: j,
    };
  } finally {
    clearInterval(timer);
    await stopServer(server).catch(() => undefined);
    if (!(await cg.remove())) console.error(`warning: could not remove ${cg.dir} (processes: ${cg.pids().join(' ')})`);
    rmSync(root, { recursive: true, force: true });
  }
}

function markdown(cfg, runs) {
  const lines = [`# Cairn in a memory cgroup (${new Date().toISOString()})`, '',
    `mixed ${cfg.size} (${cfg.mix}), ${cfg.concurrency} in flight, ${cfg.drives} drives, ${cfg.durationMs / 1000} s per run, limit ${cfg.limitBytes / 1048576} MiB; env ${JSON.stringify(cfg.env)}`, '',
    '| run | ops/s | errors | OOM kills | limit hits | peak usage MiB | peak anon MiB | peak file MiB | peak mapped MiB | end RssFile MiB | data.mdb MiB (each) |',
    '|---|---|---|---|---|---|---|---|---|---|---|'];
  for (const r of runs) {
    const end = r.samples[r.samples.length - 1];
    lines.push(`| ${r.kind} #${r.round} | ${r.ops_per_s?.toFixed?.(0) ?? 'failed'} | ${r.errors ?? '-'} | ${r.oom_kills} | ${r.limit_hits} | ${r.peak.usage_mib} | ${r.peak.anon_mib} | ${r.peak.file_mib} | ${r.peak.mapped_file_mib} | ${end.rss_file_mib} | ${r.data_mdb.map((d) => d.size_mib).join(' / ')} |`);
  }
  const lim = runs.filter((r) => r.kind === 'limited' && r.ops_per_s);
  const unl = runs.filter((r) => r.kind === 'unlimited' && r.ops_per_s);
  if (lim.length && unl.length) {
    const avg = (rs) => rs.reduce((a, r) => a + r.ops_per_s, 0) / rs.length;
    lines.push('', `**limited / unlimited: ${(avg(lim) / avg(unl)).toFixed(2)}×** (${avg(lim).toFixed(0)} vs ${avg(unl).toFixed(0)} ops/s)`);
  }
  lines.push('', 'Memory over time (t s: cgroup usage / anon / file / mapped MiB, server RssFile MiB):');
  for (const r of runs) {
    const step = Math.max(1, Math.ceil(r.samples.length / 12));
    lines.push(`- ${r.kind} #${r.round}: ${r.samples.filter((_, i) => i % step === 0 || i === r.samples.length - 1).map((s) => `${s.t_s}s ${s.usage_mib}/${s.anon_mib}/${s.file_mib}/${s.mapped_file_mib} rf${s.rss_file_mib}`).join('; ')}`);
  }
  return lines.join('\n') + '\n';
}

async function main() {
  const cfg = parseArgs(process.argv.slice(2));
  if (process.getuid?.() !== 0) console.error('warning: not root; creating a cgroup will probably fail');
  const runs = [];
  for (let round = 1; round <= cfg.rounds; round++) {
    for (const kind of cfg.order) {
      console.error(`[memory-cgroup] round ${round}: ${kind} (${cfg.durationMs / 1000} s)`);
      const r = await oneRun(cfg, kind, round);
      console.error(`[memory-cgroup]   ${r.ops_per_s?.toFixed?.(0) ?? 'failed'} ops/s, ${r.errors} errors, OOM kills ${r.oom_kills}, peak usage ${r.peak.usage_mib} MiB, data.mdb ${r.data_mdb.map((d) => d.size_mib).join('/')} MiB`);
      runs.push(r);
    }
  }
  const result = { date: new Date().toISOString(), source: REPO_DIR, config: { ...cfg, out: undefined }, runs };
  mkdirSync(path.dirname(cfg.out), { recursive: true });
  // The kept result is the summary per run; the memory time series and raw s3bench output stay out.
  const summary = { ...result, runs: runs.map(({ samples: _samples, s3bench: _s3bench, ...run }) => run) };
  writeFileSync(cfg.out, JSON.stringify(summary, null, 1));
  const md = markdown(cfg, runs);
  writeFileSync(cfg.out.replace(/\.json$/, '') + '.md', md);
  process.stdout.write(md);
  const bad = runs.some((r) => !r.ops_per_s || r.errors > 0 || r.oom_kills > 0 || r.server_died);
  process.exitCode = bad ? 3 : 0;
}

main().catch((e) => { console.error(e.stack ?? String(e)); process.exitCode = 1; });
