#!/usr/bin/env node
// Storage-engine figures: PutObject / GetObject throughput through the ObjectLayer directly (no
// HTTP, no auth), for 4 KiB, 1 MiB and 64 MiB objects, with 1 drive and 4 drives (EC 2+2), beside
// the raw disk speed of the same file system measured in the same run (fio via lib/machine-info).
//
//   npm run build && node bench/engine.mjs [--quick] [--out bench/results]
//
// Every GET is read to the end and its length checked; one object per size is compared byte for
// byte. Writes are durable when acknowledged (fsync of shard files, synced LMDB commit).
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { diskFigures, machineInfo } from './lib/machine-info.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, '..', 'dist', 'src');
const { createStorage } = await import(path.join(dist, 'storage', 'index.js'));
const { ErasureObjectLayer } = await import(path.join(dist, 'object', 'index.js'));
const { DigestPool } = await import(path.join(dist, 'util', 'digest-pool.js'));
// The same hashing pool the server starts by default (CAIRN_HASH_THREADS: cores - 1, 1..4).
const HASH_THREADS = Math.max(1, Math.min(4, os.availableParallelism() - 1));

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outDir = args.includes('--out') ? args[args.indexOf('--out') + 1] : path.join(here, 'results');
const KiB = 1024;
const MiB = 1024 * KiB;
const WORKLOADS = [
  { label: '4KiB', size: 4 * KiB, count: quick ? 300 : 2000, concurrency: 16 },
  { label: '1MiB', size: MiB, count: quick ? 40 : 200, concurrency: 8 },
  { label: '64MiB', size: 64 * MiB, count: quick ? 3 : 8, concurrency: 2 },
];

async function pool(n, concurrency, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, async () => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      await fn(i);
    }
  }));
}

async function drain(body) {
  let n = 0;
  for await (const c of body) n += c.length;
  return n;
}

async function collect(body) {
  const chunks = [];
  for await (const c of body) chunks.push(c);
  return Buffer.concat(chunks);
}

async function runLayout(root, drives, log) {
  const endpoints = Array.from({ length: drives }, (_, i) => path.join(root, `d${i + 1}`));
  const storage = await createStorage({ endpoints });
  const digestPool = new DigestPool({ threads: HASH_THREADS });
  const layer = new ErasureObjectLayer(storage, { digestPool });
  await layer.makeBucket({ bucket: 'bench' });
  const rows = [];
  try {
    for (const w of WORKLOADS) {
      const payload = randomBytes(w.size);
      const md5 = createHash('md5').update(payload).digest('hex');
      let t0 = process.hrtime.bigint();
      await pool(w.count, w.concurrency, async (i) => {
        const info = await layer.putObject({ bucket: 'bench', key: `${w.label}/${i}`, body: Readable.from([payload]), size: payload.length });
        if (info.etag !== md5) throw new Error(`etag mismatch on ${w.label}/${i}`);
      });
      const putS = Number(process.hrtime.bigint() - t0) / 1e9;
      t0 = process.hrtime.bigint();
      await pool(w.count, w.concurrency, async (i) => {
        const res = await layer.getObject({ bucket: 'bench', key: `${w.label}/${i}` });
        const n = await drain(res.body);
        if (n !== w.size) throw new Error(`short read on ${w.label}/${i}: ${n}`);
      });
      const getS = Number(process.hrtime.bigint() - t0) / 1e9;
      const check = await collect((await layer.getObject({ bucket: 'bench', key: `${w.label}/0` })).body);
      if (!check.equals(payload)) throw new Error(`content mismatch on ${w.label}/0`);
      const row = {
        drives, object: w.label, count: w.count, concurrency: w.concurrency,
        put_ops_s: +(w.count / putS).toFixed(1), put_mib_s: +((w.count * w.size) / MiB / putS).toFixed(1),
        get_ops_s: +(w.count / getS).toFixed(1), get_mib_s: +((w.count * w.size) / MiB / getS).toFixed(1),
      };
      log(`${drives} drive(s) ${w.label}: PUT ${row.put_ops_s} ops/s ${row.put_mib_s} MiB/s | GET ${row.get_ops_s} ops/s ${row.get_mib_s} MiB/s`);
      rows.push(row);
      // Free the space before the next size (64 MiB x count x 2 with parity adds up).
      await pool(w.count, 8, (i) => layer.deleteObject({ bucket: 'bench', key: `${w.label}/${i}` }));
    }
  } finally {
    await layer.close();
    await digestPool.close();
  }
  return rows;
}

