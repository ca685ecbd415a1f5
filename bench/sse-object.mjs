#!/usr/bin/env node
// Cost of server-side encryption on the S3 data path: the same s3bench rows (PUT and GET of
// 4 KiB at 1 and 16 clients, 1 MiB and 64 MiB at one client) against one Cairn server (1 drive, built-in KMS) on a
// plain bucket and on a bucket whose default encryption is SSE-S3 (PutBucketEncryption AES256,
// so every PUT is encrypted, every GET decrypted), interleaved plain / SSE per round. The
// cipher is the server default (AES-256-GCM with AES-NI) unless --cipher is given.
//
//   npm run bench:sse-object [-- --seconds 8 --rounds 2 --cipher chacha20-poly1305 --only 64MiB --out bench/results]
// Besides ops/s, the table gives the server's CPU time per request (process and threads, /proc).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, PutBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { startCairn, stopServer } from './lib/servers.mjs';
import { measure } from './lib/s3bench-runner.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const SECONDS = Number(opt('seconds', '8'));
const ROUNDS = Number(opt('rounds', '2'));
const CIPHER = opt('cipher', undefined);
const outDir = opt('out', path.join(here, 'results'));
const only = new RegExp(opt('only', '.'));
const log = (msg) => console.error(`[sse-object ${new Date().toISOString().slice(11, 19)}] ${msg}`);

const root = mkdtempSync(path.join(os.tmpdir(), 'cairn-sse-bench-'));
const env = { CAIRN_KMS_SECRET_KEY: `bench-key:${randomBytes(32).toString('base64')}`, ...(CIPHER ? { CAIRN_SSE_CIPHER: CIPHER } : {}) };
const server = await startCairn({ name: 'cairn-sse', root, drives: 1, env });
process.on('SIGINT', () => { stopServer(server).finally(() => { rmSync(root, { recursive: true, force: true }); process.exit(130); }); });
const s3 = new S3Client({
  endpoint: server.url, region: 'us-east-1', forcePathStyle: true,
  credentials: { accessKeyId: server.accessKey, secretAccessKey: server.secretKey },
});
for (const b of ['bench-plain', 'bench-sse']) await s3.send(new CreateBucketCommand({ Bucket: b }));
await s3.send(new PutBucketEncryptionCommand({
  Bucket: 'bench-sse', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
}));
s3.destroy();

const d = ['-d', `${SECONDS}s`, '-w', '2s'];
const get = (size, objects, c = 1) => ['get', '-z', size, '-c', String(c), '--objects', String(objects), '--verify', '--key-prefix', `g${size}-`, '--prepare-if-missing', '--no-cleanup', ...d];
const allRows = [
  { label: 'put-4KiB-c1', args: ['put', '-z', '4KiB', '-c', '1', ...d] },
  { label: 'get-4KiB-c1', args: get('4KiB', 200) },
  { label: 'put-4KiB-c16', args: ['put', '-z', '4KiB', '-c', '16', ...d] },
  { label: 'get-4KiB-c16', args: get('4KiB', 200, 16) },
  { label: 'put-1MiB-c1', args: ['put', '-z', '1MiB', '-c', '1', ...d] },
  { label: 'get-1MiB-c1', args: get('1MiB', 20) },
  { label: 'put-64MiB-c1', args: ['put', '-z', '64MiB', '-c', '1', ...d] },
  { label: 'get-64MiB-c1', args: get('64MiB', 2) },
];
const rows = allRows.filter((r) => only.test(r.label));
const results = [];
try {
  for (const row of rows) {
    for (let round = 1; round <= ROUNDS; round++) {
      // ABBA order: plain first in odd rounds, SSE first in even ones, so neither side always
      // runs on the warmer (or the later, drifting) half of a round.
      for (const bucket of round % 2 === 1 ? ['bench-plain', 'bench-sse'] : ['bench-sse', 'bench-plain']) {
        const j = await measure({ server: { ...server, name: bucket }, row: row.label, round, args: [...row.args, '--bucket', bucket], timeoutMs: (SECONDS + 300) * 1000 });
        results.push(j);
        log(`${row.label} ${bucket} r${round}: ${j.ops_per_s} ops/s ${j.mib_per_s ?? ''} MiB/s p50 ${j.latency_ms?.p50} ms server ${j.server_cpu?.us_per_op ?? '?'} µs CPU/op errors ${j.errors}${j.failed ? ` FAILED ${j.error}` : ''}`);
      }
    }
  }
} finally {
  await stopServer(server).catch(() => {});
  rmSync(root, { recursive: true, force: true });
}

const ops = (row, bucket) => results.filter((r) => r.row === row && r.name === bucket && !r.failed).map((r) => r.ops_per_s).sort((a, b) => a - b);
const median = (xs) => (xs.length === 0 ? NaN : xs[Math.floor((xs.length - 1) / 2)]);
// Server CPU per request (user + system of the server process and its threads, from /proc):
// steadier than ops/s on a shared, loaded machine.
const cpu = (row, bucket) => results.filter((r) => r.row === row && r.name === bucket && !r.failed && r.server_cpu?.us_per_op != null)
  .map((r) => r.server_cpu.us_per_op).sort((a, b) => a - b);
// Per round, SSE ops/s over the same round's plain ops/s (the two ran back to back): the
// machine's drift between rounds cancels out of each pair.
const pairedRatios = (row) => {
  const out = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const pick = (bucket) => results.find((r) => r.row === row && r.name === bucket && r.round === round && !r.failed)?.ops_per_s;
    const p = pick('bench-plain');
    const s = pick('bench-sse');
    if (p !== undefined && s !== undefined && p > 0) out.push(s / p);
  }
  return out.sort((a, b) => a - b);
};
const ms = (us) => (Number.isFinite(us) ? (us / 1000).toFixed(us < 10_000 ? 2 : 1) : '?');
const lines = [
  '## SSE-S3 cost on the data path',
  '',
  `${new Date().toISOString()}, Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} at the end; Cairn 1 drive, built-in KMS, cipher ${CIPHER ?? 'server default'}; s3bench ${SECONDS} s per run (2 s warm-up), ${ROUNDS} rounds on the same server, plain / SSE in ABBA order (plain first in odd rounds); "per round" pairs each round's two runs.`,
  '',
  '| workload | plain ops/s (min / median) | SSE-S3 ops/s (min / median) | SSE ÷ plain (medians) | SSE ÷ plain per round (median; min..max) | server CPU ms/op plain / SSE (median) | plain ÷ SSE CPU |',
  '|---|---|---|---|---|---|---|',
  ...rows.map(({ label }) => {
    const p = ops(label, 'bench-plain');
    const s = ops(label, 'bench-sse');
    const pc = median(cpu(label, 'bench-plain'));
    const sc = median(cpu(label, 'bench-sse'));
    const pr = pairedRatios(label);
    const paired = pr.length === 0 ? '?' : `${median(pr).toFixed(2)}; ${pr[0].toFixed(2)}..${pr[pr.length - 1].toFixed(2)}`;
    return `| ${label} | ${p[0]?.toFixed(1)} / ${median(p).toFixed(1)} | ${s[0]?.toFixed(1)} / ${median(s).toFixed(1)} | ${(median(s) / median(p)).toFixed(2)} | ${paired} | ${ms(pc)} / ${ms(sc)} | ${(pc / sc).toFixed(2)} |`;
  }),
  '',
];
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'sse-object-latest.md'), `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
