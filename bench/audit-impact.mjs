#!/usr/bin/env node
// Cost of the audit log on small requests: the 4 KiB PUT and GET rows of `npm run bench`
// (s3bench, c1 and c16) against Cairn (1 drive) with audit off and with every request audited
// to a local webhook (an HTTP receiver in this process that counts what it gets), in the same
// run, interleaved A B A B. Webhook batch sizes: 1 (the default, one POST per record) and 100,
// with the default queue sync (CAIRN_AUDIT_FSYNC=1s), and batch 1 with CAIRN_AUDIT_FSYNC=always.
// After each run the receiver's count is checked against the server's
// cairn_audit_sent_total: records delivered while measuring, none dropped.
//
// Reported: throughput and server CPU per request, each as the ratio to audit off paired by
// round (min / median over the rounds), since on a shared, loaded machine only the ratios of
// runs made next to each other mean something.
//
// --baseline DIR adds `webhook-b1-baseline`: batch 1 from another build (a checkout with dist/
// built, e.g. main), in the same rounds, so a change's ratios to audit off stand side by side
// with the baseline's (`--baseline-batch 100`: `webhook-b100-baseline`, batch 100).
//
//   npm run bench:audit [-- --seconds 8 --rounds 2 --only ROW_REGEX --configs CONFIG_REGEX --baseline DIR [--baseline-batch N] --out bench/results]
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCairn, stopServer } from './lib/servers.mjs';
import { measure } from './lib/s3bench-runner.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const SECONDS = Number(opt('seconds', '8'));
const ROUNDS = Number(opt('rounds', '2'));
const outDir = opt('out', path.join(here, 'results'));
const only = new RegExp(opt('only', '.'));
const log = (msg) => console.error(`[audit-impact ${new Date().toISOString().slice(11, 19)}] ${msg}`);

let received = 0;
const receiver = createServer((req, res) => {
  let lines = 0;
  // indexOf, not a loop over every byte: the receiver stands for a remote service and should
  // take as little of the two cores as it can (the byte loop cost ~5 µs per record).
  req.on('data', (c) => { for (let at = c.indexOf(10); at !== -1; at = c.indexOf(10, at + 1)) lines++; });
  req.on('end', () => { received += Math.max(1, lines); res.writeHead(200, { 'content-length': 0 }); res.end(); });
});
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
const hook = `http://127.0.0.1:${receiver.address().port}/audit`;

const root = mkdtempSync(path.join(os.tmpdir(), 'cairn-audit-bench-'));
const allConfigs = [
  { name: 'audit-off', env: {} },
  { name: 'webhook-b1', env: { CAIRN_AUDIT_WEBHOOK_ENDPOINT: hook, CAIRN_PROMETHEUS_AUTH: 'public' } },
  { name: 'webhook-b100', env: { CAIRN_AUDIT_WEBHOOK_ENDPOINT: hook, CAIRN_AUDIT_WEBHOOK_BATCH_SIZE: '100', CAIRN_PROMETHEUS_AUTH: 'public' } },
  { name: 'webhook-b1-sync', env: { CAIRN_AUDIT_WEBHOOK_ENDPOINT: hook, CAIRN_AUDIT_FSYNC: 'always', CAIRN_PROMETHEUS_AUTH: 'public' } },
];
const baseline = opt('baseline', undefined);
// --baseline-batch N: the baseline build's webhook at batch size N (default 1).
const baselineBatch = opt('baseline-batch', '1');
if (baseline !== undefined) {
  allConfigs.push({ name: `webhook-b${baselineBatch}-baseline`, env: { ...allConfigs[1].env, CAIRN_AUDIT_WEBHOOK_BATCH_SIZE: baselineBatch }, cairnRoot: path.resolve(baseline) });
}
const pickConfigs = new RegExp(opt('configs', '.'));
const configs = allConfigs.filter((c) => c.name === 'audit-off' || pickConfigs.test(c.name) || c.cairnRoot !== undefined);
const servers = [];
const stopAll = async () => { for (const s of servers) await stopServer(s).catch(() => {}); receiver.close(); rmSync(root, { recursive: true, force: true }); };
process.on('SIGINT', () => { stopAll().finally(() => process.exit(130)); });

const d = ['-d', `${SECONDS}s`, '-w', '2s'];
const keep = ['--bucket', 'bench-keep', '--key-prefix', 'g4k-', '--prepare-if-missing', '--no-cleanup'];
const allRows = [
  { label: 'put-4KiB-c1', args: ['put', '-z', '4KiB', '-c', '1', ...d] },
  { label: 'put-4KiB-c16', args: ['put', '-z', '4KiB', '-c', '16', ...d] },
  { label: 'get-4KiB-c1', args: ['get', '-z', '4KiB', '-c', '1', '--objects', '1000', '--verify', ...keep, ...d] },
  { label: 'get-4KiB-c16', args: ['get', '-z', '4KiB', '-c', '16', '--objects', '1000', '--verify', ...keep, ...d] },
];
const rows = allRows.filter((r) => only.test(r.label));