function toMarkdown(result) {
  const d = result.disk;
  const fmt = (x) => (x && !x.error ? `${x.mib_per_s} MiB/s, ${x.iops} IOPS` : `n/a (${x?.error ?? 'not measured'})`);
  const lines = [
    `# Storage engine figures — ${result.date}`,
    '',
    `Machine: ${result.machine.cores} cores (${result.machine.cpu_model}), ${result.machine.mem_gib} GiB, Node ${result.machine.node}; disk: ${result.machine.disk_df}`,
    `Command: \`node bench/engine.mjs${quick ? ' --quick' : ''}\` (ObjectLayer directly: no HTTP, no auth; 1 MiB erasure blocks; every GET read to the end).`,
    `Load average at start: ${result.machine.loadavg_start.join(', ')} (other work on the machine makes the figures noisy; compare within one run).`,
    '',
    '## Raw disk (fio, same file system, same run)',
    '',
    '| test | result |', '|---|---|',
    `| sequential write 1 MiB blocks, fsync at end | ${fmt(d.seq_write_1m_end_fsync)} |`,
    `| sequential read 1 MiB, page cache | ${fmt(d.seq_read_1m_buffered)} |`,
    `| sequential read 1 MiB, O_DIRECT | ${fmt(d.seq_read_1m_direct)} |`,
    `| random write 4 KiB, fsync each | ${fmt(d.rand_write_4k_fsync_each)} |`,
    '',
    '## ObjectLayer',
    '',
    '| drives | object | objects | in flight | PUT ops/s | PUT MiB/s | GET ops/s | GET MiB/s |',
    '|---|---|---|---|---|---|---|---|',
    ...result.rows.map((r) => `| ${r.drives === 1 ? '1' : '4 (EC 2+2)'} | ${r.object} | ${r.count} | ${r.concurrency} | ${r.put_ops_s} | ${r.put_mib_s} | ${r.get_ops_s} | ${r.get_mib_s} |`),
    '',
    'Notes: with 4 drives every PUT writes 2x the object (2 data + 2 parity shards) and fsyncs 4 shard',
    'files + 4 LMDB commits, all on the same one disk here; MiB/s counts object bytes, not disk bytes.',
    'Objects below 128 KiB are stored inline in the metadata record (one synced LMDB commit per drive).',
    'GETs of freshly written objects are served from the page cache.',
    `Bodies stored in data dirs are hashed on ${HASH_THREADS} digest worker thread(s), as the server does by default.`,
    '',
  ];
  return lines.join('\n');
}

const root = mkdtempSync(path.join(os.tmpdir(), 'cairn-engine-'));
const log = (s) => process.stderr.write(`${s}\n`);
try {
  const date = new Date().toISOString();
  const machine = machineInfo(root);
  log(`raw disk (fio) on ${root}`);
  const disk = diskFigures(root, { quick: true });
  const rows = [];
  for (const drives of [1, 4]) {
    const dir = path.join(root, `layout-${drives}`);
    mkdirSync(dir);
    rows.push(...await runLayout(dir, drives, log));
    rmSync(dir, { recursive: true, force: true });
  }
  const result = { date, machine, disk, rows };
  mkdirSync(outDir, { recursive: true });
  const stamp = date.slice(0, 10);
  writeFileSync(path.join(outDir, `engine-${stamp}.json`), JSON.stringify(result, null, 2));
  writeFileSync(path.join(outDir, `engine-${stamp}.md`), toMarkdown(result));
  process.stdout.write(toMarkdown(result));
} finally {
  rmSync(root, { recursive: true, force: true });
}
