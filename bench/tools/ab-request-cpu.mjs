#!/usr/bin/env node
// Paired server CPU per small request, two builds side by side: starts build A and build B
// (each a checkout with bin/ and dist/) at once on fresh drive dirs, fills --objects objects of
// --size bytes in each, then alternates bursts of --burst requests (A, B, B, A, ...) for --pairs
// pairs, so the load of a shared machine falls on both alike. Reports per op kind the median of
// B's ÷ A's CPU µs/op over the pairs and each build's median CPU µs/op (utime+stime of the
// server's process tree from /proc).
//
//   node bench/tools/ab-request-cpu.mjs --a /work/old --b . --ops get,put --pairs 20
// --sse: the bucket has default encryption SSE-S3 (built-in KMS, one key for both builds;
// --env CAIRN_SSE_CIPHER=chacha20-poly1305 picks the cipher), so every PUT is encrypted and
// every GET decrypted.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCairn, stopServer } from '../lib/servers.mjs';
import { pidCpuSec } from './lib/proc-meter.mjs';
import { S3 } from './lib/s3.mjs';

function parseArgs(argv) {
  const o = { a: null, b: '.', ops: ['get', 'put'], size: 4096, conc: 16, burst: 2000, pairs: 12, objects: 1000, drives: 1, env: {}, sse: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => { const x = argv[++i]; if (x === undefined) throw new Error(`${k} needs a value`); return x; };
    if (k === '--a') o.a = path.resolve(v());
    else if (k === '--b') o.b = path.resolve(v());
    else if (k === '--ops') o.ops = v().split(',');
    else if (k === '--size') o.size = Number(v());
    else if (k === '--conc') o.conc = Number(v());
    else if (k === '--burst') o.burst = Number(v());
    else if (k === '--pairs') o.pairs = Number(v());
    else if (k === '--objects') o.objects = Number(v());
    else if (k === '--drives') o.drives = Number(v());
    else if (k === '--sse') o.sse = true;
    else if (k === '--env') { const [n, ...x] = v().split('='); o.env[n] = x.join('='); }
    else throw new Error(`unknown option ${k}`);
  }
  if (!o.a) throw new Error('--a DIR is required');
  if (o.sse) o.env = { CAIRN_KMS_SECRET_KEY: `ab-key:${randomBytes(32).toString('base64')}`, ...o.env };
  for (const op of o.ops) if (!['get', 'put', 'head'].includes(op)) throw new Error(`--ops: unknown op ${op}`);
  return o;
}

async function drive(ops, conc, fn) {
  let next = 0;
  const worker = async () => { while (next < ops) { const i = next++; await fn(i); } };
  await Promise.all(Array.from({ length: Math.min(conc, ops) }, worker));
}

const median = (xs) => { const s = [...xs].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const root = mkdtempSync(path.join(tmpdir(), 'cairn-ab-cpu-'));
  const sides = [];
  try {
    for (const [name, cairnRoot] of [['A', o.a], ['B', o.b]]) {
      const server = await startCairn({ name, root: path.join(root, name), drives: o.drives, cairnRoot, env: o.env });
      const s3 = new S3({ endpoint: server.url, accessKey: server.accessKey, secretKey: server.secretKey, connections: o.conc });
      const r = await s3.createBucket('abcpu');
      if (r.status !== 200) throw new Error(`${name} CreateBucket: HTTP ${r.status}`);
      if (o.sse) {
        const body = '<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>';
        const e = await s3.request({ method: 'PUT', bucket: 'abcpu', query: { encryption: '' }, body, headers: { 'content-md5': createHash('md5').update(body).digest('base64') }, collect: true });
        if (e.status !== 200) throw new Error(`${name} PutBucketEncryption: HTTP ${e.status} ${e.body}`);
      }
      sides.push({ name, server, s3 });
    }
    const body = randomBytes(o.size);
    const ok = (op) => (r) => { if (r.status !== 200) throw new Error(`${op}: HTTP ${r.status} ${r.body ?? ''}`); };
    const run = { get: (s3, i) => s3.getObject('abcpu', `k/${i % o.objects}`).then(ok('GET')),
      head: (s3, i) => s3.headObject('abcpu', `k/${i % o.objects}`).then(ok('HEAD')),
      put: (s3, i) => s3.putObject('abcpu', `k/${i % o.objects}`, body).then(ok('PUT')) };
    for (const s of sides) { await drive(o.objects, o.conc, (i) => run.put(s.s3, i)); for (const op of o.ops) await drive(Math.min(o.burst, 1000), o.conc, (i) => run[op](s.s3, i)); }
    const results = {};
    for (const op of o.ops) {
      const per = { A: [], B: [] };
      const ratios = [];
      for (let p = 0; p < o.pairs; p++) {
        const order = p % 2 === 0 ? sides : [sides[1], sides[0]];
        const got = {};
        for (const s of order) {
          const c0 = pidCpuSec([s.server.pid]);
          await drive(o.burst, o.conc, (i) => run[op](s.s3, i));
          got[s.name] = ((pidCpuSec([s.server.pid]) - c0) * 1e6) / o.burst;
          per[s.name].push(got[s.name]);
        }
        ratios.push(got.B / got.A);
      }
      results[op] = { aUs: median(per.A), bUs: median(per.B), ratio: median(ratios), ratios: ratios.map((x) => Number(x.toFixed(3))) };
      console.log(`${op} ${o.size} B c${o.conc}: A ${results[op].aUs.toFixed(0)} µs/op, B ${results[op].bUs.toFixed(0)} µs/op, B÷A median ${results[op].ratio.toFixed(3)} (pairs ${results[op].ratios.join(' ')})`);
    }
  } finally {
    for (const s of sides) { await s.s3.close().catch(() => {}); await stopServer(s.server); }
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e.stack || String(e)); process.exitCode = 1; });
