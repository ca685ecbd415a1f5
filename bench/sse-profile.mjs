#!/usr/bin/env node
// Where an SSE-S3 GET or PUT spends the server's CPU: Cairn (1 drive, built-in KMS) under
// `node --cpu-prof`, one s3bench row on a bucket with default encryption SSE-S3 (or a plain
// bucket with --plain); then the server CPU per request, the inclusive busy share of the
// modules of the data path and the top self time.
//
//   npm run build && node bench/sse-profile.mjs [--row get-64MiB --seconds 8 --plain --cipher chacha20-poly1305 --threads]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { startCairn, stopServer, REPO_DIR } from './lib/servers.mjs';
import { measure } from './lib/s3bench-runner.mjs';
import { readProfiles, topSelfTime } from './lib/cpuprofile-top.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const ROW = opt('row', 'get-64MiB');
const SECONDS = Number(opt('seconds', '8'));
const CONCURRENCY = opt('c', '1');
const PLAIN = args.includes('--plain');
const CIPHER = opt('cipher', undefined);

const [op, size] = ROW.split('-');
const d = ['-d', `${SECONDS}s`, '-w', '2s', '-c', CONCURRENCY, '--bucket', 'bench'];
const rowArgs = op === 'put'
  ? ['put', '-z', size, ...d]
  : ['get', '-z', size, '--objects', size.endsWith('MiB') && Number.parseInt(size, 10) >= 64 ? '2' : '20', '--verify', '--key-prefix', `g${size}-`, '--prepare-if-missing', '--no-cleanup', ...d];

const root = mkdtempSync(path.join(os.tmpdir(), 'cairn-sse-prof-'));
const profDir = path.join(root, 'cpuprof');
mkdirSync(profDir, { recursive: true });
const env = { CAIRN_KMS_SECRET_KEY: `bench-key:${randomBytes(32).toString('base64')}`, ...(CIPHER ? { CAIRN_SSE_CIPHER: CIPHER } : {}) };
let server;
// Samples before the measured row (start-up, module loading, bucket set-up) are left out.
const spawnedAt = Date.now();
let measuredFrom = spawnedAt;
try {
  server = await startCairn({ name: 'sse-profiled', root, drives: 1, env, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profDir] });
  const s3 = new S3Client({
    endpoint: server.url, region: 'us-east-1', forcePathStyle: true,
    credentials: { accessKeyId: server.accessKey, secretAccessKey: server.secretKey },
  });
  await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));
  if (!PLAIN) {
    await s3.send(new PutBucketEncryptionCommand({
      Bucket: 'bench', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    }));
  }
  s3.destroy();
  measuredFrom = Date.now();
  const j = await measure({ server, row: ROW, round: 1, args: rowArgs, timeoutMs: (SECONDS + 300) * 1000 });
  console.log(`${ROW} ${PLAIN ? 'plain' : 'SSE-S3'}: ${j.ops_per_s} ops/s ${j.mib_per_s ?? ''} MiB/s, server CPU ${JSON.stringify(j.server_cpu ?? null)}${j.failed ? ` FAILED ${j.error}` : ''}`);
} finally {
  await stopServer(server);
}
const files = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(profDir, f));
const skipUs = (measuredFrom - spawnedAt) * 1000;
const profiles = readProfiles(files).map((p, n) => {
  // The main thread's profile (thread 0) starts with the process: its samples before the row
  // are dropped. Worker threads start later (lazily) and are kept whole.
  if (!/\.0\.\d+\.cpuprofile$/.test(files[n])) return p;
  let t = 0;
  const keep = (p.timeDeltas ?? []).map((d) => { t += d; return t >= skipUs; });
  return { ...p, samples: p.samples.filter((_, i) => keep[i]), timeDeltas: p.timeDeltas.filter((_, i) => keep[i]) };
});
// Inclusive busy time per src file (a sample counts for every module on its stack).
const incl = new Map();
let busy = 0;
for (const p of profiles) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const ch of n.children ?? []) parent.set(ch, n.id);
  const self = new Map();
  p.samples.forEach((s, i) => self.set(s, (self.get(s) ?? 0) + Math.max(0, p.timeDeltas[i] ?? 0)));
  for (const [id, us] of self) {
    if (byId.get(id).callFrame.functionName === '(idle)') continue;
    busy += us;
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const cf = byId.get(cur).callFrame;
      const m = /\/dist\/src\/(.*)\.js$/.exec(cf.url ?? '') ?? /^node:(.*)$/.exec(cf.url ?? '');
      const key = m ? m[1] : undefined;
      if (key && !seen.has(key)) { seen.add(key); incl.set(key, (incl.get(key) ?? 0) + us); }
    }
  }
}
console.log(`busy CPU ${(busy / 1000).toFixed(0)} ms over the server's life; inclusive share per module (top 25):`);
for (const [k, us] of [...incl].sort((a, b) => b[1] - a[1]).filter(([k], i) => i < 25 || /sse|kms|crypto|get-object|put-object/.test(k))) console.log(`  ${(100 * us / busy).toFixed(1).padStart(5)}%  ${k}`);
// Who calls the heaviest native functions: self time by caller chain.
for (const fn of ['postMessage', 'writeBuffer', '(garbage collector)']) {
  const by = new Map();
  for (const p of profiles) {
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of p.nodes) for (const ch of n.children ?? []) parent.set(ch, n.id);
    p.samples.forEach((s, i) => {
      if (byId.get(s).callFrame.functionName !== fn) return;
      const chain = [];
      for (let cur = parent.get(s); cur !== undefined && chain.length < 5; cur = parent.get(cur)) {
        const cf = byId.get(cur).callFrame;
        chain.push(`${cf.functionName || '(anon)'}@${path.basename(cf.url ?? '')}`);
      }
      const k = chain.join(' < ');
      by.set(k, (by.get(k) ?? 0) + Math.max(0, p.timeDeltas[i] ?? 0));
    });
  }
  for (const [k, us] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 3)) console.log(`  ${fn} ${(100 * us / busy).toFixed(1)}%: ${k}`);
}
// Per thread (the main thread and each worker write their own profile): busy time and top self time.
if (args.includes('--threads')) {
  for (const [i, p] of profiles.entries()) {
    const t = topSelfTime([p], { repoDir: REPO_DIR, limit: 12 });
    if (t.total_ms < 200) continue;
    console.log(`thread profile ${path.basename(files[i])}: busy ${t.total_ms} ms`);
    for (const x of t.top) console.log(`    ${String(x.pct).padStart(5)}%  ${x.name}`);
  }
}
const top = topSelfTime(profiles, { repoDir: REPO_DIR, limit: 30 });
console.log('top self time:');
for (const t of top.top) console.log(`  ${String(t.pct).padStart(5)}%  ${t.name}`);
rmSync(root, { recursive: true, force: true });
