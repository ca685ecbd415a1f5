#!/usr/bin/env node
// Paired wall time and server CPU of large GETs, plain and SSE-S3, two builds side by side:
// starts build A and build B (built-in KMS) on fresh drive dirs, puts one --size object in a
// plain bucket and one in a bucket with default encryption SSE-S3 on each, then runs --rounds
// rounds of one GET per (build, bucket), the order rotating per round, so the load of a shared
// machine falls on all four alike. Reports per build the median SSE ÷ plain wall-time ratio of
// the rounds (SSE throughput ÷ plain is its inverse) and the median server CPU ms per GET.
//
//   node bench/tools/ab-sse-large-get.mjs --a /work/base --b . [--size 67108864 --rounds 15 --cipher chacha20-poly1305 --env-b CAIRN_HASH_THREADS=2]
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCairn, stopServer } from '../lib/servers.mjs';
import { pidCpuSec } from './lib/proc-meter.mjs';
import { S3 } from './lib/s3.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const A = path.resolve(opt('a', '')), B = path.resolve(opt('b', '.'));
const SIZE = Number(opt('size', String(64 * 1024 * 1024)));
const ROUNDS = Number(opt('rounds', '15'));
const CIPHER = opt('cipher', undefined);
/** --env-b NAME=VALUE: an extra environment variable for build B only (e.g. CAIRN_HASH_THREADS=2). */
const ENV_B = Object.fromEntries(args.flatMap((a, i) => (a === '--env-b' ? [args[i + 1].split(/=(.*)/s).slice(0, 2)] : [])));
const median = (xs) => { const s = [...xs].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const encryption = '<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>';

const root = mkdtempSync(path.join(tmpdir(), 'cairn-ab-sse-get-'));
const env = { CAIRN_KMS_SECRET_KEY: `ab-key:${randomBytes(32).toString('base64')}`, ...(CIPHER ? { CAIRN_SSE_CIPHER: CIPHER } : {}) };
const sides = [];
try {
  const body = randomBytes(SIZE);
  const md5 = createHash('md5').update(body).digest('hex');
  for (const [name, cairnRoot] of [['A', A], ['B', B]]) {
    const server = await startCairn({ name, root: path.join(root, name), drives: 1, cairnRoot, env: name === 'B' ? { ...env, ...ENV_B } : env });
    const s3 = new S3({ endpoint: server.url, accessKey: server.accessKey, secretKey: server.secretKey, connections: 2, timeoutMs: 600_000 });
    for (const bucket of ['plain', 'sse']) {
      if ((await s3.createBucket(bucket)).status !== 200) throw new Error(`${name} CreateBucket ${bucket}`);
      if (bucket === 'sse') {
        const e = await s3.request({ method: 'PUT', bucket, query: { encryption: '' }, body: encryption, headers: { 'content-md5': createHash('md5').update(encryption).digest('base64') }, collect: true });
        if (e.status !== 200) throw new Error(`${name} PutBucketEncryption: HTTP ${e.status} ${e.body}`);
      }
      const r = await s3.putObject(bucket, 'big', body);
      if (r.status !== 200) throw new Error(`${name} PUT ${bucket}: HTTP ${r.status}`);
    }
    sides.push({ name, server, s3 });
  }
  const runs = sides.flatMap((s) => ['plain', 'sse'].map((bucket) => ({ s, bucket, wall: [], cpu: [] })));
  const get = async (run) => {
    const h = createHash('md5');
    const c0 = pidCpuSec([run.s.server.pid]);
    const t0 = process.hrtime.bigint();
    const r = await run.s.s3.getObject(run.bucket, 'big', (chunk) => h.update(chunk));
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 200 || r.bytes !== SIZE || h.digest('hex') !== md5) throw new Error(`${run.s.name} GET ${run.bucket}: HTTP ${r.status}, ${r.bytes} bytes or wrong content`);
    return { wall, cpu: (pidCpuSec([run.s.server.pid]) - c0) * 1000 };
  };
  for (const run of runs) await get(run); // warm-up
  const ratios = { A: [], B: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = runs.map((_, i) => runs[(i + round) % runs.length]);
    const got = {};
    for (const run of order) {
      const m = await get(run);
      run.wall.push(m.wall); run.cpu.push(m.cpu);
      got[`${run.s.name}-${run.bucket}`] = m.wall;
    }
    for (const n of ['A', 'B']) ratios[n].push(got[`${n}-sse`] / got[`${n}-plain`]);
  }
  for (const n of ['A', 'B']) {
    const p = runs.find((r) => r.s.name === n && r.bucket === 'plain'), e = runs.find((r) => r.s.name === n && r.bucket === 'sse');
    console.log(`${n} (${n === 'A' ? A : B}): GET ${SIZE} B wall plain ${median(p.wall).toFixed(0)} ms, SSE ${median(e.wall).toFixed(0)} ms; SSE÷plain wall median ${median(ratios[n]).toFixed(3)} (throughput ratio ${(1 / median(ratios[n])).toFixed(2)}); server CPU plain ${median(p.cpu).toFixed(0)} ms, SSE ${median(e.cpu).toFixed(0)} ms`);
  }
} finally {
  for (const s of sides) { await s.s3.close().catch(() => {}); await stopServer(s.server); }
  rmSync(root, { recursive: true, force: true });
}
