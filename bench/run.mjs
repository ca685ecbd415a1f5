#!/usr/bin/env node
// `npm run bench`: Cairn (1 drive), Cairn (4 drives, EC 2+2) and the bare Node ceiling, started
// in the same run on 127.0.0.1 with fresh temp dirs, measured workload by workload A B A B, and
// reported as ratios to the ceiling (markdown + JSON under bench/results/). See bench/README.md.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_DIR, cairnAvailable, startBare, startCairn, stopServer } from './lib/servers.mjs';
import { prepareCairn } from './lib/cairn-build.mjs';
import { buildMatrix } from './lib/matrix.mjs';
import { measure } from './lib/s3bench-runner.mjs';
import { openBigList } from './lib/big-list-cache.mjs';
import { bigPuts, idleConnections } from './lib/memory-workloads.mjs';
import { machineInfo, diskFigures, cpuTimes } from './lib/machine-info.mjs';
import { aggregate, renderReport, CEILING } from './lib/report.mjs';
import { topSelfTime, readProfiles } from './lib/cpuprofile-top.mjs';
import { parseRunOptions, selected, USAGE, WORKERS_SERVERS } from './lib/run-options.mjs';

const log = (msg) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);
const live = new Set(); // started servers, stopped on exit
const tempDirs = [];

async function shutdown() {
  for (const s of [...live]) { await stopServer(s).catch(() => {}); live.delete(s); }
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { log(`${sig}: stopping servers`); shutdown().finally(() => process.exit(130)); });

async function startServers(opts, root, phase, cairnRoot) {
  const servers = {};
  for (const name of opts.servers) {
    const dir = path.join(root, phase, name);
    mkdirSync(dir, { recursive: true });
    let s;
    if (name === CEILING) s = await startBare({ name, root: dir, md5: true, fsync: true });
    else {
      const workers = name === 'cairn-1d-w2' ? ['--workers', '2'] : [];
      s = await startCairn({ name, root: dir, drives: name === 'cairn-4d' ? 4 : 1, cairnRoot, serverArgs: workers });
    }
    live.add(s);
    s.description = name === CEILING ? 'bare Node HTTP server, file per object'
      : `Cairn, ${s.drives} drive${s.drives > 1 ? 's, EC 2+2' : ''}${s.serverArgs?.length ? `, ${s.serverArgs.join(' ')} (one process per core)` : ''}`;
    s.fsync = fsyncOf(s.durability);
    servers[name] = s;
    log(`${name}: pid ${s.pid} ${s.url}`);
  }
  return servers;
}

/** 'on' when every write path of the server fsyncs, from its durability description. */
const fsyncOf = (durability) => (/no fsync|without fsync|noSync|CAIRN_FSYNC=(0|off|false|none)/i.test(durability) ? 'off' : 'on');

function logRun(j) {
  if (j.failed) { log(`  ${j.row} ${j.name} r${j.round}: FAILED ${j.error.split('\n')[0]}`); return; }
  const l = j.latency_ms ?? {};
  log(`  ${j.row} ${j.name} r${j.round}: ${j.ops_per_s} ops/s ${j.mib_per_s} MiB/s p50 ${l.p50} p99 ${l.p99} ms srv ${j.server_cpu?.us_per_op ?? '–'} µs/op rss ${j.peak_rss_mib} MiB errors ${j.errors}${j.error_samples ? ` ${j.error_samples[0]}` : ''}`);
}

/**
 * The row's args for an unmeasured warm-up run of `seconds`. A row that runs a fixed number of
 * operations (-n: 64 MiB and larger objects) warms up with one whole unmeasured run of itself:
 * on this VM (virtio-balloon free page reporting) page-cache pages taken from memory that sat
 * free for a while cost 3-4x as much to write as pages freed seconds ago (`dd` of 1 GiB: 0.68-0.77
 * s against 0.19-0.20 s of system time), and without it the first server of the first round
 * (always cairn-1d) paid that for the whole row (multipart round 1: 1.30-1.455 s of CPU per
 * 256 MiB upload against 0.84-1.09 in round 2; `copy_folio_from_iter_atomic` 667 against 124
 * perf samples for the same GiB). The warm-up run leaves every server's next round the pages its
 * cleanup just freed.
 */
function warmupArgs(args, seconds) {
  if (args.includes('-n')) return [...args];
  if (!args.includes('-d')) return null;
  const out = [...args];
  out[out.indexOf('-d') + 1] = `${seconds}s`;
  if (out.includes('-w')) out[out.indexOf('-w') + 1] = '0s';
  return out;
}

/** Whether `row` runs on `server`: the --workers servers take the rows marked `workers`; the ceiling skips `cairnOnly` rows. */
function runsOn(row, server) {
  if (WORKERS_SERVERS.has(server.name) && !row.workers) return false;
  return !(row.cairnOnly && server.name === CEILING);
}

