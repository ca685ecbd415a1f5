#!/usr/bin/env node
// Where a Cairn server's CPU goes, per thread, native code and kernel included: starts Cairn
// (1 drive by default) with --perf-basic-prof-only-functions, loads it with PUTs or GETs from
// this process, and after a warm-up samples every thread with `perf record -e cpu-clock -g`
// (Debian's linux-perf; works where hardware counters do not). Prints, per thread, CPU µs per
// operation by kind (thread-pool file work, GC, compiler, MD5, other) and its top frames, and
// for the busiest threads the kernel entries (syscalls by caller, page faults, interrupts).
// Needs root (or perf_event_paranoid <= 1).
//
//   node bench/tools/perf-threads.mjs [--op put|get|head|mixed] [--size 256KiB] [--conc 8] [--seconds 8]
//        [--warm 20] [--drives 1] [--cairn-root DIR] [--top 8]
//        [--node-args '--perf-basic-prof'] (V8 flags of the server; --perf-basic-prof names builtins too)
//        [--bare] (profile the bench's ceiling server instead of Cairn)
//        [--sse] (the bucket encrypts by default: SSE-S3, built-in KMS)
//        [--audit-batch N] (every request audited to a webhook receiver in this process)
//        [--save FILE] (keeps the operation count, the server pid and the `perf script` text)
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBare, startCairn, stopServer } from '../lib/servers.mjs';
import { S3 } from './lib/s3.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const sizeOf = (s) => { const m = /^(\d+)(KiB|MiB)?$/.exec(s); if (!m) throw new Error(`--size ${s}`); return Number(m[1]) * (m[2] === 'MiB' ? 1 << 20 : m[2] === 'KiB' ? 1024 : 1); };
const op = opt('op', 'put');
const size = sizeOf(opt('size', '256KiB'));
const conc = Number(opt('conc', '8'));
const seconds = Number(opt('seconds', '8'));
const warm = Number(opt('warm', '20'));
const top = Number(opt('top', '8'));
const HZ = 1999;

const root = mkdtempSync(path.join(tmpdir(), 'cairn-perf-threads-'));
// --audit-batch N: every request audited to a webhook receiver in this process (batch size N).
const auditBatch = opt('audit-batch', undefined);
const env = {};
// --sse: the bucket has default encryption SSE-S3 (built-in KMS).
const sse = args.includes('--sse');
if (sse) env.CAIRN_KMS_SECRET_KEY = `perf-key:${randomBytes(32).toString('base64')}`;
let receiver;
if (auditBatch !== undefined) {
  receiver = createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-length': 0 }); res.end(); }); });
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
  Object.assign(env, { CAIRN_AUDIT_WEBHOOK_ENDPOINT: `http://127.0.0.1:${receiver.address().port}/audit`, CAIRN_AUDIT_WEBHOOK_BATCH_SIZE: auditBatch });
}
const cairnRoot = opt('cairn-root', undefined);
// --bare: the bench's ceiling (bare Node server, fsync + rename, MD5) under the same load.
const server = args.includes('--bare') ? await startBare({ name: 'bare', root }) : await startCairn({ name: 'perf', root, env, drives: Number(opt('drives', '1')), nodeArgs: opt('node-args', '--perf-basic-prof-only-functions').split(' '), ...(cairnRoot ? { cairnRoot: path.resolve(cairnRoot) } : {}) });
const s3 = new S3({ endpoint: server.url, accessKey: server.accessKey, secretKey: server.secretKey, connections: conc });
const body = randomBytes(size);
let stop = false;
let done = 0;
try {
  await s3.createBucket('perf');
  if (sse) {
    const xml = '<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>';
    const e = await s3.request({ method: 'PUT', bucket: 'perf', query: { encryption: '' }, body: xml, headers: { 'content-md5': createHash('md5').update(xml).digest('base64') }, collect: true });
    if (e.status !== 200) throw new Error(`PutBucketEncryption: HTTP ${e.status} ${e.body}`);
  }
  if (op === 'get' || op === 'head' || op === 'mixed') for (let i = 0; i < 200; i++) await s3.putObject('perf', `g/${i}`, body);
  // mixed: the bench's mixed row (45% GET, 30% HEAD, 15% PUT, 10% DELETE) over a live set of keys
  // that PUTs add to and DELETEs take from (a key is not deleted while another worker uses it).
  const live = Array.from({ length: 200 }, (_, i) => `g/${i}`);
  const busy = new Map();
  const mixedOp = async (w, i) => {
    const r = Math.random() * 100;
    if (r >= 90 && live.length > 2 * conc) {
      const j = Math.floor(Math.random() * live.length);
      const k = live[j];
      if (!busy.get(k)) { live[j] = live[live.length - 1]; live.pop(); return { ...(await s3.deleteObject('perf', k)), ok: 204 }; }
    }
    if (r >= 75 && r < 90) { const k = `m/${w}-${i}`; const res = await s3.putObject('perf', k, body); live.push(k); return res; }
    const k = live[Math.floor(Math.random() * live.length)];
    busy.set(k, (busy.get(k) ?? 0) + 1);
    try { return r < 45 ? await s3.getObject('perf', k) : await s3.headObject('perf', k); } finally { busy.set(k, busy.get(k) - 1); }
  };
  const worker = async (w) => {
    for (let i = 0; !stop; i++) {
      const g = `g/${(w * 31 + i) % 200}`;
      const r = op === 'mixed' ? await mixedOp(w, i) : op === 'get' ? await s3.getObject('perf', g) : op === 'head' ? await s3.headObject('perf', g) : await s3.putObject('perf', `p/${w}-${i}`, body);
      if (r.status !== (r.ok ?? 200)) throw new Error(`${op}: HTTP ${r.status}`);
      done++;
    }
  };
  const workers = Array.from({ length: conc }, (_, w) => worker(w));
  await new Promise((r) => setTimeout(r, warm * 1000));
  const data = path.join(root, 'perf.data');
  const before = done;
  const perf = spawn('perf', ['record', '-q', '-e', 'cpu-clock', '-F', String(HZ), '-g', '-p', String(server.pid), '-o', data, '--', 'sleep', String(seconds)], { stdio: 'ignore' });
  const code = await new Promise((r) => perf.on('close', r));
  const ops = done - before;
  stop = true;
  await Promise.all(workers);
  if (code !== 0) throw new Error(`perf record exited ${code} (root, or perf_event_paranoid <= 1, is needed)`);
  const script = spawnSync('perf', ['script', '-i', data, '-F', 'comm,tid,ip,sym,dso'], { maxBuffer: 1 << 30, encoding: 'utf8' });
  const save = opt('save', undefined);
  if (save) writeFileSync(save, `${ops}\n${server.pid}\n${script.stdout}`);
  report(parse(script.stdout), ops);
} finally {
  stop = true;
  await s3.close();
  await stopServer(server);
  receiver?.close();
  rmSync(root, { recursive: true, force: true });
}

