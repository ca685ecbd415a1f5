#!/usr/bin/env node
// Server CPU per small request on the S3 path: starts Cairn (built dist/) as a child on
// --drives fresh drive dirs, drives --ops keep-alive PUTs then GETs of --size bytes with
// --conc requests in flight (UNSIGNED-PAYLOAD SigV4 client from bench/tools/lib), and reports
// the server's CPU µs/op (utime+stime of its process tree from /proc, 10 ms ticks) and the
// client-side wall time per op. --rounds repeats the measure on the same server and reports
// the median and the best round (the least disturbed by other load on a shared machine).
// --cairn-root DIR runs another build (a checkout with bin/ and dist/, e.g. the
// commit before a change, for interleaved A/B runs). --cpu-prof DIR runs the server under
// `node --cpu-prof` (profile written at stop).
//
//   node bench/tools/request-path-profile.mjs --drives 1 --size 4096 --ops 3000 --rounds 3
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startCairn, stopServer } from '../lib/servers.mjs';
import { pidCpuSec } from './lib/proc-meter.mjs';
import { S3 } from './lib/s3.mjs';

function parseArgs(argv) {
  const o = { drives: 1, size: 4096, ops: 3000, conc: 4, rounds: 3, cpuProf: null, json: false, cairnRoot: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => { const x = argv[++i]; if (x === undefined) throw new Error(`${a} needs a value`); return x; };
    if (a === '--drives') o.drives = Number(v());
    else if (a === '--size') o.size = Number(v());
    else if (a === '--ops') o.ops = Number(v());
    else if (a === '--conc') o.conc = Number(v());
    else if (a === '--rounds') o.rounds = Number(v());
    else if (a === '--cpu-prof') o.cpuProf = path.resolve(v());
    else if (a === '--json') o.json = true;
    else if (a === '--cairn-root') o.cairnRoot = path.resolve(v());
    else throw new Error(`unknown option ${a}`);
  }
  for (const k of ['drives', 'size', 'ops', 'conc', 'rounds']) {
    if (!Number.isInteger(o[k]) || o[k] < (k === 'size' ? 0 : 1)) throw new Error(`--${k} must be a positive integer`);
  }
  return o;
}

/** Runs `ops` calls of fn(i) with at most `conc` in flight. */
async function drive(ops, conc, fn) {
  let next = 0;
  const worker = async () => {
    while (next < ops) { const i = next++; await fn(i); }
  };
  await Promise.all(Array.from({ length: Math.min(conc, ops) }, worker));
}

async function measure(server, ops, conc, fn) {
  const cpu0 = pidCpuSec([server.pid]);
  const t0 = process.hrtime.bigint();
  await drive(ops, conc, fn);
  const wallNs = Number(process.hrtime.bigint() - t0);
  const cpu = pidCpuSec([server.pid]) - cpu0;
  return { cpuUsPerOp: (cpu * 1e6) / ops, wallUsPerOp: wallNs / 1e3 / ops };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const root = mkdtempSync(path.join(tmpdir(), 'cairn-reqpath-'));
  const nodeArgs = [];
  if (o.cpuProf) { mkdirSync(o.cpuProf, { recursive: true }); nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${o.cpuProf}`); }
  let server;
  let s3;
  try {
    server = await startCairn({ name: 'cairn', root, drives: o.drives, nodeArgs, ...(o.cairnRoot ? { cairnRoot: o.cairnRoot } : {}) });
    s3 = new S3({ endpoint: server.url, accessKey: server.accessKey, secretKey: server.secretKey, connections: o.conc });
    const bucket = 'reqpath';
    const cb = await s3.createBucket(bucket);
    if (cb.status !== 200) throw new Error(`CreateBucket: HTTP ${cb.status}`);
    const body = randomBytes(o.size);
    const check = (op) => (r) => { if (r.status !== 200) throw new Error(`${op}: HTTP ${r.status} ${r.body ?? ''}`); };
    const keyOf = (i) => `k/${i % o.ops}`;
    // warm-up: JIT, LMDB pages, signing-key cache
    const warm = Math.min(1000, o.ops);
    await drive(warm, o.conc, (i) => s3.putObject(bucket, keyOf(i), body).then(check('PUT')));
    await drive(warm, o.conc, (i) => s3.getObject(bucket, keyOf(i)).then(check('GET')));
    const put = [];
    const get = [];
    for (let r = 0; r < o.rounds; r++) {
      put.push(await measure(server, o.ops, o.conc, (i) => s3.putObject(bucket, keyOf(i), body).then(check('PUT'))));
      get.push(await measure(server, o.ops, o.conc, (i) => s3.getObject(bucket, keyOf(i)).then(check('GET'))));
    }
    const summary = (xs) => ({ cpuUsPerOp: Math.round(median(xs.map((x) => x.cpuUsPerOp))), bestCpuUsPerOp: Math.round(Math.min(...xs.map((x) => x.cpuUsPerOp))), wallUsPerOp: Math.round(median(xs.map((x) => x.wallUsPerOp))), rounds: xs.map((x) => Math.round(x.cpuUsPerOp)) });
    const res = { drives: o.drives, size: o.size, ops: o.ops, conc: o.conc, put: summary(put), get: summary(get) };
    if (o.json) console.log(JSON.stringify(res));
    else {
      console.log(`drives=${o.drives} size=${o.size} ops=${o.ops} conc=${o.conc}`);
      console.log(`PUT server CPU ${res.put.cpuUsPerOp} µs/op median, ${res.put.bestCpuUsPerOp} best (rounds ${res.put.rounds.join(', ')}), wall ${res.put.wallUsPerOp} µs/op`);
      console.log(`GET server CPU ${res.get.cpuUsPerOp} µs/op median, ${res.get.bestCpuUsPerOp} best (rounds ${res.get.rounds.join(', ')}), wall ${res.get.wallUsPerOp} µs/op`);
    }
  } finally {
    if (s3) await s3.close().catch(() => {});
    if (server) await stopServer(server);
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e.stack || String(e)); process.exitCode = 1; });
