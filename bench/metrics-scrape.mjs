#!/usr/bin/env node
// GET /metrics with many buckets: a real server (4 drives, EC 2+2, scanner every second,
// CAIRN_PROMETHEUS_AUTH=public), N buckets (default 10,000) created through the S3 API, one
// small object in every 10th, then, once the scanner's figure lists every bucket on /metrics,
// S sequential scrapes (default 200) of each coding, gzip (what Prometheus asks for) and identity
// alternating, timed from the client: request sent -> last byte received (decoded after).
// Reports p50 / p95 / p99 / max in ms, the body size and series count, and the same with
// CAIRN_PROMETHEUS_BUCKET_METRICS=off on the same drives. First, without a server: the
// metrics service's renderChunks() (what the endpoint writes) over a usage figure of N
// buckets: what a scrape costs the server's event loop, without HTTP and the client.
//
//   npm run build && npm run bench:metrics [-- --buckets 10000 --scrapes 200 --out bench/results]
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import os from 'node:os';
import { gunzipSync } from 'node:zlib';
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

const agent = new Agent({ keepAlive: true, maxSockets: 1 });
/**
 * One scrape; `encoding` gzip (what Prometheus asks for) or identity. Timed from the request
 * to the last byte received (the server's answer, not the client's decoding); decoded after.
 */
function scrape(url, encoding = 'gzip') {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    get(`${url}/metrics`, { agent, headers: { 'accept-encoding': encoding } }, (res) => {
      const parts = [];
      res.on('data', (c) => parts.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const ms = performance.now() - t0;
        if (res.statusCode !== 200) { reject(new Error(`/metrics answered ${res.statusCode}`)); return; }
        const raw = Buffer.concat(parts);
        const coding = res.headers['content-encoding'] ?? 'identity';
        resolve({ ms, body: (coding === 'gzip' ? gunzipSync(raw) : raw).toString('utf8'), coding, wire: raw.length });
      });
    }).on('error', reject);
  });
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
  // Alternating gzip / identity scrapes, so both see the same machine load.
  const out = {};
  for (const encoding of ['gzip', 'identity']) out[encoding] = { times: [], last: undefined };
  for (let i = 0; i < SCRAPES; i++) {
    for (const encoding of ['gzip', 'identity']) {
      const r = await scrape(server.url, encoding);
      out[encoding].times.push(r.ms);
      out[encoding].last = r;
    }
  }
  const stats = ({ times, last }) => {
    times.sort((a, b) => a - b);
    const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
    return {
      p50: q(0.5), p95: q(0.95), p99: q(0.99), max: times.at(-1), coding: last.coding, wire: last.wire,
      bytes: Buffer.byteLength(last.body), samples: last.body.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length,
    };
  };
  return { gzip: stats(out.gzip), identity: stats(out.identity) };
}

const fmt1 = (r) => `${r.coding}: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(1)} ms; ${(r.wire / 1024).toFixed(0)} KiB sent, ${(r.bytes / 1024).toFixed(0)} KiB text, ${r.samples} samples`;
const fmt = (r) => `${fmt1(r.gzip)} | ${fmt1(r.identity)}`;

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
    while (m.renderChunks({ gzip: true }).encoding !== 'gzip') await new Promise((r) => setTimeout(r, 10));
    const times = [];
    const gz = [];
    for (let i = 0; i < SCRAPES; i++) {
      let t0 = performance.now();
      m.renderChunks();
      times.push(performance.now() - t0);
      t0 = performance.now();
      m.renderChunks({ gzip: true });
      gz.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    gz.sort((a, b) => a - b);
    return { p50: times[Math.floor(times.length / 2)], max: times.at(-1), gzP50: gz[Math.floor(gz.length / 2)], gzMax: gz.at(-1) };
  } finally {
    await m.stop();
  }
}

let server;
try {
  const inProc = { on: await renderInProcess(true), off: await renderInProcess(false) };
  console.log(`renderChunks() in process, ${BUCKETS} buckets: on p50 ${inProc.on.p50.toFixed(2)} ms (max ${inProc.on.max.toFixed(2)}), gzip p50 ${inProc.on.gzP50.toFixed(2)} ms; off p50 ${inProc.off.p50.toFixed(2)} ms`);
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
    `${new Date().toISOString()}, ${os.cpus().length} cores, load average ${load}; 4 drives (EC 2+2), ${BUCKETS} buckets, ${SCRAPES} sequential scrapes each, timed by the client (request -> last byte received), gzip (what Prometheus asks for) and identity alternating.`,
    '',
    `renderChunks() in process (the server's share of a scrape, no HTTP): per-bucket on p50 ${inProc.on.p50.toFixed(2)} ms (max ${inProc.on.max.toFixed(2)}), gzip ${inProc.on.gzP50.toFixed(2)} ms (max ${inProc.on.gzMax.toFixed(2)}); off p50 ${inProc.off.p50.toFixed(2)} ms (max ${inProc.off.max.toFixed(2)}), gzip ${inProc.off.gzP50.toFixed(2)} ms.`,
    '',
    'Over HTTP from a client on the same machine:',
    '',
    '| per-bucket series | asked for | sent as | p50 ms | p95 ms | p99 ms | max ms | bytes sent | text | samples |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...[['on', on], ['off', off]].flatMap(([k, both]) => ['gzip', 'identity'].map((enc) => {
      const r = both[enc];
      return `| ${k} | ${enc} | ${r.coding} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${(r.wire / 1024).toFixed(0)} KiB | ${(r.bytes / 1024).toFixed(0)} KiB | ${r.samples} |`;
    })),
    '',
  ].join('\n');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'metrics-scrape-latest.md'), md);
  console.log(md);
} finally {
  agent.destroy();
  await stopServer(server);
  rmSync(root, { recursive: true, force: true });
}
