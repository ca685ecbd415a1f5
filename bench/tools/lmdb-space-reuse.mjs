// Space reuse of the metadata store (issue 15): fill N inline objects of mixed sizes (below the
// 64 KiB inline threshold) through the object layer on D drives (EC), delete them all, refill
// with new keys, repeat; print every drive's data.mdb size after each cycle as a ratio to its
// size after the first fill. In-process (no HTTP): only the LMDB write pattern matters here.
//   node bench/tools/lmdb-space-reuse.mjs [--reads] [--gc] [--objects 200] [--cycles 3] [--drives 4] [--min 24] [--max 56] [--concurrency 16]
// Uses the build in ./dist (npx tsc -p tsconfig.json first).
import { mkdtemp, rm } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';

const arg = (name, def) => { const i = process.argv.indexOf(`--${name}`); return i < 0 ? def : Number(process.argv[i + 1]); };
const OBJECTS = arg('objects', 200), CYCLES = arg('cycles', 3), DRIVES = arg('drives', 4);
const MIN = arg('min', 24) * 1024, MAX = arg('max', 56) * 1024, CONC = arg('concurrency', 16);
const dist = (p) => import(pathToFileURL(resolve('dist/src', p)).href);
const { ErasureObjectLayer } = await dist('object/index.js');
const { createStorage } = await dist('storage/index.js');

function body(i, cycle) {
  const b = Buffer.alloc(MIN + ((i * 7919) % (MAX - MIN)));
  for (let j = 0; j + 4 <= b.length; j += 4096) b.writeUInt32BE((i * 131 + cycle * 17 + j) >>> 0, j);
  return b;
}
async function pool(items, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: CONC }, async () => { while (next < items.length) await fn(items[next++]); }));
}

const root = await mkdtemp(join(tmpdir(), 'cairn-space-'));
const endpoints = Array.from({ length: DRIVES }, (_, i) => join(root, `d${i + 1}`));
const storage = await createStorage({ endpoints });
// --gc: after the deletes, the layer's clock moves past the tombstone grace and heal drops the
// tombstones (heal/tombstone-gc.ts; a real server does this once the hour is over).
const GC = process.argv.includes('--gc');
const clock = { now: Date.now() };
const layer = new ErasureObjectLayer(storage, { now: () => clock.now });
const { healObject, TOMBSTONE_GRACE_MS } = await dist('object/heal/index.js');
const BUCKET = 'space';
await layer.makeBucket({ bucket: BUCKET });
const { open } = await import('lmdb');
/** Pages of drive 1's env: in the file, in use (trees + free list), live entries. */
function pages(d) {
  const env = open({ path: join(d, '.cairn', 'meta'), keyEncoding: 'binary', encoding: 'binary', noReadAhead: true, mapSize: 64 * 1024 ** 3 });
  const st = env.getStats();
  const used = st.treeBranchPageCount + st.treeLeafPageCount + st.overflowPages + st.free.treeBranchPageCount + st.free.treeLeafPageCount + st.free.overflowPages + 2;
  return `file ${st.lastPageNumber + 1} pages, in use ${used} (leaf ${st.treeLeafPageCount}, overflow ${st.overflowPages}), free ${st.lastPageNumber + 1 - used}, entries ${st.entryCount}`;
}
const sizes = () => endpoints.map((d) => statSync(join(d, '.cairn', 'meta', 'data.mdb')).size);
const key = (i, c) => `c${c}/obj-${String(i).padStart(5, '0')}`;
const ids = Array.from({ length: OBJECTS }, (_, i) => i);
const READS = process.argv.includes('--reads');
const fill = (c) => pool(ids, async (i) => {
  const b = body(i, c);
  await layer.putObject({ bucket: BUCKET, key: key(i, c), body: Readable.from([b]), size: b.length });
  // --reads: a GET and a HEAD beside every third write (as the integration test does)
  if (READS && i % 3 === 0) {
    const got = await layer.getObject({ bucket: BUCKET, key: key(i, c) });
    for await (const _ of got.body) { /* drain */ }
    await layer.headObject({ bucket: BUCKET, key: key(i, c) });
  }
});
try {
  await fill(0);
  const base = sizes();
  const live = ids.reduce((n, i) => n + body(i, 0).length, 0);
  console.log(`objects ${OBJECTS} x ${MIN >> 10}..${MAX >> 10} KiB (${(live / 1048576).toFixed(1)} MiB of bodies), drives ${DRIVES}`);
  console.log(`fill 0: data.mdb ${base.map((s) => (s / 1048576).toFixed(2)).join(' / ')} MiB; drive 1: ${pages(endpoints[0])}`);
  for (let c = 1; c <= CYCLES; c++) {
    await pool(ids, async (i) => { await layer.deleteObject({ bucket: BUCKET, key: key(i, c - 1) }); });
    if (GC) {
      // mtimes are unique per layer (context nextMtime): with the clock frozen they run ahead of
      // it by one ms per write, so the jump leaves a margin of one ms per write of the run.
      clock.now += TOMBSTONE_GRACE_MS + 4 * OBJECTS * (c + 1);
      await pool(ids, async (i) => { await healObject(layer.context, { bucket: BUCKET, key: key(i, c - 1) }); });
    }
    await fill(c);
    const now = sizes();
    console.log(`cycle ${c}: data.mdb ${now.map((s) => (s / 1048576).toFixed(2)).join(' / ')} MiB, ratio ${now.map((s, d) => (s / base[d]).toFixed(3)).join(' / ')}; drive 1: ${pages(endpoints[0])}`);
  }
} finally {
  await layer.close();
  await rm(root, { recursive: true, force: true });
}
