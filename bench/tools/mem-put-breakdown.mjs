#!/usr/bin/env node
// The bench's mem-put row (32 concurrent PUTs of 256 MiB on 4 drives, EC 2+2) against one Cairn
// build, with the server's own memory figures beside its peak RSS: process.memoryUsage()
// sampled every 50 ms inside the server (lib/memory-probe.cjs), so a peak can be split into
// V8 heap and array buffers (body chunks, erasure blocks). Run it on two builds in turn to
// compare them (the build under test is the first argument: a repo root with dist/ built).
//   node bench/tools/mem-put-breakdown.mjs [CAIRN_ROOT] [--size 256MiB] [--count 32]
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_DIR, startCairn, stopServer } from '../lib/servers.mjs';
import { bigPuts } from '../lib/memory-workloads.mjs';

const { values: o, positionals } = parseArgs({ allowPositionals: true, options: { size: { type: 'string', default: '256MiB' }, count: { type: 'string', default: '32' } } });
const cairnRoot = path.resolve(positionals[0] ?? REPO_DIR);
const root = mkdtempSync(path.join(os.tmpdir(), 'mem-put-'));
const out = path.join(root, 'probe.json');
const probe = path.join(path.dirname(new URL(import.meta.url).pathname), 'lib', 'memory-probe.cjs');
const s = await startCairn({ name: 'mem-put', root, drives: 4, cairnRoot, nodeArgs: ['--require', probe], env: { MEMPROBE_OUT: out } });
try {
  const r = await bigPuts({ server: s, count: Number(o.count), size: o.size });
  const p = JSON.parse(readFileSync(out, 'utf8'));
  const M = (x) => (x / 1048576).toFixed(1);
  console.log(`${cairnRoot}: peak VmHWM ${r.peak_rss_mib} MiB (before ${r.rss_before_mib}), errors ${r.errors}, ${r.seconds} s`);
  console.log(`  max: rss ${M(p.rss)}  heapUsed ${M(p.heapUsed)}  heapTotal ${M(p.heapTotal)}  external ${M(p.external)}  arrayBuffers ${M(p.arrayBuffers)} MiB`);
  console.log(`  at the RSS peak: heapUsed ${M(p.atRss.heapUsed)}  external ${M(p.atRss.external)}  arrayBuffers ${M(p.atRss.arrayBuffers)} MiB`);
} finally {
  await stopServer(s);
  rmSync(root, { recursive: true, force: true });
}
