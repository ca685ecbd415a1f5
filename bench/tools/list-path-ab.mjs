#!/usr/bin/env node
// Interleaved A/B of listing page cost: starts two Cairn builds side by side (--a-root and
// --b-root, default this repo), fills both the same way (--keys objects of 64 B and --keys
// pending uploads on --drives drives), then alternates measurements (--pages pages of
// each listing, 4 in flight) between them for --rounds rounds, so both see the same machine
// load. Reports the server CPU µs per page of each side per round and the B/A ratio
// (median over rounds). On a shared machine this is the fair comparison; list-path-profile.mjs
// measures one build. Windows of 400 pages (default): in windows of 40 the garbage collector's
// deferred work falls partly outside the measured side's window and costs that allocate per
// entry go unseen (README, listing "Fourth round").
//
//   node bench/tools/list-path-ab.mjs --a-root /path/to/old --drives 1 --rounds 4
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startCairn, stopServer, REPO_DIR } from '../lib/servers.mjs';
import { pidCpuSec } from './lib/proc-meter.mjs';
import { S3 } from './lib/s3.mjs';

const o = { aRoot: REPO_DIR, bRoot: REPO_DIR, drives: 1, keys: 1000, pages: 400, rounds: 4, conc: 4 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const v = argv[++i];
  if (v === undefined) throw new Error(`${a} needs a value`);
  if (a === '--a-root') o.aRoot = path.resolve(v);
  else if (a === '--b-root') o.bRoot = path.resolve(v);
  else if (['--drives', '--keys', '--pages', '--rounds', '--conc'].includes(a)) o[a.slice(2)] = Number(v);
  else throw new Error(`unknown option ${a}`);
}

async function pool(n, conc, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(conc, n) }, async () => { while (next < n) { const i = next++; await fn(i); } }));
}

const LISTINGS = [
  ['ListObjectsV2', [['list-type', '2'], ['max-keys', '1000'], ['prefix', 'd/']], 'Contents'],
  ['ListObjectsV2/dir', [['list-type', '2'], ['max-keys', '1000'], ['prefix', 'd/'], ['delimiter', '/']], 'Contents'],
  ['ListObjectVersions', [['versions', ''], ['max-keys', '1000'], ['prefix', 'd/']], 'Version'],
  ['ListMultipartUploads', [['uploads', ''], ['max-uploads', '1000'], ['prefix', 'u/']], 'Upload'],
];

async function side(name, cairnRoot, root, started) {
  const server = await startCairn({ name, root, drives: o.drives, cairnRoot });
  const s3 = new S3({ endpoint: server.url, accessKey: server.accessKey, secretKey: server.secretKey, connections: 16 });
  started.push({ server, s3 }); // stopped by the caller's finally even if the fill fails
  const cb = await s3.createBucket('listab');
  if (cb.status !== 200) throw new Error(`${name}: CreateBucket HTTP ${cb.status}`);
  const body = randomBytes(64);
  await pool(o.keys, 16, async (i) => { const r = await s3.putObject('listab', `d/${String(i).padStart(7, '0')}`, body); if (r.status !== 200) throw new Error(`PUT ${r.status}`); });
  await pool(o.keys, 16, async (i) => { const r = await s3.createMultipart('listab', `u/${String(i).padStart(7, '0')}`); if (r.status !== 200) throw new Error(`CreateMultipartUpload ${r.status}`); });
  return { name, server, s3 };
}

async function page(s, query, tag) {
  const r = await s.s3.request({ method: 'GET', bucket: 'listab', query, collect: true });
  if (r.status !== 200) throw new Error(`${s.name}: HTTP ${r.status}`);
  const n = (r.body.toString().match(new RegExp(`<${tag}>`, 'g')) ?? []).length;
  if (n !== Math.min(1000, o.keys)) throw new Error(`${s.name}: ${n} <${tag}>`);
}

async function measure(s, query, tag) {
  const c0 = pidCpuSec([s.server.pid]);
  await pool(o.pages, o.conc, () => page(s, query, tag));
  return ((pidCpuSec([s.server.pid]) - c0) * 1e6) / o.pages;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const root = mkdtempSync(path.join(tmpdir(), 'cairn-listab-'));
const sides = [];
const started = [];
try {
  sides.push(await side('a', o.aRoot, path.join(root, 'a'), started), await side('b', o.bRoot, path.join(root, 'b'), started));
  for (const s of sides) for (const [, q, t] of LISTINGS) await pool(20, o.conc, () => page(s, q, t)); // warm-up
  const res = Object.fromEntries(LISTINGS.map(([n]) => [n, { a: [], b: [] }]));
  for (let r = 0; r < o.rounds; r++) {
    for (const [n, q, t] of LISTINGS) {
      const order = r % 2 === 0 ? sides : [...sides].reverse();
      for (const s of order) res[n][s.name].push(await measure(s, q, t));
    }
  }
  console.log(`drives=${o.drives} keys=${o.keys} pages=${o.pages}/round rounds=${o.rounds}; A=${o.aRoot} B=${o.bRoot}`);
  for (const [n, x] of Object.entries(res)) {
    const ratios = x.a.map((a, i) => x.b[i] / a);
    console.log(`${n.padEnd(21)} A ${Math.round(median(x.a))} (best ${Math.round(Math.min(...x.a))})  B ${Math.round(median(x.b))} (best ${Math.round(Math.min(...x.b))}) µs/page; B/A median ${median(ratios).toFixed(2)} [${ratios.map((r) => r.toFixed(2)).join(' ')}]`);
  }
} finally {
  for (const s of started) { await s.s3.close().catch(() => {}); await stopServer(s.server); }
  rmSync(root, { recursive: true, force: true });
}
