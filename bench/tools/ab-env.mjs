#!/usr/bin/env node
// A/B of one Cairn build under two environments (e.g. malloc tunables), or of two builds
// (--a-root / --b-root: repo dirs with a built dist/, e.g. a worktree of another commit): one
// server per side (1 drive unless --drives), the same s3bench rows against both, interleaved per
// round (every other round in reverse order), ops/s and server CPU per request of each.
//
//   node bench/tools/ab-env.mjs --a 'X=1' --b 'X=2 Y=3' [--a-root DIR] [--b-root DIR]
//        [--rows 'put -z 1MiB -c 8;get -z 1MiB -c 8']
//        [--rounds 3] [--seconds 6] [--drives 1] [--warm 8]
//        [--sse] (both servers get a built-in KMS key and every row's bucket SSE-S3 default encryption,
//                 e.g. --a CAIRN_SSE_ENGINE=node --b CAIRN_SSE_ENGINE=openssl)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, PutBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import path from 'node:path';
import { startCairn, stopServer } from '../lib/servers.mjs';
import { measure } from '../lib/s3bench-runner.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const parseEnv = (s) => Object.fromEntries(s.split(/\s+/).filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
const sse = args.includes('--sse');
const kmsKey = sse ? { CAIRN_KMS_SECRET_KEY: `ab-key:${randomBytes(32).toString('base64')}` } : {};
const sides = { a: { ...kmsKey, ...parseEnv(opt('a', '')) }, b: { ...kmsKey, ...parseEnv(opt('b', '')) } };
const rounds = Number(opt('rounds', '3'));
const seconds = Number(opt('seconds', '6'));
const warm = Number(opt('warm', '8'));
const drives = Number(opt('drives', '1'));
const rows = opt('rows', 'put -z 1MiB -c 8').split(';').map((r) => r.trim().split(/\s+/));
const roots = { a: opt('a-root', undefined), b: opt('b-root', undefined) };
const root = mkdtempSync(path.join(os.tmpdir(), 'cairn-ab-env-'));
const servers = {};
try {
  for (const side of ['a', 'b']) servers[side] = await startCairn({ name: side, root: path.join(root, side), drives, env: sides[side], ...(roots[side] ? { cairnRoot: path.resolve(roots[side]) } : {}) });
  for (const row of rows) {
    const label = row.join(' ');
    const bucket = `b-${row[0]}-${row[2]}`.toLowerCase();
    if (sse) for (const side of ['a', 'b']) await encryptedBucket(servers[side], bucket);
    const full = (s, secs) => [...row, '--bucket', bucket, '--key-prefix', `${s}-`, ...(row[0] === 'get' ? ['--objects', '40', '--prepare-if-missing', '--no-cleanup'] : []), '-d', `${secs}s`, '-w', '1s'];
    for (const side of ['a', 'b']) await measure({ server: { ...servers[side], name: side }, row: label, round: 0, args: full(side, warm), timeoutMs: 600_000 });
    const res = { a: [], b: [] };
    for (let r = 0; r < rounds; r++) {
      for (const side of r % 2 === 0 ? ['a', 'b'] : ['b', 'a']) {
        const j = await measure({ server: { ...servers[side], name: side }, row: label, round: r + 1, args: full(side, seconds), timeoutMs: 600_000 });
        res[side].push(j);
        console.log(`${label} ${side} r${r + 1}: ${j.ops_per_s} ops/s, ${j.server_cpu?.us_per_op ?? '?'} µs CPU/op, peak RSS ${j.peak_rss_mib} MiB, errors ${j.errors}${j.failed ? ` FAILED ${j.error}` : ""}`);
      }
    }
    const med = (xs) => xs.slice().sort((x, y) => x - y)[Math.floor((xs.length - 1) / 2)];
    const ratios = res.a.map((ja, i) => res.b[i].ops_per_s / ja.ops_per_s);
    console.log(`== ${label}: b ÷ a ops/s per round ${ratios.map((x) => x.toFixed(2)).join(' ')}; CPU µs/op a ${med(res.a.map((j) => j.server_cpu?.us_per_op ?? NaN))} b ${med(res.b.map((j) => j.server_cpu?.us_per_op ?? NaN))}`);
  }
} finally {
  for (const s of Object.values(servers)) await stopServer(s).catch(() => {});
  rmSync(root, { recursive: true, force: true });
}

/** `bucket` on `server`, created once, with SSE-S3 default encryption. */
async function encryptedBucket(server, bucket) {
  const s3 = new S3Client({
    endpoint: server.url, region: 'us-east-1', forcePathStyle: true,
    credentials: { accessKeyId: server.accessKey, secretAccessKey: server.secretKey },
  });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((err) => { if (err?.name !== 'BucketAlreadyOwnedByYou') throw err; });
    await s3.send(new PutBucketEncryptionCommand({
      Bucket: bucket, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    }));
  } finally {
    s3.destroy();
  }
}
