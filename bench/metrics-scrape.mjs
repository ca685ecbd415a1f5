#!/usr/bin/env node
// GET /metrics with many buckets: a real server (4 drives, EC 2+2, scanner every second,
// CAIRN_PROMETHEUS_AUTH=public), N buckets (default 10,000) created through the S3 API, one
// small object in every 10th, then, once the scanner's figure lists every bucket on /metrics,
// S sequential scrapes (default 200) timed from the client: request sent -> last byte read.
// Reports p50 / p95 / p99 / max in ms, the body size and series count, and the same with
// CAIRN_PROMETHEUS_BUCKET_METRICS=off on the same drives. First, without a server: the
// metrics service's renderChunks() (what the endpoint writes) over a usage figure of N
// buckets: what a scrape costs the server's event loop, without HTTP and the client.
//
//   npm run build && npm run bench:metrics [-- --buckets 10000 --scrapes 200 --out bench/results]
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startCairn, stopServer, BENCH_DIR, REPO_DIR } from './lib/servers.mjs';

const { MetricsService } = await import(path.join(REPO_DIR, 'dist', 'src', 'metrics', 'index.js'));
const { SIZE_INTERVALS } = await import(path.join(REPO_DIR, 'dist', 'src', 'object', 'index.js'));

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const BUCKETS = Number(opt('buckets', '10000'));
const SCRAPES = Number(opt('scrapes', '200'));
const outDir = opt('out', path.join(BENCH_DIR, 'results'));
const CONCURRENCY = 16;

const root = mkdtempSync(path.join(os.tmpdir(), 'cairn-metrics-bench-'));
const driveDirs = [1, 2, 3, 4].map((i) => path.join(root, `d${i}`));
const env = { CAIRN_SCANNER_INTERVAL: '1s', CAIRN_PROMETHEUS_AUTH: 'public' };
const name = (i) => `bkt-${String(i).padStart(6, '0')}`;

async function populate(server) {
  const s3 = new S3Client({
    endpoint: server.url, region: 'us-east-1', forcePathStyle: true,
    credentials: { accessKeyId: server.accessKey, secretAccessKey: server.secretKey },
  });
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    for (let i = next++; i < BUCKETS; i = next++) {
      await s3.send(new CreateBucketCommand({ Bucket: name(i) }));
      if (i % 10 === 0) await s3.send(new PutObjectCommand({ Bucket: name(i), Key: 'k', Body: 'x'.repeat(100 + i) }));
    }
  }));
  s3.destroy();
  return (performance.now() - t0) / 1000;
}

async function scrape(url) {
  const t0 = performance.now();
  const res = await fetch(`${url}/metrics`);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return { ms: performance.now() - t0, body };
}

