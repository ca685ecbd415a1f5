#!/usr/bin/env node
// CPU per audit record of the server's audit hand-off and delivery (ThreadLanes: the ring to
// the audit thread, its queue append and one POST per record), at one request in flight: one
// record per event-loop turn (setTimeout 0), whole-process CPU (both threads, thread pool),
// minus the same loop without records. The webhook receiver runs in another process, not
// counted. Builds side by side (checkouts with dist/ built), alternating. Builds that seal on
// the audit thread (dist/src/audit/record-fields.js present) get the record's encoded fields,
// the ones before the sealed JSON text: each what its server thread hands on.
//
//   node bench/tools/audit-lanes-cpu.mjs [--roots /work/base,. --n 4000 --rounds 3]
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);

if (args[0] === '--receiver') {
  const { createServer } = await import('node:http');
  const s = createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-length': 0 }); res.end(); }); });
  s.listen(0, '127.0.0.1', () => process.send(s.address().port));
} else {
  const roots = opt('roots', '.').split(',').map((r) => path.resolve(r));
  const N = Number(opt('n', '4000'));
  const ROUNDS = Number(opt('rounds', '3'));
  const receiver = fork(new URL(import.meta.url).pathname, ['--receiver']);
  const port = await new Promise((r) => receiver.once('message', r));
  const logger = { info() {}, warn() {}, error(m, f) { console.error(m, f); } };
  const record = JSON.stringify({
    version: '1', deploymentid: 'd'.repeat(36), time: new Date().toISOString(),
    api: { name: 'GetObject', bucket: 'bench', object: 'k'.repeat(20), status: 'OK', statusCode: 200, rx: 0, tx: 4096, timeToResponse: '300000ns' },
    remotehost: '127.0.0.1', requestID: 'R'.repeat(16), userAgent: 'ua '.repeat(30), requestPath: '/bench/k', requestHost: '127.0.0.1:9000',
    accessKey: 'AK', chain: { seq: 1, hash: 'h'.repeat(64), prev: 'p'.repeat(64) },
  });
  const event = {
    api: 's3', operation: 'GetObject', statusCode: 200, errorCode: undefined, completed: true, rxBytes: 0, txBytes: 4096,
    ttfbSeconds: 0.0002, durationSeconds: 0.0003, startedAtMs: Date.now(), requestId: 'R'.repeat(16), accessKey: 'AK',
    bucket: 'bench', object: 'k'.repeat(20), remoteAddress: '127.0.0.1', userAgent: 'ua '.repeat(30), requestHost: '127.0.0.1:9000',
    requestPath: '/bench/k', method: 'GET',
  };
  const tick = () => new Promise((r) => setTimeout(r, 0));
  const opened = [];
  for (const root of roots) {
    const { ThreadLanes } = await import(pathToFileURL(path.join(root, 'dist/src/audit/audit-thread.js')).href);
    const fieldsJs = path.join(root, 'dist/src/audit/record-fields.js');
    const encode = existsSync(fieldsJs) ? (await import(pathToFileURL(fieldsJs).href)).encodeRecordFields : undefined;
    const dir = mkdtempSync(path.join(tmpdir(), 'audit-lanes-cpu-'));
    const settings = { dir, node: 'n', queueSize: 100_000, policy: 'block', blockTimeoutMs: 1000, fsyncIntervalMs: 1000 };
    const targets = [{ kind: 'webhook', name: 'webhook', endpoint: `http://127.0.0.1:${port}/a`, authToken: undefined, batchSize: 1 }];
    const lanes = encode !== undefined
      ? await ThreadLanes.open(settings, 'd'.repeat(36), targets, logger)
      : (await ThreadLanes.open(settings, targets, logger)).lanes;
    opened.push({ root, dir, lanes, text: encode !== undefined ? () => encode(event, 'root') : () => record, per: [] });
  }
  async function loop({ lanes, text }, push) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < N; i++) { if (push) lanes.push(text(), `id${i}`); await tick(); }
    await lanes.settled();
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / N;
  }
  for (const o of opened) await loop(o, true); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const o of round % 2 === 0 ? opened : [...opened].reverse()) {
      const base = await loop(o, false);
      const on = await loop(o, true);
      o.per.push(on - base);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  for (const o of opened) {
    console.log(`${o.root}: ${median(o.per).toFixed(1)} µs CPU per record (median of ${ROUNDS}; ${o.per.map((x) => x.toFixed(0)).join(', ')})`);
    await o.lanes.close();
    rmSync(o.dir, { recursive: true, force: true });
  }
  receiver.kill();
}
