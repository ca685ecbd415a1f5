#!/usr/bin/env node
// Random small range GETs of a large object, the access pattern of columnar readers (Parquet,
// ORC) and video seeking: starts Cairn (built dist/, or --cairn-root DIR), stores one 32 MiB
// object as a single PUT and one as a 2-part multipart upload, then for each GETs random
// --range KiB ranges at --conc in flight for --seconds, and prints ops/s and the server's CPU
// (user+sys from /proc) per GET. Run it once per build, alternating, to compare builds.
//   node bench/tools/range-get.mjs [--range 64] [--conc 8] [--seconds 5] [--drives 4] [--cairn-root DIR]
import { S3Client, PutObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, UploadPartCommand, CompleteMultipartUploadCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BENCH_PASSWORD, BENCH_USER, REPO_DIR, startCairn, stopServer } from '../lib/servers.mjs';
import { S3 } from './lib/s3.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const range = Number(opt('range', '64')) * 1024;
const conc = Number(opt('conc', '8'));
const seconds = Number(opt('seconds', '5'));
const drives = Number(opt('drives', '4'));
const cairnRoot = path.resolve(opt('cairn-root', REPO_DIR));
const SIZE = 32 << 20;

const cpuTicks = (pid) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return Number(f[11]) + Number(f[12]); };
const root = mkdtempSync(path.join(tmpdir(), 'cairn-range-get-'));
const server = await startCairn({ name: 'range-get', root, drives, cairnRoot });
try {
  const sdk = new S3Client({ endpoint: server.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: BENCH_USER, secretAccessKey: BENCH_PASSWORD } });
  const body = Buffer.alloc(SIZE, 5);
  await sdk.send(new CreateBucketCommand({ Bucket: 'ranges' }));
  await sdk.send(new PutObjectCommand({ Bucket: 'ranges', Key: 'single', Body: body }));
  const { UploadId } = await sdk.send(new CreateMultipartUploadCommand({ Bucket: 'ranges', Key: 'multi' }));
  const parts = [];
  for (let n = 1; n <= 2; n++) {
    const r = await sdk.send(new UploadPartCommand({ Bucket: 'ranges', Key: 'multi', UploadId, PartNumber: n, Body: body.subarray((n - 1) * SIZE / 2, n * SIZE / 2) }));
    parts.push({ PartNumber: n, ETag: r.ETag });
  }
  await sdk.send(new CompleteMultipartUploadCommand({ Bucket: 'ranges', Key: 'multi', UploadId, MultipartUpload: { Parts: parts } }));
  sdk.destroy();
  const s3 = new S3({ endpoint: server.url, accessKey: BENCH_USER, secretKey: BENCH_PASSWORD, connections: conc });
  const hz = 100;
  const out = [`${cairnRoot}: ${range / 1024} KiB ranges of 32 MiB, ${conc} in flight, ${drives} drive(s)`];
  for (const key of ['single', 'multi']) {
    const run = async (ms) => {
      let n = 0;
      const end = Date.now() + ms;
      await Promise.all(Array.from({ length: conc }, async () => {
        while (Date.now() < end) {
          const a = Math.floor(Math.random() * (SIZE - range));
          const r = await s3.request({ method: 'GET', bucket: 'ranges', key, headers: { range: `bytes=${a}-${a + range - 1}` } });
          if (r.status !== 206 || r.bytes !== range) throw new Error(`GET ${key} range: ${r.status}, ${r.bytes} bytes`);
          n++;
        }
      }));
      return n;
    };
    await run(1500); // warm-up
    const t0 = cpuTicks(server.pid);
    const n = await run(seconds * 1000);
    const cpuUs = ((cpuTicks(server.pid) - t0) / hz) * 1e6 / n;
    out.push(`${key}: ${(n / seconds).toFixed(0)} GET/s, ${cpuUs.toFixed(0)} µs CPU/GET`);
  }
  console.log(out.join('; '));
  await s3.close?.();
} finally {
  await stopServer(server);
  rmSync(root, { recursive: true, force: true });
}
