#!/usr/bin/env node
// Throughput of the SSE package streams (src/crypto) on this machine: EncryptStream and
// DecryptStream with AES-256-GCM and ChaCha20-Poly1305, against a plain copy (a Transform that
// copies each chunk; a PassThrough row shows the pipeline alone), each through the same pipeline
// of 1 MiB chunks into a discarding sink. Rows are measured in interleaved rounds (copy, gcm,
// chacha, copy, ...) and reported as the median round, so machine drift on a shared host hits
// every row alike. The small-object rows run one whole 4 KiB stream per object (stream key
// derivation, encrypt, decrypt) and report objects/s.
//
//   npm run build && node bench/sse-ciphers.mjs [--mib 256] [--rounds 3] [--out bench/results]
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const { EncryptStream, DecryptStream, defaultCipher, deriveStreamKey, newStreamIv, SSE_CIPHERS } =
  await import(path.join(here, '..', 'dist', 'src', 'crypto', 'index.js'));

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const MIB_PER_RUN = Number(opt('mib', '256'));
const ROUNDS = Number(opt('rounds', '3'));
const SMALL_OBJECTS = Number(opt('small-objects', '20000'));
const outDir = opt('out', path.join(here, 'results'));
const MiB = 1024 * 1024;

const chunk = randomBytes(MiB);
function source(chunks) {
  let i = 0;
  return new Readable({ highWaterMark: MiB, read() { this.push(i++ < chunks.length ? chunks[i - 1] : null); } });
}
const sink = () => new Writable({ highWaterMark: MiB, write(_c, _e, done) { done(); } });

/** Wall seconds and CPU seconds (user + system) of one pipeline run. */
async function timed(chunks, transform) {
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  await pipeline(source(chunks), transform, sink());
  const cpu = process.cpuUsage(cpu0);
  return { wall: Number(process.hrtime.bigint() - start) / 1e9, cpu: (cpu.user + cpu.system) / 1e6 };
}

const plainChunks = Array.from({ length: MIB_PER_RUN }, () => chunk);
const key = randomBytes(32);
// The stored streams to decrypt, cut into 1 MiB chunks like the plaintext.
const sealedChunks = {};
for (const cipher of SSE_CIPHERS) {
  const parts = [];
  await pipeline(source(plainChunks), new EncryptStream({ key, cipher }), new Writable({ write(c, _e, done) { parts.push(c); done(); } }));
  const all = Buffer.concat(parts);
  sealedChunks[cipher] = Array.from({ length: Math.ceil(all.length / MiB) }, (_, i) => all.subarray(i * MiB, (i + 1) * MiB));
}

async function smallObjects(cipher) {
  const objectKey = randomBytes(32);
  const body = randomBytes(4096);
  const start = process.hrtime.bigint();
  for (let i = 0; i < SMALL_OBJECTS; i++) {
    const k = deriveStreamKey(objectKey, newStreamIv());
    const enc = new EncryptStream({ key: k, cipher });
    const out = [];
    enc.on('data', (c) => out.push(c));
    enc.end(body);
    await new Promise((r) => enc.once('end', r));
    const dec = new DecryptStream({ key: k, cipher });
    const back = [];
    dec.on('data', (c) => back.push(c));
    dec.end(Buffer.concat(out));
    await new Promise((r) => dec.once('end', r));
    if (Buffer.concat(back).length !== body.length) throw new Error('small object round trip failed');
  }
  return SMALL_OBJECTS / (Number(process.hrtime.bigint() - start) / 1e9);
}

/** The least a body pass costs: one copy of every byte. */
const copier = () => new Transform({ transform(c, _e, done) { done(null, Buffer.from(c)); } });

const rows = new Map();
const cpuRows = new Map();
const record = (label, value) => rows.set(label, [...(rows.get(label) ?? []), value]);
const recordRun = (label, t) => {
  record(label, MIB_PER_RUN / t.wall);
  cpuRows.set(label, [...(cpuRows.get(label) ?? []), MIB_PER_RUN / t.cpu]);
};
for (let round = 0; round < ROUNDS; round++) {
  recordRun('pass-through (no copy)', await timed(plainChunks, new PassThrough()));
  recordRun('plain copy (each chunk copied)', await timed(plainChunks, copier()));
  for (const cipher of SSE_CIPHERS) {
    recordRun(`encrypt ${cipher}`, await timed(plainChunks, new EncryptStream({ key, cipher })));
    recordRun(`decrypt ${cipher}`, await timed(sealedChunks[cipher], new DecryptStream({ key, cipher })));
  }
  for (const cipher of SSE_CIPHERS) record(`4 KiB objects ${cipher} (encrypt + decrypt, objects/s)`, await smallObjects(cipher));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const copy = median(rows.get('plain copy (each chunk copied)'));
let cpuinfo;
try { cpuinfo = readFileSync('/proc/cpuinfo', 'utf8'); } catch { cpuinfo = undefined; }
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const lines = [
  `# SSE cipher throughput (${new Date().toISOString().slice(0, 10)})`,
  '',
  `${cpu}, ${os.cpus().length} cores, Node ${process.version}; CPU AES instructions: ${defaultCipher(cpuinfo) === 'aes-256-gcm' ? 'yes' : 'no'}` +
    ` (default cipher ${defaultCipher(cpuinfo)}). ${MIB_PER_RUN} MiB per run in 1 MiB chunks, median of ${ROUNDS} interleaved rounds;` +
    ` load average at the end ${os.loadavg()[0].toFixed(1)}. "MB per CPU-second" divides by the process's user + system CPU time,` +
    ' which a busy shared host disturbs less than wall time.',
  '',
  '| row | MB/s (wall) | vs plain copy | MB per CPU-second |',
  '|---|---:|---:|---:|',
];
for (const [label, values] of rows) {
  const m = median(values);
  if (label.startsWith('4 KiB')) lines.push(`| ${label} | ${Math.round(m)} objects/s | | |`);
  else lines.push(`| ${label} | ${Math.round(m * MiB / 1e6)} | ${(m / copy).toFixed(2)}x | ${Math.round(median(cpuRows.get(label)) * MiB / 1e6)} |`);
}
const text = `${lines.join('\n')}\n`;
process.stdout.write(text);
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'sse-ciphers-latest.md'), text);
