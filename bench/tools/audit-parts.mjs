#!/usr/bin/env node
// CPU per audit record of each step, one at a time, in this process (process.cpuUsage: every
// thread, the thread pool included), for one or more builds side by side (alternating runs,
// so a loaded machine weighs on them alike): seal (record build + sha256 chain link), message
// (postMessage of one record to a worker thread and its receipt), append (one record appended
// to a durable queue, default 1 s fsync), post (one record POSTed by the webhook target to a
// receiver in another process, whose CPU is not counted).
//
//   node bench/tools/audit-parts.mjs --roots /work/base,. [--n 5000 --rounds 3 --parts seal,message,append,post]
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const roots = opt('roots', '.').split(',').map((r) => path.resolve(r));
const N = Number(opt('n', '5000'));
const ROUNDS = Number(opt('rounds', '3'));
const parts = opt('parts', 'seal,message,append,post').split(',');

if (process.argv[2] === '--receiver') {
  const { createServer } = await import('node:http');
  const s = createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-length': 0 }); res.end(); }); });
  s.listen(0, '127.0.0.1', () => process.send(s.address().port));
} else {
  const receiver = fork(new URL(import.meta.url).pathname, ['--receiver'], { stdio: 'inherit' });
  const port = await new Promise((r) => receiver.once('message', r));
  const event = {
    api: 's3', operation: 'GetObject', statusCode: 200, errorCode: undefined, completed: true, rxBytes: 0, txBytes: 4096,
    ttfbSeconds: 0.000231, durationSeconds: 0.000412, startedAtMs: Date.now(), requestId: '187D2C5A9B3E4F01', accessKey: 'cairnbench',
    bucket: 'bench-keep', object: 'g4k-000123', remoteAddress: '127.0.0.1', userAgent: 's3bench/1.0', requestHost: '127.0.0.1:9000',
    requestPath: '/bench-keep/g4k-000123', method: 'GET',
  };
  const ctx = { deploymentId: '6f1c0f3e-2b7a-4c55-9a51-0c1f6c7e2d11', accountOf: () => 'root' };
  const cpu = async (fn) => { const c0 = process.cpuUsage(); const t0 = performance.now(); await fn(); const c = process.cpuUsage(c0); return { cpu: (c.user + c.system) / N, wall: ((performance.now() - t0) * 1000) / N }; };
  const tmp = mkdtempSync(path.join(tmpdir(), 'cairn-audit-parts-'));
  const results = new Map();
  const mods = new Map();
  for (const root of roots) {
    const imp = (rel) => import(pathToFileURL(path.join(root, 'dist', 'src', 'audit', rel)).href);
    mods.set(root, { rec: await imp('audit-record.js'), dq: await imp('queue/durable-queue.js'), wh: await imp('targets/webhook-target.js') });
  }
  const record = mods.get(roots[0]).rec.sealedRecordText(event, ctx, 'host-w0', { seq: 0, hash: '' }).json;
  let dirN = 0;
  const run = {
    async seal(m) {
      let head = { seq: 0, hash: '' };
      return cpu(async () => { for (let i = 0; i < N; i++) head = m.rec.sealedRecordText(event, ctx, 'host-w0', head).head; });
    },
    async message() {
      const w = new Worker('const { parentPort } = require("node:worker_threads"); let n = 0; parentPort.on("message", (m) => { n += m.length >> 1; if (n % 500 === 0) parentPort.postMessage(n); });', { eval: true });
      await new Promise((r) => w.once('online', r));
      const r = await cpu(async () => {
        for (let i = 0; i < N; i += 500) {
          const got = new Promise((res) => w.once('message', res));
          for (let j = 0; j < 500; j++) { w.postMessage([record, 'REQ']); await new Promise((res) => setImmediate(res)); }
          await got;
        }
      });
      await w.terminate();
      return r;
    },
    async append(m) {
      const q = new m.dq.DurableQueue({ dir: path.join(tmp, `q${dirN++}`), maxRecords: 1e9, fsyncIntervalMs: 1000, blockingWrites: true }); // as on the audit thread (builds without the option ignore it)
      await q.open();
      const r = await cpu(async () => { for (let i = 0; i < N; i++) await q.append([record]); });
      await q.close();
      return r;
    },
    async post(m) {
      const t = new m.wh.WebhookTarget({ name: 'webhook', endpoint: `http://127.0.0.1:${port}/audit`, authToken: undefined, batchSize: 1 });
      const signal = new AbortController().signal;
      await t.send([record], signal);
      const r = await cpu(async () => { for (let i = 0; i < N; i++) await t.send([record], signal); });
      t.close();
      return r;
    },
  };
  for (let round = 0; round < ROUNDS; round++) {
    for (const part of parts) {
      for (const root of round % 2 === 0 ? roots : [...roots].reverse()) {
        const r = await run[part](mods.get(root));
        const k = `${part}\t${root}`;
        results.set(k, [...(results.get(k) ?? []), r]);
      }
    }
  }
  const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
  console.log(`audit parts, CPU µs per record (median of ${ROUNDS} rounds of ${N}), wall µs in brackets; load ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  for (const part of parts) {
    console.log(`${part}: ${roots.map((root) => { const xs = results.get(`${part}\t${root}`); return `${path.basename(root)} ${med(xs.map((x) => x.cpu)).toFixed(1)} (${med(xs.map((x) => x.wall)).toFixed(1)})`; }).join('  |  ')}`);
  }
  receiver.kill();
  rmSync(tmp, { recursive: true, force: true });
}
