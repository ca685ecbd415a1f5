#!/usr/bin/env node
// Paired CPU cost of small GETs (or PUTs) through the object layer (no HTTP, no client), two builds
// in one process: each build (a checkout with dist/, tests compiled) opens its own 1-drive layer with
// the built-in KMS and an object-key cache as the server has, fills --objects plain and SSE-S3 objects
// of --size bytes, then rounds alternate A, B, B, A, ... of --burst GETs (PUTs of new keys with
// --op put) (--conc at once) of each kind. Reports per build and kind the median CPU µs per request
// (process.cpuUsage: user+system of this process), B ÷ A per kind and each build's SSE ÷ plain; the
// HTTP and signature costs a real request adds are the same for plain and SSE, so `sse - plain`
// here is what encryption costs a request.
//
//   node --expose-gc bench/tools/ab-sse-layer.mjs --a /tmp/base --b . [--op get|put] [--rounds 12] [--burst 20000]
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';

function parseArgs(argv) {
  const o = { a: null, b: '.', op: 'get', size: 4096, objects: 200, rounds: 12, burst: 20000, conc: 16, cipher: 'aes-256-gcm' };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => { const x = argv[++i]; if (x === undefined) throw new Error(`${k} needs a value`); return x; };
    if (k === '--a') o.a = path.resolve(v());
    else if (k === '--b') o.b = path.resolve(v());
    else if (k === '--op') o.op = v();
    else if (k === '--size') o.size = Number(v());
    else if (k === '--objects') o.objects = Number(v());
    else if (k === '--rounds') o.rounds = Number(v());
    else if (k === '--burst') o.burst = Number(v());
    else if (k === '--conc') o.conc = Number(v());
    else if (k === '--cipher') o.cipher = v();
    else throw new Error(`unknown option ${k}`);
  }
  if (!o.a) throw new Error('--a DIR is required');
  if (o.op !== 'get' && o.op !== 'put') throw new Error(`--op ${o.op}: get or put`);
  return o;
}

const median = (xs) => { const s = [...xs].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const cpuUs = () => { const u = process.cpuUsage(); return u.user + u.system; };

async function openSide(name, root, o) {
  const load = (rel) => import(pathToFileURL(path.join(root, 'dist', rel)).href);
  const { openHarness, BUCKET } = await load('test/integration/object-layer-harness.js');
  const { BuiltinKms } = await load('src/crypto/index.js');
  const { ObjectKeyCache } = await load('src/object/sse/object-key-cache.js');
  const kms = new BuiltinKms({ keys: [{ name: 'bench-key', key: randomBytes(32) }] });
  const h = await openHarness(1, { sse: { cipher: o.cipher, kms, defaultKeyId: 'bench-key', objectKeys: new ObjectKeyCache() } });
  const body = randomBytes(o.size);
  for (let i = 0; i < o.objects; i++) {
    await h.layer.putObject({ bucket: BUCKET, key: `plain/${i}`, body: Readable.from([body]), size: body.length });
    await h.layer.putObject({ bucket: BUCKET, key: `sse/${i}`, body: Readable.from([body]), size: body.length, encryption: { mode: 'SSE-S3' } });
  }
  const get = async (kind, i) => {
    const res = await h.layer.getObject({ bucket: BUCKET, key: `${kind}/${i % o.objects}` });
    const bytes = res.bytes ?? Buffer.concat(await res.body.toArray());
    if (bytes.length !== o.size) throw new Error(`${name} ${kind} GET: ${bytes.length} bytes`);
    res.releaseChunk?.(bytes);
  };
  let written = 0;
  const put = async (kind) => {
    const key = `${kind}-new/${written++}`;
    await h.layer.putObject({ bucket: BUCKET, key, body: Readable.from([body]), size: body.length, ...(kind === 'sse' ? { encryption: { mode: 'SSE-S3' } } : {}) });
  };
  return { name, h, run: o.op === 'put' ? (kind) => put(kind) : get };
}

async function burst(side, kind, o) {
  let next = 0;
  globalThis.gc?.(); // each burst starts from a collected heap (run with --expose-gc)
  const c0 = cpuUs();
  await Promise.all(Array.from({ length: o.conc }, async () => { while (next < o.burst) await side.run(kind, next++); }));
  return (cpuUs() - c0) / o.burst;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const sides = [await openSide('A', o.a, o), await openSide('B', o.b, o)];
  try {
    for (const s of sides) for (const kind of ['plain', 'sse']) await burst(s, kind, { ...o, burst: 1000 });
    const per = { A: { plain: [], sse: [] }, B: { plain: [], sse: [] } };
    const ratio = { plain: [], sse: [] };
    for (let r = 0; r < o.rounds; r++) {
      for (const kind of ['plain', 'sse']) {
        const got = {};
        for (const s of r % 2 === 0 ? sides : [sides[1], sides[0]]) got[s.name] = await burst(s, kind, o);
        per.A[kind].push(got.A);
        per.B[kind].push(got.B);
        ratio[kind].push(got.B / got.A);
      }
    }
    for (const kind of ['plain', 'sse']) {
      console.log(`${kind} ${o.op.toUpperCase()} ${o.size} B: A ${median(per.A[kind]).toFixed(1)} µs, B ${median(per.B[kind]).toFixed(1)} µs CPU per request, B÷A median ${median(ratio[kind]).toFixed(3)} (rounds ${ratio[kind].map((x) => x.toFixed(2)).join(' ')})`);
    }
    for (const n of ['A', 'B']) {
      const extra = per[n].sse.map((x, i) => x - per[n].plain[i]);
      console.log(`${n}: SSE costs ${median(extra).toFixed(1)} µs more per ${o.op.toUpperCase()} than plain (median of rounds)`);
    }
  } finally {
    for (const s of sides) await s.h.close();
  }
}

main().catch((e) => { console.error(e.stack || String(e)); process.exitCode = 1; });
