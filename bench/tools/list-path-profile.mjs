#!/usr/bin/env node
// Server CPU per listing page: starts Cairn (built dist/) on --drives fresh drive dirs, puts
// --keys objects of --size bytes (inline in LMDB at 64 B, like the bench's list rows) and
// opens --keys pending multipart uploads, then reads --pages pages of 1,000 entries of each
// listing (ListObjectsV2 without and with a delimiter, ListObjectVersions, ListMultipartUploads) with --conc requests in
// flight and reports the server's CPU µs per page (utime+stime of its process tree from
// /proc, 10 ms ticks: CPU is less sensitive to other load on a shared machine than latency)
// and the client-side wall time per page. --rounds repeats each measure on the same server:
// median and best round. --cairn-root DIR runs another build (e.g. the commit before a change,
// for interleaved A/B runs). --cpu-prof DIR runs the server under `node --cpu-prof`.
//
//   node bench/tools/list-path-profile.mjs --drives 1 --keys 1000 --pages 300 --rounds 3
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startCairn, stopServer } from '../lib/servers.mjs';
import { pidCpuSec } from './lib/proc-meter.mjs';
import { S3 } from './lib/s3.mjs';

function parseArgs(argv) {
  const o = { drives: 1, keys: 1000, size: 64, pages: 200, conc: 4, rounds: 3, cpuProf: null, json: false, cairnRoot: undefined, only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => { const x = argv[++i]; if (x === undefined) throw new Error(`${a} needs a value`); return x; };
    if (a === '--drives') o.drives = Number(v());
    else if (a === '--keys') o.keys = Number(v());
    else if (a === '--size') o.size = Number(v());
    else if (a === '--pages') o.pages = Number(v());
    else if (a === '--conc') o.conc = Number(v());
    else if (a === '--rounds') o.rounds = Number(v());
    else if (a === '--only') o.only = new RegExp(v());
    else if (a === '--cpu-prof') o.cpuProf = path.resolve(v());
    else if (a === '--json') o.json = true;
    else if (a === '--cairn-root') o.cairnRoot = path.resolve(v());
    else throw new Error(`unknown option ${a}`);
  }
  for (const k of ['drives', 'keys', 'size', 'pages', 'conc', 'rounds']) {
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

/** One page of `query` on `bucket`; checks the status and that the page holds `expect` entries of `tag`. */
function lister(s3, bucket, query, tag, expect) {
  const re = new RegExp(`<${tag}>`, 'g');
  return async () => {
    const r = await s3.request({ method: 'GET', bucket, query, collect: true });
    if (r.status !== 200) throw new Error(`${query[0][0]}: HTTP ${r.status} ${r.body?.toString().slice(0, 300) ?? ''}`);
    const n = (r.body.toString().match(re) ?? []).length;
    if (n !== expect) throw new Error(`${query[0][0]}: ${n} <${tag}> entries, expected ${expect}`);
  };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const root = mkdtempSync(path.join(tmpdir(), 'cairn-listpath-'));
  const nodeArgs = [];
  if (o.cpuProf) { mkdirSync(o.cpuProf, { recursive: true }); nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${o.cpuProf}`); }
  let server;
  let s3;
  try {
    server = await startCairn({ name: 'cairn', root, drives: o.drives, nodeArgs, ...(o.cairnRoot ? { cairnRoot: o.cairnRoot } : {}) });
    s3 = new S3({ endpoint: server.url, accessKey: server.accessKey, secretKey: server.secretKey, connections: Math.max(o.conc, 16) });
    const bucket = 'listpath';
    const cb = await s3.createBucket(bucket);
    if (cb.status !== 200) throw new Error(`CreateBucket: HTTP ${cb.status}`);
    const body = randomBytes(o.size);
    const keyOf = (i) => `d/${String(i).padStart(7, '0')}`;
    await drive(o.keys, 16, async (i) => {
      const r = await s3.putObject(bucket, keyOf(i), body);
      if (r.status !== 200) throw new Error(`PUT: HTTP ${r.status}`);
    });
    await drive(o.keys, 16, async (i) => {
      const r = await s3.createMultipart(bucket, `u/${String(i).padStart(7, '0')}`);
      if (r.status !== 200) throw new Error(`CreateMultipartUpload: HTTP ${r.status}`);
    });
    const page = Math.min(1000, o.keys);
    const rows = [
      { name: 'ListObjectsV2', fn: lister(s3, bucket, [['list-type', '2'], ['max-keys', '1000'], ['prefix', 'd/']], 'Contents', page) },
      { name: 'ListObjectsV2/dir', fn: lister(s3, bucket, [['list-type', '2'], ['max-keys', '1000'], ['prefix', 'd/'], ['delimiter', '/']], 'Contents', page) },
      { name: 'ListObjectVersions', fn: lister(s3, bucket, [['versions', ''], ['max-keys', '1000'], ['prefix', 'd/']], 'Version', page) },
      { name: 'ListMultipartUploads', fn: lister(s3, bucket, [['uploads', ''], ['max-uploads', '1000'], ['prefix', 'u/']], 'Upload', page) },
    ].filter((r) => !o.only || o.only.test(r.name));
    for (const r of rows) await drive(Math.min(50, o.pages), o.conc, r.fn); // warm-up: JIT, LMDB pages
    const res = { drives: o.drives, keys: o.keys, size: o.size, pages: o.pages, conc: o.conc, rows: {} };
    const out = Object.fromEntries(rows.map((r) => [r.name, []]));
    for (let i = 0; i < o.rounds; i++) {
      for (const r of rows) out[r.name].push(await measure(server, o.pages, o.conc, r.fn));
    }
    for (const r of rows) {
      const xs = out[r.name];
      res.rows[r.name] = { cpuUsPerPage: Math.round(median(xs.map((x) => x.cpuUsPerOp))), bestCpuUsPerPage: Math.round(Math.min(...xs.map((x) => x.cpuUsPerOp))), wallUsPerPage: Math.round(median(xs.map((x) => x.wallUsPerOp))), rounds: xs.map((x) => Math.round(x.cpuUsPerOp)) };
    }
    if (o.json) console.log(JSON.stringify(res));
    else {
      console.log(`drives=${o.drives} keys=${o.keys} size=${o.size} pages=${o.pages} conc=${o.conc}`);
      for (const [name, x] of Object.entries(res.rows)) {
        console.log(`${name.padEnd(21)} server CPU ${x.cpuUsPerPage} µs/page median, ${x.bestCpuUsPerPage} best (rounds ${x.rounds.join(', ')}), wall ${x.wallUsPerPage} µs/page`);
      }
    }
  } finally {
    if (s3) await s3.close().catch(() => {});
    if (server) await stopServer(server);
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e.stack || String(e)); process.exitCode = 1; });