async function runRows(rows, servers, opts, runs) {
  for (const row of rows) {
    log(`${row.label}`);
    // V8 compiles a workload's code path while it first runs it (a fresh Cairn's first 5 s run of
    // put-256KiB-c8 measured 395 ops/s, the next three 517, 607, 580; the bare server's runs were
    // even): one unmeasured run per server first, so every measured round sees warmed code.
    const warm = opts.warmupRunS > 0 ? warmupArgs(row.args, opts.warmupRunS) : null;
    if (warm) {
      for (const s of Object.values(servers)) {
        if (!runsOn(row, s)) continue;
        const j = await measure({ server: s, row: row.label, round: 0, args: warm, timeoutMs: row.timeoutMs });
        log(`  ${row.label} ${s.name} warm-up: ${j.failed ? `FAILED ${j.error.split('\n')[0]}` : `${j.ops_per_s} ops/s (not counted)`}`);
      }
    }
    for (let round = 1; round <= opts.rounds; round++) {
      for (const s of Object.values(servers)) {
        if (!runsOn(row, s)) continue;
        const j = await measure({ server: s, row: row.label, round, args: row.args, timeoutMs: row.timeoutMs });
        logRun(j);
        runs.push(j);
      }
    }
  }
}

/**
 * Profiles Cairn (1 drive, fresh) with node --cpu-prof on one matrix row. The profile covers the
 * server's whole life, so rows that prepare objects (get, list) include their PUTs.
 */
async function runProfile(opts, root, matrix, cairnRoot) {
  const row = matrix.find((r) => r.label === opts.profileRow);
  if (!row) throw new Error(`--profile-row ${opts.profileRow}: no such workload`);
  const dir = path.join(root, 'profile');
  const profDir = path.join(dir, 'cpuprof');
  mkdirSync(profDir, { recursive: true });
  const s = await startCairn({ name: 'cairn-1d-profiled', root: dir, drives: 1, cairnRoot, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profDir] });
  live.add(s);
  const j = await measure({ server: s, row: `profile-${row.label}`, round: 1, timeoutMs: row.timeoutMs, args: [...row.args, '--no-cleanup'] });
  logRun(j);
  await stopServer(s);
  live.delete(s);
  const base = { workload: row.label, server: 'cairn-1d', ops_per_s: j.ops_per_s ?? null, errors: j.errors ?? 1 };
  const files = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(profDir, f));
  if (!files.length) return { ...base, error: 'no .cpuprofile written (the server did not exit cleanly on SIGTERM)' };
  const top = topSelfTime(readProfiles(files), { repoDir: cairnRoot });
  mkdirSync(opts.out ?? path.join(BENCH_DIR, 'results'), { recursive: true });
  writeFileSync(path.join(opts.out ?? path.join(BENCH_DIR, 'results'), `profile-${row.label}.json`), JSON.stringify({ ...base, ...top }, null, 1) + '\n');
  return { ...base, profiles: files.length, ...top };
}

