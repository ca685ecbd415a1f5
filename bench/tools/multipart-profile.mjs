#!/usr/bin/env node
// Multipart profile: CreateMultipartUpload + P UploadPart + CompleteMultipartUpload through the
// object layer (no HTTP) on mkdtemp drives, N uploads one after the other. Reports process CPU
// (user+sys) and wall time per UploadPart and per Complete. Run under `strace -c -f` for the
// syscalls of the whole run (divide by N). --dist picks the build (default: this worktree's
// dist), so two builds compare on the same machine:
//   node bench/tools/multipart-profile.mjs --dist /path/to/other/dist [--uploads 20] [--parts 4] [--kib 1024] [--drives 1]
//   strace -c -f -o /tmp/mp.strace node bench/tools/multipart-profile.mjs ...
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    dist: { type: 'string', default: new URL('../../dist', import.meta.url).pathname },
    uploads: { type: 'string', default: '20' },
    parts: { type: 'string', default: '4' },
    kib: { type: 'string', default: '1024' },
    drives: { type: 'string', default: '1' },
  },
});
const dist = resolve(values.dist);
const { createStorage } = await import(pathToFileURL(join(dist, 'src/storage/index.js')).href);
const { ErasureObjectLayer } = await import(pathToFileURL(join(dist, 'src/object/index.js')).href);
const uploads = Math.max(1, Math.min(1000, Number(values.uploads)));
const parts = Math.max(1, Math.min(100, Number(values.parts)));
const partSize = Number(values.kib) * 1024;
const source = randomBytes(partSize);
const dir = mkdtempSync(join(tmpdir(), 'cairn-mpp-'));
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
try {
  const storage = await createStorage({ endpoints: Array.from({ length: Number(values.drives) }, (_, i) => join(dir, `d${i}`)) });
  const layer = new ErasureObjectLayer(storage);
  await layer.makeBucket({ bucket: 'mp-bench' });
  let partCpu = 0; let partWall = 0; let completeCpu = 0; let completeWall = 0;
  for (let u = 0; u < uploads + 2; u++) { // 2 warm-up uploads, not counted
    const key = `obj-${u}`;
    const { uploadId } = await layer.createMultipartUpload({ bucket: 'mp-bench', key });
    const done = [];
    for (let p = 1; p <= parts; p++) {
      const c0 = cpu(); const t0 = performance.now();
      const info = await layer.putObjectPart({ bucket: 'mp-bench', key, uploadId, partNumber: p, body: Readable.from([source]), size: partSize });
      if (u >= 2) { partCpu += cpu() - c0; partWall += performance.now() - t0; }
      done.push({ partNumber: p, etag: info.etag });
    }
    const c0 = cpu(); const t0 = performance.now();
    await layer.completeMultipartUpload({ bucket: 'mp-bench', key, uploadId, parts: done });
    if (u >= 2) { completeCpu += cpu() - c0; completeWall += performance.now() - t0; }
  }
  await layer.close();
  const n = uploads * parts;
  console.log(JSON.stringify({
    dist, drives: Number(values.drives), uploads, parts, partKiB: partSize / 1024,
    uploadPart: { cpuUs: Math.round(partCpu / n), wallMs: +(partWall / n).toFixed(2) },
    complete: { cpuUs: Math.round(completeCpu / uploads), wallMs: +(completeWall / uploads).toFixed(2) },
  }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
