// LMDB's own space reuse, without Cairn (issue 15): N values of 12-28 KiB (the shard sizes of
// the 24-56 KiB inline objects of lmdb-space-reuse.mjs on EC 2+2) put into a bare lmdb-js
// environment, CONC puts in flight (1: one transaction per put), deleted, put again under new
// keys, 4 cycles; prints data.mdb after each cycle as a ratio to its size after the first fill.
// Tells whether a figure of lmdb-space-reuse.mjs is Cairn's or LMDB's allocator.
// --same: every value 20 KiB (6 pages). --trace: data.mdb's pages every 10% of the first refill
// (shows when the allocator stops finding freed pages and extends the file instead).
//   node bench/tools/lmdb-raw-space-reuse.mjs [--values 2000] [--concurrency 1] [--page-size 4096] [--same] [--trace]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'lmdb';

const arg = (name, def) => { const i = process.argv.indexOf(`--${name}`); return i < 0 ? def : Number(process.argv[i + 1]); };
const N = arg('values', 2000), CONC = arg('concurrency', 1), PAGE = arg('page-size', 4096), CYCLES = 4;
const dir = mkdtempSync(join(tmpdir(), 'cairn-lmdb-raw-'));
const db = open({ path: dir, keyEncoding: 'binary', encoding: 'binary', noReadAhead: true, pageSize: PAGE, mapSize: 8 * 1024 ** 3 });
const SAME = process.argv.includes('--same'), TRACE = process.argv.includes('--trace');
const value = (i) => Buffer.alloc(SAME ? 20 * 1024 : 12 * 1024 + ((i * 7919) % (16 * 1024)), i & 255);
const key = (i, c) => Buffer.from(`o/b/c${c}/obj-${String(i).padStart(5, '0')}`);
async function pool(fn) {
  let next = 0;
  await Promise.all(Array.from({ length: CONC }, async () => { while (next < N) await fn(next++); }));
}
const size = () => statSync(join(dir, 'data.mdb')).size;
try {
  await pool((i) => db.put(key(i, 0), value(i)));
  const base = size();
  const ratios = [];
  for (let c = 1; c <= CYCLES; c++) {
    await pool((i) => db.remove(key(i, c - 1)));
    const trace = [];
    await pool(async (i) => {
      await db.put(key(i, c), value(i));
      if (TRACE && c === 1 && i % Math.max(1, Math.floor(N / 10)) === 0) trace.push(size() / PAGE);
    });
    if (TRACE && c === 1) console.log(`first refill, data.mdb pages every ${Math.floor(N / 10)} puts: ${trace.join(' ')}`);
    ratios.push((size() / base).toFixed(3));
  }
  console.log(`${N} values, ${CONC} in flight, page ${PAGE} B: data.mdb ${(base / 1048576).toFixed(1)} MiB after the first fill; after cycles 1..${CYCLES}: ${ratios.join(' / ')}`);
} finally {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