/** Samples as { tid, frames: [leaf .. root] } from `perf script` text. */
function parse(text) {
  const samples = [];
  let cur;
  for (const line of text.split('\n')) {
    if (line.trim() === '') { if (cur?.frames.length) samples.push(cur); cur = undefined; continue; }
    if (!/^\s/.test(line)) { const m = /^\s*\S+\s+(\d+)/.exec(line); cur = m ? { tid: Number(m[1]), frames: [] } : undefined; continue; }
    const sym = line.trim().split(/\s+/).slice(1).join(' ').replace(/\+0x[0-9a-f]+/g, '');
    cur?.frames.push(sym);
  }
  if (cur?.frames.length) samples.push(cur);
  return samples;
}

function kindOf(frames) {
  const all = frames.join(' ');
  if (/compiler::|Compile|maglev/i.test(all)) return 'compiler';
  if (/Scaveng|MarkCompact|ConcurrentMarking|Sweeper|Heap::|Evacuat/.test(all)) return 'gc';
  if (all.includes('uv__fs_work') || /\bworker \(/.test(all)) return 'thread-pool';
  if (all.includes('ossl_md5')) return 'md5';
  return 'other';
}

function entryOf(frames) {
  const short = (s) => (s ?? '?').replace(/ \(.*$/, '').slice(0, 48);
  const at = (re) => frames.findIndex((f) => re.test(f));
  const fault = at(/asm_exc_page_fault/);
  if (fault >= 0) return `page fault <- ${short(frames[fault + 1])}`;
  if (at(/asm_common_interrupt|asm_sysvec|handle_softirqs/) >= 0) return 'interrupt / softirq';
  const sys = at(/entry_SYSCALL/);
  if (sys >= 0) return `syscall ${short(frames[sys + 1])} <- ${short(frames[sys + 2])}`;
  return frames.some((f) => f.startsWith('JS:')) ? 'JavaScript (and what it calls)' : 'native';
}

function report(samples, ops) {
  const us = (n) => (n / HZ / ops * 1e6).toFixed(1).padStart(8);
  const byTid = new Map();
  for (const s of samples) { const list = byTid.get(s.tid) ?? []; list.push(s); byTid.set(s.tid, list); }
  const tids = [...byTid.keys()].sort((a, b) => byTid.get(b).length - byTid.get(a).length);
  console.log(`${op} ${size} B, ${conc} in flight, ${ops} operations in ${seconds} s after ${warm} s of warm-up (${(ops / seconds).toFixed(0)}/s)`);
  console.log(`server CPU per operation: ${us(samples.length).trim()} µs, by thread (µs/op):`);
  const count = (list, f) => { const m = new Map(); for (const s of list) { const k = f(s); m.set(k, (m.get(k) ?? 0) + 1); } return [...m.entries()].sort((a, b) => b[1] - a[1]); };
  for (const [i, tid] of tids.entries()) {
    const list = byTid.get(tid);
    if (list.length / HZ / ops * 1e6 < 1) break;
    const kinds = count(list, (s) => kindOf(s.frames)).map(([k, n]) => `${k} ${us(n).trim()}`).join(', ');
    console.log(`\nthread ${tid}${tid === server.pid ? ' (event loop)' : ''}: ${us(list.length).trim()}  [${kinds}]`);
    for (const [k, n] of count(list, (s) => s.frames[0].replace(/ \(.*$/, '').slice(0, 90)).slice(0, top)) console.log(`  ${us(n)}  ${k}`);
    if (i < 3) {
      console.log('  kernel entries and code:');
      for (const [k, n] of count(list, (s) => entryOf(s.frames)).slice(0, top)) console.log(`  ${us(n)}  ${k}`);
    }
  }
}