async function auditFigures(s) {
  const text = await (await fetch(`${s.url}/metrics`)).text();
  const v = (name) => Number(new RegExp(`^${name}\\{target="webhook"(?:,reason="[a-z_]+")?\\} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
  const dropped = [...text.matchAll(/^cairn_audit_dropped_total\{[^}]*\} (\d+)$/gm)].reduce((a, m) => a + Number(m[1]), 0);
  return { sent: v('cairn_audit_sent_total'), queued: v('cairn_audit_queue_length'), dropped };
}

const results = [];
try {
  for (const c of configs) {
    const dir = path.join(root, c.name);
    mkdirSync(dir, { recursive: true });
    const s = await startCairn({ name: c.name, root: dir, drives: 1, env: c.env, ...(c.cairnRoot !== undefined ? { cairnRoot: c.cairnRoot } : {}) });
    servers.push(s);
    log(`${c.name}: pid ${s.pid} ${s.url}`);
  }
  for (const row of rows) {
    for (let round = 1; round <= ROUNDS; round++) {
      // Every other round in reverse order, so no server always runs right after another.
      for (const s of round % 2 === 1 ? servers : [...servers].reverse()) {
        const j = await measure({ server: s, row: row.label, round, args: row.args, timeoutMs: (SECONDS + 120) * 1000 });
        const audit = s.name === 'audit-off' ? undefined : await auditFigures(s);
        results.push({ ...j, audit });
        log(`${row.label} ${s.name} r${round}: ${j.ops_per_s} ops/s p50 ${j.latency_ms?.p50} p99 ${j.latency_ms?.p99} ms errors ${j.errors}${audit ? ` audit sent ${audit.sent} queued ${audit.queued} dropped ${audit.dropped}` : ''}`);
      }
    }
  }
} finally {
  await stopAll();
}

const avg = (xs, f) => xs.reduce((a, x) => a + f(x), 0) / Math.max(1, xs.length);
const cell = (row, name) => results.filter((r) => r.row === row && r.name === name && !r.failed);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '-');
/** Ratios of a config to audit off, paired by round (the runs next to each other in time). */
function paired(row, name, pick) {
  const out = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const off = results.find((r) => r.row === row && r.name === 'audit-off' && r.round === round && !r.failed);
    const on = results.find((r) => r.row === row && r.name === name && r.round === round && !r.failed);
    const a = off && pick(off);
    const b = on && pick(on);
    if (a > 0 && b > 0) out.push(b / a);
  }
  return out;
}
const ratioCell = (xs) => `${f2(Math.min(...xs))} / ${f2(median(xs))}`;
const onConfigs = configs.filter((c) => c.name !== 'audit-off');
const lines = [
  '## Audit log cost on 4 KiB requests',
  '',
  `${new Date().toISOString()}, Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} at the end; Cairn 1 drive, s3bench ${SECONDS} s per run (2 s warm-up), ${ROUNDS} rounds interleaved;${baseline !== undefined ? ` webhook-b${baselineBatch}-baseline = batch ${baselineBatch} from the build in ${baseline};` : ''} webhook = a local HTTP receiver. Every request audited: record built, chained (sha256), appended to the disk queue, POSTed.`,
  '',
  'Throughput (ops/s, mean of the rounds) and its ratio to audit off in the same round (min / median over the rounds):',
  '',
  `| workload | audit off ops/s | ${onConfigs.map((c) => `${c.name} ops/s | ÷ off min / med`).join(' | ')} | p50 ms ${configs.map((c) => c.name).join(' / ')} |`,
  `|---|---|${onConfigs.map(() => '---|---|').join('')}---|`,
  ...rows.map(({ label }) => {
    const ops = (name) => avg(cell(label, name), (x) => x.ops_per_s);
    const p50 = (name) => avg(cell(label, name), (x) => x.latency_ms?.p50 ?? 0).toFixed(2);
    return `| ${label} | ${ops('audit-off').toFixed(0)} | ${onConfigs.map((c) => `${ops(c.name).toFixed(0)} | ${ratioCell(paired(label, c.name, (x) => x.ops_per_s))}`).join(' | ')} | ${configs.map((c) => p50(c.name)).join(' / ')} |`;
  }),
  '',
  'Server CPU per request (µs, the Cairn process only; the receiver is not counted) and its ratio to audit off in the same round (min / median); on a loaded machine this is the steadier figure:',
  '',
  `| workload | audit off µs/op | ${onConfigs.map((c) => `${c.name} µs/op | ÷ off min / med`).join(' | ')} |`,
  `|---|---|${onConfigs.map(() => '---|---|').join('')}`,
  ...rows.map(({ label }) => {
    const us = (name) => avg(cell(label, name), (x) => x.server_cpu?.us_per_op ?? 0);
    return `| ${label} | ${us('audit-off').toFixed(0)} | ${onConfigs.map((c) => `${us(c.name).toFixed(0)} | ${ratioCell(paired(label, c.name, (x) => x.server_cpu?.us_per_op))}`).join(' | ')} |`;
  }),
  '',
  `Records received by the webhook: ${received}; dropped: ${results.reduce((a, r) => a + (r.audit?.dropped ?? 0), 0) === 0 ? 'none' : 'SOME (see the log)'}.`,
  '',
];
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'audit-impact-latest.md'), `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
