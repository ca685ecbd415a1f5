#!/usr/bin/env node
// LocalDrive metadata (LMDB) figures: synced commits one at a time vs concurrent writes that
// lmdb-js batches into one synced transaction (group commit), metaUpdate, and metaGet.
// Usage: npx tsc -p tsconfig.json && node bench/drive-meta.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDrive } from '../dist/src/storage/drive/local-drive.js';

const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-meta-'));
const rate = (n, t0) => Math.round(n / ((performance.now() - t0) / 1000));
try {
  const d = await LocalDrive.open(dir);
  const value = Buffer.alloc(300);
  let t0 = performance.now();
  for (let i = 0; i < 200; i++) await d.metaBatch([{ key: `seq/${i}`, value }]);
  console.log(`metaBatch, one at a time (one fsynced commit each): ${rate(200, t0)} ops/s`);
  t0 = performance.now();
  await Promise.all(Array.from({ length: 5000 }, (_, i) => d.metaBatch([{ key: `par/${i}`, value }])));
  console.log(`metaBatch, 5000 concurrent (group commit):          ${rate(5000, t0)} ops/s`);
  t0 = performance.now();
  await Promise.all(Array.from({ length: 2000 }, (_, i) => d.metaUpdate([`upd/${i % 50}`], ([c]) => ({ ops: [{ key: `upd/${i % 50}`, value }], result: c === undefined }))));
  console.log(`metaUpdate, 2000 concurrent on 50 keys:             ${rate(2000, t0)} ops/s`);
  t0 = performance.now();
  for (let i = 0; i < 50_000; i++) await d.metaGet(`par/${i % 5000}`);
  console.log(`metaGet (fresh snapshot per read):                  ${rate(50_000, t0)} ops/s`);
  await d.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
