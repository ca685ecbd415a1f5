#!/usr/bin/env node
// s3bench — warp-like S3 workloads with a self-contained AWS SigV4 client (undici dispatch).
// Usage: ./s3bench <put|get|mixed|list|delete|multipart> [options]   (./s3bench --help)
// Copied from /work/shared/bench/s3bench and split into lib/ (config, load, proc-meter); adds
// list modes (page, dir, root) over a directory-shaped key layout and --prepare-concurrency.
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { S3 } from './lib/s3.mjs';
import { Hist } from './lib/hist.mjs';
import { HELP, VARIANTS, fmtSize, parseArgs, buildConfig } from './lib/config.mjs';
import { pidCpuSec, machineStat } from './lib/proc-meter.mjs';
import { makeBuffer, bodyOf, keyOf, runLoad } from './lib/load.mjs';

const SELF = fileURLToPath(import.meta.url);

// ---------- worker process entry ----------
if (process.argv.includes('--worker')) {
  process.on('message', async (m) => {
    if (m.type === 'init') {
      globalThis.__cfg = m;
      process.send({ type: 'ready' });
    } else if (m.type === 'go') {
      const { cfg, wid, nw } = globalThis.__cfg;
      try {
        const r = await runLoad(cfg, wid, nw, m.startAt);
        process.send({ type: 'result', r }, () => process.exit(0));
      } catch (e) {
        process.send({ type: 'fatal', error: String(e && e.stack || e) }, () => process.exit(1));
      }
    }
  });
} else {
  main().catch((e) => { console.error(`s3bench: ${e && e.message || e}`); process.exit(2); });
}

// ---------- orchestration ----------
async function pmap(items, conc, fn, deadlineMs) {
  let i = 0;
  const errs = [];
  const worker = async () => {
    while (i < items.length) {
      if (deadlineMs && Date.now() > deadlineMs) throw new Error('timed out');
      const idx = i++;
      try { await fn(items[idx], idx); } catch (e) { errs.push(String(e.message || e)); if (errs.length > 50) throw new Error(errs[0]); }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(conc, items.length)) }, worker));
  return errs;
}