async function measure(server, { expectBuckets }) {
  // Wait until the scanner's figure (and the snapshot refresh after it) lists every bucket.
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const { body } = await scrape(server.url);
    const series = body.match(/^cairn_bucket_objects\{/gm)?.length ?? 0;
    const known = /^cairn_usage_last_update_timestamp_seconds /m.test(body);
    const buckets = Number(/^cairn_cluster_buckets (\d+)$/m.exec(body)?.[1] ?? -1);
    if (buckets === BUCKETS && (expectBuckets ? series === BUCKETS : known)) break;
    if (Date.now() > deadline) throw new Error(`no figure with ${BUCKETS} buckets after 10 minutes (${buckets} buckets, ${series} series)`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const times = [];
  let last = '';
  for (let i = 0; i < SCRAPES; i++) {
    const { ms, body } = await scrape(server.url);
    times.push(ms);
    last = body;
  }
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return {
    p50: q(0.5), p95: q(0.95), p99: q(0.99), max: times.at(-1),
    bytes: Buffer.byteLength(last), samples: last.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length,
  };
}

const fmt = (r) => `p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(1)} ms; ${(r.bytes / 1024).toFixed(0)} KiB, ${r.samples} samples`;

/** renderChunks() of a MetricsService whose snapshot holds a figure of BUCKETS buckets. */
async function renderInProcess(perBucket) {
  const hist = Object.fromEntries(SIZE_INTERVALS.map((iv, i) => [iv.name, i === 0 ? 1 : 0]));
  const usage = {
    lastUpdate: new Date().toISOString(),
    buckets: Object.fromEntries(Array.from({ length: BUCKETS }, (_, i) => [name(i), {
      objects: 1, versions: 1, deleteMarkers: 0, totalBytes: 100 + i, latestBytes: 100 + i, sizeHistogram: hist,
    }])),
  };
  const info = {
    deploymentId: 'x', region: 'us-east-1', startedAt: usage.lastUpdate, uptimeSeconds: 1, sets: [], buckets: { value: BUCKETS },
    capacity: { totalBytes: 1, usedBytes: 0, freeBytes: 1 }, objects: { value: BUCKETS }, versions: { value: BUCKETS }, bytes: { value: 1 },
  };
  const heal = { isHealthy: true, problems: [], backgroundWorkers: false, drives: [], healed: { shards: 0, records: 0 }, unhealable: { items: [], omitted: 0 } };
  const m = new MetricsService({
    deployment: { info: async () => info, healStatus: () => heal, usage: async () => usage, driveHealth: () => [], driveIo: () => [] },
    version: 'bench', refreshMs: 60_000, bucketMetrics: perBucket,
  });
  try {
    await m.refreshed();
    const times = [];
    for (let i = 0; i < SCRAPES; i++) {
      const t0 = performance.now();
      m.renderChunks();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return { p50: times[Math.floor(times.length / 2)], max: times.at(-1) };
  } finally {
    await m.stop();
  }
}

let server;
try {
  const inProc = { on: await renderInProcess(true), off: await renderInProcess(false) };
  console.log(`renderChunks() in process, ${BUCKETS} buckets: on p50 ${inProc.on.p50.toFixed(2)} ms (max ${inProc.on.max.toFixed(2)}), off p50 ${inProc.off.p50.toFixed(2)} ms`);
  for (const d of driveDirs) mkdirSync(d, { recursive: true });
  server = await startCairn({ name: 'cairn-metrics', root, driveDirs, env });
  const populateS = await populate(server);
  console.log(`${BUCKETS} buckets created (${BUCKETS / 10} objects) in ${populateS.toFixed(1)} s`);
  const on = await measure(server, { expectBuckets: true });
  console.log(`per-bucket series on:  ${fmt(on)}`);
  await stopServer(server);
  server = await startCairn({ name: 'cairn-metrics-off', root, driveDirs, env: { ...env, CAIRN_PROMETHEUS_BUCKET_METRICS: 'off' } });
  const off = await measure(server, { expectBuckets: false });
  console.log(`per-bucket series off: ${fmt(off)}`);
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  const md = [
    '# GET /metrics with many buckets (bench/metrics-scrape.mjs)',
    '',
    `${new Date().toISOString()}, ${os.cpus().length} cores, load average ${load}; 4 drives (EC 2+2), ${BUCKETS} buckets, ${SCRAPES} sequential scrapes each, timed by the client (request -> last byte).`,
    '',
    `renderChunks() in process (the server's share of a scrape, no HTTP): per-bucket on p50 ${inProc.on.p50.toFixed(2)} ms (max ${inProc.on.max.toFixed(2)}), off p50 ${inProc.off.p50.toFixed(2)} ms (max ${inProc.off.max.toFixed(2)}).`,
    '',
    'Over HTTP from a client on the same machine:',
    '',
    '| per-bucket series | p50 ms | p95 ms | p99 ms | max ms | body | samples |',
    '|---|---|---|---|---|---|---|',
    ...[['on', on], ['off', off]].map(([k, r]) => `| ${k} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${(r.bytes / 1024).toFixed(0)} KiB | ${r.samples} |`),
    '',
  ].join('\n');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'metrics-scrape-latest.md'), md);
  console.log(md);
} finally {
  await stopServer(server);
  rmSync(root, { recursive: true, force: true });
}
