#!/usr/bin/env node
// What server-side encryption adds to a small request over HTTP, paired: one Cairn server
// (1 drive, built-in KMS) with a plain bucket and a bucket whose default encryption is SSE-S3,
// the same objects in both, then alternating bursts of GETs (or HEADs / PUTs) against one
// bucket and the other (every other pair in reverse order), each burst's server CPU time
// (process and all its threads, /proc) divided by its requests. Prints per pair plain / SSE
// µs per request and the median difference and ratio: the paired figure that a run-to-run
// spread of ±40% in a single server's CPU per request (seen on this VM) cannot blur.
//
//   node bench/tools/ab-sse-request-cpu.mjs [--op get|head|put] [--size 4KiB] [--conc 16]
//        [--pairs 20] [--burst 4000] [--cipher aes-256-gcm|chacha20-poly1305]
//        [--cairn-root DIR] [--node-args '--cpu-prof ...']
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCairn, stopServer } from '../lib/servers.mjs';
import { pidCpuSec } from './lib/proc-meter.mjs';
import { S3 } from './lib/s3.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const sizeOf = (s) => { const m = /^(\d+)(KiB|MiB)?$/.exec(s); if (!m) throw new Error(`--size ${s}`); return Number(m[1]) * (m[2] === 'MiB' ? 1 << 20 : m[2] === 'KiB' ? 1024 : 1); };
const op = opt('op', 'get');
if (!['get', 'head', 'put'].includes(op)) throw new Error(`--op ${op}: get, head or put`);
const size = sizeOf(opt('size', '4KiB'));
const conc = Number(opt('conc', '16'));
const pairs = Number(opt('pairs', '20'));
const burst = Number(opt('burst', '4000'));
const cipher = opt('cipher', undefined);
const cairnRoot = opt('cairn-root', undefined);
const OBJECTS = 200;

const root = mkdtempSync(path.join(tmpdir(), 'cairn-ab-sse-'));
const env = { CAIRN_KMS_SECRET_KEY: `ab-key:${randomBytes(32).toString('base64')}`, ...(cipher ? { CAIRN_SSE_CIPHER: cipher } : {}) };
const server = await startCairn({
  name: 'ab-sse', root, env, drives: 1,
  ...(opt('node-args', undefined) ? { nodeArgs: opt('node-args').split(' ') } : {}),
  ...(cairnRoot ? { cairnRoot: path.resolve(cairnRoot) } : {}),
});
const s3 = new S3({ endpoint: server.url, accessKey: server.accessKey, secretKey: server.secretKey, connections: conc });
const body = randomBytes(size);
const must = (r, what, ok = 200) => { if (r.status !== ok) throw new Error(`${what}: HTTP ${r.status} ${r.body ?? ''}`); };

async function burstOf(bucket, n) {
  let next = 0;
  const one = async (i) => {
    const key = `o/${i % OBJECTS}`;
    const r = op === 'get' ? await s3.getObject(bucket, key) : op === 'head' ? await s3.headObject(bucket, key)
      : await s3.putObject(bucket, `p/${i}`, body);
    must(r, `${op} ${bucket}/${key}`);
  };
  await Promise.all(Array.from({ length: conc }, async () => { for (let i = next++; i < n; i = next++) await one(i); }));
}

async function measured(bucket) {
  const before = pidCpuSec([server.pid]);
  const t0 = process.hrtime.bigint();
  await burstOf(bucket, burst);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  return { cpuUs: ((pidCpuSec([server.pid]) - before) * 1e6) / burst, opsPerS: burst / wall };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
try {
  for (const b of ['plain', 'sse']) must(await s3.createBucket(b), `CreateBucket ${b}`);
  const xml = '<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>';
  must(await s3.request({ method: 'PUT', bucket: 'sse', query: { encryption: '' }, body: xml, headers: { 'content-md5': createHash('md5').update(xml).digest('base64') }, collect: true }), 'PutBucketEncryption');
  for (const b of ['plain', 'sse']) for (let i = 0; i < OBJECTS; i++) must(await s3.putObject(b, `o/${i}`, body), `PUT ${b}`);
  // Warm both paths (JIT) before measuring.
  for (let w = 0; w < 3; w++) for (const b of ['plain', 'sse']) await burstOf(b, burst);
  const rows = [];
  for (let p = 0; p < pairs; p++) {
    const order = p % 2 === 0 ? ['plain', 'sse'] : ['sse', 'plain'];
    const r = {};
    for (const b of order) r[b] = await measured(b);
    rows.push(r);
    console.log(`pair ${p + 1}: plain ${r.plain.cpuUs.toFixed(1)} µs (${r.plain.opsPerS.toFixed(0)}/s), sse ${r.sse.cpuUs.toFixed(1)} µs (${r.sse.opsPerS.toFixed(0)}/s)`);
  }
  const diff = median(rows.map((r) => r.sse.cpuUs - r.plain.cpuUs));
  const ratio = median(rows.map((r) => r.plain.cpuUs / r.sse.cpuUs));
  const ops = median(rows.map((r) => r.sse.opsPerS / r.plain.opsPerS));
  console.log(`${process.version} ${op} ${size} B c${conc}, ${pairs} pairs of ${burst}: server CPU µs/request plain ${median(rows.map((r) => r.plain.cpuUs)).toFixed(1)}, SSE ${median(rows.map((r) => r.sse.cpuUs)).toFixed(1)}; SSE adds ${diff.toFixed(1)} µs (median of pairs), plain ÷ SSE CPU ${ratio.toFixed(2)}, SSE ÷ plain ops/s ${ops.toFixed(2)}`);
} finally {
  await s3.close();
  await stopServer(server);
  rmSync(root, { recursive: true, force: true });
}