// delete every object under the prefixes (DeleteObjects in batches of 1000, falling back to
// DeleteObject), then the bucket if asked. Returns {objects, seconds, errors}
async function cleanupObjects(admin, bucket, prefixes, deleteBucket) {
  const t0 = Date.now();
  const errors = [];
  let uniq = [];
  try {
    const keys = [];
    for (const pfx of prefixes) for (const k of await admin.listAll(bucket, pfx)) keys.push(k);
    uniq = [...new Set(keys)];
    let batchOk = uniq.length > 1;
    if (batchOk) {
      const first = await admin.deleteObjects(bucket, uniq.slice(0, 1000));
      batchOk = first.status === 200 && !first.errors;
      if (batchOk) {
        const batches = [];
        for (let i = 1000; i < uniq.length; i += 1000) batches.push(uniq.slice(i, i + 1000));
        const e = await pmap(batches, 4, async (b) => {
          const r = await admin.deleteObjects(bucket, b);
          if (r.status !== 200 || r.errors) throw new Error(`DeleteObjects ${r.status}`);
        }, Date.now() + 300_000);
        errors.push(...e.slice(0, 3));
      }
    }
    if (!batchOk) {
      const e = await pmap(uniq, 16, async (k) => {
        const r = await admin.deleteObject(bucket, k);
        if (r.status !== 204 && r.status !== 200 && r.status !== 404) throw new Error(`DeleteObject ${r.status}`);
      }, Date.now() + 300_000);
      errors.push(...e.slice(0, 3));
    }
    if (deleteBucket) {
      const r = await admin.deleteBucket(bucket);
      if (r.status < 200 || r.status > 299) errors.push(`DeleteBucket ${r.status} ${r.body.toString().slice(0, 200)}`);
    }
  } catch (e) {
    errors.push(String(e.message || e));
  }
  return { objects: uniq.length, seconds: (Date.now() - t0) / 1000, errors };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.help || !o._.length) { console.log(HELP); process.exit(o.help ? 0 : 1); }
  const cfg = buildConfig(o);
  if (cfg.workload === 'list' && cfg.listMode !== 'walk' && cfg.layout !== 'dirs') throw new Error(`--list-mode ${cfg.listMode} needs --layout dirs`);
  const admin = new S3({
    endpoint: cfg.endpoint, accessKey: cfg.accessKey, secretKey: cfg.secretKey, region: cfg.region,
    anonymous: cfg.anonymous, signedPayload: cfg.signedPayload, connections: Math.max(8, Math.min(32, cfg.concurrency), cfg.prepareConcurrency || 0), timeoutMs: cfg.timeoutMs,
  });
  if (cfg.workload === 'cleanup') {
    if (!cfg.bucketGiven) throw new Error('cleanup needs --bucket');
    const c = await cleanupObjects(admin, cfg.bucket, [cfg.keyPrefixGiven ? cfg.keyPrefix : ''], cfg.deleteBucket);
    await admin.close();
    console.log(JSON.stringify({ tool: 's3bench', workload: 'cleanup', bucket: cfg.bucket, ...c }));
    process.exitCode = c.errors.length ? 3 : 0;
    return;
  }
  const out = {
    tool: 's3bench', version: 1, label: cfg.label, workload: cfg.workload, endpoint: cfg.endpoint,
    size: cfg.size, size_h: fmtSize(cfg.size), concurrency: cfg.concurrency, procs: cfg.procs,
    payload: cfg.signedPayload ? 'signed' : cfg.anonymous ? 'anonymous' : 'unsigned',
    duration_s: cfg.durationMs / 1000, warmup_s: cfg.warmupMs / 1000,
    started: new Date().toISOString(), node: process.version, host_cpus: os.cpus().length,
  };
  const errors = { setup: [], prepare: 0 };
  let createdBucket = false;

  // bucket
  if (cfg.createBucket) {
    const r = await admin.createBucket(cfg.bucket);
    if (r.status >= 200 && r.status <= 299) createdBucket = !cfg.bucketGiven;
    else if (r.status === 409 && /BucketAlreadyOwnedByYou/.test(r.body.toString())) createdBucket = false;
    else if (!(r.status === 409 && cfg.bucketGiven)) throw new Error(`CreateBucket ${cfg.bucket}: HTTP ${r.status} ${r.body.toString().slice(0, 300)}`);
  }

  // prepare
  const needPrep = ['get', 'mixed', 'list', 'delete'].includes(cfg.workload);
  // list --list-mode uploads lists pending uploads: one is opened per key instead of a PUT
  const uploadsOnly = cfg.workload === 'list' && cfg.listMode === 'uploads';
  if (needPrep && cfg.prepare && cfg.prepareIfMissing) {
    const have = uploadsOnly ? await admin.listAllUploads(cfg.bucket, cfg.keyPrefix).catch(() => []) : await admin.listAll(cfg.bucket, cfg.keyPrefix).catch(() => []);
    if (have.length === cfg.objects) { cfg.prepare = false; out.prepare = { objects: cfg.objects, seconds: 0, existing: true }; }
  }
  if (needPrep && cfg.prepare) {
    const t0 = Date.now();
    const buf = makeBuffer(cfg);
    const idx = Array.from({ length: cfg.objects }, (_, i) => i);
    let done = 0;
    const progress = cfg.progress ? setInterval(() => console.error(`prepare: ${done}/${cfg.objects} objects, ${Math.round(done / ((Date.now() - t0) / 1000))}/s`), 30_000) : null;
    const perrs = await pmap(idx, cfg.prepareConcurrency || Math.max(4, Math.min(32, cfg.concurrency)), async (i) => {
      done++;
      if (uploadsOnly) {
        const u = await admin.createMultipart(cfg.bucket, keyOf(cfg, i));
        if (u.status !== 200) throw new Error(`prepare CreateMultipartUpload ${u.status} ${u.error ?? ''}`);
        return;
      }
      const v = i % VARIANTS;
      const r = await admin.putObject(cfg.bucket, keyOf(cfg, i), bodyOf(buf, cfg.size, v), v);
      if (r.status < 200 || r.status > 299) throw new Error(`prepare PUT ${r.status} ${r.body ? r.body.toString().slice(0, 200) : ''}`);
    }, Date.now() + cfg.prepareTimeoutMs);
    if (progress) clearInterval(progress);
    errors.prepare = perrs.length;
    if (perrs.length) errors.setup.push(...perrs.slice(0, 3));
    out.prepare = { objects: cfg.objects, seconds: (Date.now() - t0) / 1000 };
    if (perrs.length > 0) throw new Error(`prepare failed: ${perrs[0]}`);
  } else if (needPrep && !out.prepare) out.prepare = { objects: cfg.objects, seconds: 0, existing: true };

  // run
  const startAt = Date.now() + (cfg.procs > 1 ? 300 : 50);
  let results;
  const m0 = { at: null }; const m1 = { at: null };
  const snap = (s) => { s.at = Date.now(); s.server = cfg.serverPids.length ? pidCpuSec(cfg.serverPids) : null; s.machine = machineStat(); };
  let workers = [];
  if (cfg.procs === 1) {
    const tA = setTimeout(() => snap(m0), startAt + cfg.warmupMs - Date.now());
    const tB = setTimeout(() => snap(m1), startAt + cfg.warmupMs + cfg.durationMs - Date.now());
    results = [await runLoad(cfg, 0, 1, startAt)];
    if (!m0.at) { clearTimeout(tA); snap(m0); }
    if (!m1.at) { clearTimeout(tB); snap(m1); }
  } else {
    workers = Array.from({ length: cfg.procs }, () => fork(SELF, ['--worker'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    await Promise.all(workers.map((w, wid) => new Promise((res, rej) => {
      w.once('message', (m) => (m.type === 'ready' ? res() : rej(new Error('worker init failed'))));
      w.once('exit', (c) => rej(new Error(`worker exited ${c}`)));
      w.send({ type: 'init', cfg, wid, nw: cfg.procs });
    })));
    const go = Date.now() + 200;
    const tA = setTimeout(() => snap(m0), go + cfg.warmupMs - Date.now());
    const tB = setTimeout(() => snap(m1), go + cfg.warmupMs + cfg.durationMs - Date.now());
    results = await Promise.all(workers.map((w) => new Promise((res, rej) => {
      w.on('message', (m) => (m.type === 'result' ? res(m.r) : m.type === 'fatal' ? rej(new Error(m.error)) : null));
      w.send({ type: 'go', startAt: go });
    })));
    if (!m0.at) { clearTimeout(tA); snap(m0); }
    if (!m1.at) { clearTimeout(tB); snap(m1); }
  }

  // merge
  const hist = new Hist();
  const perOp = {};
  let ops = 0, bytes = 0, errCount = 0, requests = 0, listings = 0, listed = 0, windowMs = 0, cu = 0, cs = 0;
  const errSamples = []; const errorCount = {};
  for (const r of results) {
    hist.merge(Hist.fromJSON(r.hist));
    for (const [k, v] of Object.entries(r.perOp)) {
      perOp[k] ||= { hist: new Hist(), ops: 0, bytes: 0 };
      perOp[k].hist.merge(Hist.fromJSON(v.hist)); perOp[k].ops += v.ops; perOp[k].bytes += v.bytes;
    }
    ops += r.ops; bytes += r.bytes; errCount += r.errors; requests += r.requests; listings += r.listings; listed += r.listedObjects;
    windowMs = Math.max(windowMs, r.windowMs); cu += r.cpuUserS; cs += r.cpuSysS;
    for (const e of r.errSamples) if (errSamples.length < 5) errSamples.push(e);
    for (const [k, v] of Object.entries(r.errorCount)) errorCount[k] = (errorCount[k] || 0) + v;
  }
  const win = windowMs / 1000;
  const r3 = (x) => Math.round(x * 1000) / 1000;
  Object.assign(out, {
    window_s: r3(win),
    ops, ops_per_s: r3(ops / win),
    mib_per_s: r3(bytes / win / 1048576),
    errors: errCount + errors.prepare,
    latency_ms: hist.summary(),
  });
  if (errCount) { out.error_samples = errSamples; out.error_counts = errorCount; }
  if (cfg.workload === 'list') Object.assign(out, { listings, objects_per_s: r3(listed / win), max_keys: cfg.maxKeys, objects: cfg.objects, list_mode: cfg.listMode, layout: cfg.layout });
  if (cfg.workload === 'multipart') Object.assign(out, { part_size: cfg.partSize, part_concurrency: cfg.partConcurrency });
  if (cfg.workload === 'delete') Object.assign(out, { batch: cfg.batch, objects: cfg.objects });
  if (Object.keys(perOp).length) {
    out.per_op = {};
    for (const [k, v] of Object.entries(perOp)) out.per_op[k] = { ops: v.ops, ops_per_s: r3(v.ops / win), mib_per_s: r3(v.bytes / win / 1048576), latency_ms: v.hist.summary() };
  }
  out.requests = requests;
  const clientCpu = cu + cs;
  out.client_cpu = { user_s: r3(cu), sys_s: r3(cs), cores: r3(clientCpu / win), us_per_op: ops ? Math.round((clientCpu / ops) * 1e6) : null };
  if (m0.server != null && m1.server != null) {
    const sc = m1.server - m0.server; const sw = (m1.at - m0.at) / 1000;
    out.server_cpu = { pids: cfg.serverPids, cpu_s: r3(sc), cores: sw > 0 ? r3(sc / sw) : null, us_per_op: ops ? Math.round((sc / ops) * 1e6) : null, ops_per_cpu_s: sc > 0 ? r3(ops / sc) : null };
  }
  if (m0.machine && m1.machine && m1.machine.total > m0.machine.total) {
    const t = m1.machine.total - m0.machine.total;
    out.machine = { busy_pct: r3((100 * (m1.machine.busy - m0.machine.busy)) / t), steal_pct: r3((100 * (m1.machine.steal - m0.machine.steal)) / t), loadavg_1m: os.loadavg()[0] };
  }

  // cleanup
  if (cfg.cleanup && (cfg.prepare || !needPrep)) {
    const prefixes = [cfg.runId + '-'];
    if (cfg.prepare && needPrep) prefixes.push(cfg.keyPrefix);
    if (uploadsOnly && cfg.prepare) {
      for (const u of await admin.listAllUploads(cfg.bucket, cfg.keyPrefix).catch(() => [])) await admin.abortMultipart(cfg.bucket, u.key, u.uploadId);
    }
    const c = await cleanupObjects(admin, cfg.bucket, prefixes, createdBucket);
    out.cleanup = { objects: c.objects, seconds: c.seconds };
    if (c.errors.length) out.cleanup_errors = c.errors;
  }
  await admin.close();
  const json = JSON.stringify(out);
  if (cfg.out) writeFileSync(cfg.out, json + '\n');
  console.log(json);
  if (cfg.pretty) {
    const l = out.latency_ms;
    console.error(`${cfg.label || cfg.endpoint} ${cfg.workload} ${out.size_h} c${cfg.concurrency}: ${out.ops_per_s} ops/s ${out.mib_per_s} MiB/s p50 ${l.p50}ms p99 ${l.p99}ms errors ${out.errors} client ${out.client_cpu.cores} cores${out.server_cpu ? ` server ${out.server_cpu.cores} cores` : ''}`);
  }
  process.exitCode = out.errors ? 3 : 0;
}