async function main() {
  const opts = parseRunOptions(process.argv.slice(2));
  if (opts.help) { console.log(USAGE); return 0; }
  const root = mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-'));
  tempDirs.push(root);
  const wantCairn = opts.servers.some((n) => n !== CEILING);
  const cairn = wantCairn ? prepareCairn({ source: opts.source, build: opts.build, log }) : null;
  if (cairn?.temp) tempDirs.push(cairn.temp);
  if (cairn && !cairnAvailable(cairn.root)) throw new Error(`no runnable Cairn in ${cairn.root} (bin/cairn.js + dist/): use --servers ceiling to test the harness alone`);
  const cairnRoot = cairn?.root;
  const result = {
    tool: 'cairn-bench', version: 1, date: new Date().toISOString(), machine: machineInfo(root),
    conditions: {
      cairn_commit: cairn?.commit ?? null, cairn_source: cairn?.source ?? null, cairn_type_errors: cairn?.build?.errors ?? null,
      mode: opts.mode, rounds: opts.rounds, duration_s: opts.durationS, warmup_s: opts.warmupS, warmup_run_s: opts.warmupRunS, only: opts.only?.source ?? null,
      note: `Client (s3bench, 1 process) and servers share the machine's cores${opts.note ? `; ${opts.note}` : ''}.`,
    },
    servers: {}, rows: [], runs: [], summary: {}, memory: {},
  };
  const cpu0 = cpuTimes();
  if (opts.fio) { log(`raw disk (fio) on ${root}`); result.disk = diskFigures(root, opts); }

  const all = buildMatrix(opts);
  const rows = all.filter((r) => r.target !== 'big-list' && selected(opts, r.label));
  const bigRows = all.filter((r) => r.target === 'big-list' && selected(opts, r.label));
  result.rows = [...rows, ...bigRows].map(({ label, workload, target, args }) => ({ label, workload, target: target ?? 'all', args }));

  const record = (s) => { result.servers[s.name] = { kind: s.kind, drives: s.drives, durability: s.durability, fsync: s.fsync, description: s.description }; };
  if (rows.length) {
    const servers = await startServers(opts, root, 'workloads', cairnRoot);
    Object.values(servers).forEach(record);
    await runRows(rows, servers, opts, result.runs);
    for (const s of Object.values(servers)) { await stopServer(s); live.delete(s); }
  }

  if (bigRows.length && opts.servers.includes('cairn-1d')) {
    const t0 = Date.now();
    const { server, populate } = await openBigList({ objects: opts.bigListObjects, repopulate: opts.repopulate, cairnRoot, log });
    live.add(server);
    result.big_list = populate;
    log(`big listing bucket: ${populate.objects} objects, populated in ${populate.seconds} s${populate.cached ? ' (cached)' : ''}; ready after ${Math.round((Date.now() - t0) / 1000)} s`);
    server.description = `Cairn, 1 drive, cached ${populate.objects}-object bucket`;
    server.fsync = fsyncOf(server.durability);
    record(server);
    await runRows(bigRows, { [server.name]: server }, opts, result.runs);
    await stopServer(server);
    live.delete(server);
  }

  // memory workloads on freshly started servers, so that earlier workloads' heap does not count
  const memOpts = { ...opts, servers: opts.servers.filter((n) => !WORKERS_SERVERS.has(n)) };
  const memServers = selected(opts, 'mem-idle') || selected(opts, 'mem-put') ? await startServers(memOpts, root, 'memory', cairnRoot) : {};
  for (const [n, s] of Object.entries(memServers)) {
    if (!result.servers[n]) record(s);
    const m = {};
    if (selected(opts, 'mem-idle')) {
      log(`mem-idle ${n}: ${opts.idleConnections} idle keep-alive connections`);
      m.idle = await idleConnections({ server: s, count: opts.idleConnections });
      log(`  RSS ${m.idle.rss_idle_mib} MiB with ${m.idle.connections_open} open, errors ${m.idle.errors} ${m.idle.ok ? 'pass' : 'FAIL'}`);
    }
    if (selected(opts, 'mem-put')) {
      log(`mem-put ${n}: 32 concurrent PUTs of ${opts.memPutSize}`);
      m.big_puts = await bigPuts({ server: s, count: 32, size: opts.memPutSize });
      log(`  peak RSS ${m.big_puts.peak_rss_mib} MiB, errors ${m.big_puts.errors} ${m.big_puts.ok ? 'pass' : 'FAIL'}`);
    }
    if (Object.keys(m).length) result.memory[n] = m;
    // its 8 GiB (16 GiB with EC 2+2) of objects go with the server, not through DELETEs
    await stopServer(s);
    live.delete(s);
    rmSync(path.join(root, 'memory', n), { recursive: true, force: true });
  }
  if (opts.profile && opts.servers.some((n) => n !== CEILING)) { log(`profiling Cairn on ${opts.profileRow}`); result.profile = await runProfile(opts, root, all, cairnRoot); }
  await shutdown();

  const cpu1 = cpuTimes();
  result.conditions.machine_busy_pct = Math.round((1000 * (cpu1.busy - cpu0.busy)) / Math.max(1, cpu1.total - cpu0.total)) / 10;
  result.conditions.loadavg_end = os.loadavg().map((x) => Math.round(x * 100) / 100);
  result.summary = aggregate(result.rows, result.runs);
  const errors = result.runs.reduce((a, r) => a + (r.errors || 0), 0) +
    Object.values(result.memory).reduce((a, m) => a + (m.big_puts?.errors || 0) + (m.idle?.errors || 0), 0);
  result.errors = errors;
  const md = renderReport(result);
  const outDir = opts.out ?? path.join(BENCH_DIR, 'results');
  mkdirSync(outDir, { recursive: true });
  const stamp = result.date.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  for (const name of [`${opts.mode}-${stamp}`, `${opts.mode}-latest`]) {
    writeFileSync(path.join(outDir, `${name}.json`), JSON.stringify(result, null, 1) + '\n');
    writeFileSync(path.join(outDir, `${name}.md`), md);
  }
  console.log(md);
  log(`results: ${path.join(outDir, `${opts.mode}-latest.{md,json}`)}; errors ${errors}`);
  return errors ? 3 : 0;
}

main().then((code) => { process.exitCode = code; }, async (e) => {
  log(`failed: ${e && e.stack || e}`);
  await shutdown();
  process.exitCode = 2;
});
