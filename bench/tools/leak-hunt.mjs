#!/usr/bin/env node
// Server memory across repeated large operations, one scenario after another: starts Cairn
// (built dist/, or --cairn-root DIR; 4 drives, EC 2+2, a built-in KMS key for the SSE rows)
// and prints its RSS (VmRSS) after every --every repetitions of each scenario. A scenario whose
// RSS climbs by about its object size per repetition keeps something it should not.
//   node bench/tools/leak-hunt.mjs [--size 32] [--reps 30] [--every 10] [--only REGEX] [--cairn-root DIR]
import {
  S3Client, PutObjectCommand, GetObjectCommand, CopyObjectCommand, CreateBucketCommand,
  CreateMultipartUploadCommand, UploadPartCommand, UploadPartCopyCommand, CompleteMultipartUploadCommand,
} from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BENCH_PASSWORD, BENCH_USER, REPO_DIR, startCairn, stopServer } from '../lib/servers.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const size = Number(opt('size', '32')) << 20;
const reps = Number(opt('reps', '30'));
const every = Number(opt('every', '10'));
const only = new RegExp(opt('only', '.'));
const cairnRoot = path.resolve(opt('cairn-root', REPO_DIR));

const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const root = mkdtempSync(path.join(tmpdir(), 'cairn-leak-hunt-'));
const server = await startCairn({
  name: 'leak-hunt', root, drives: 4, cairnRoot, env: { CAIRN_KMS_SECRET_KEY: `bench-key:${randomBytes(32).toString('base64')}` },
});
const s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: BENCH_USER, secretAccessKey: BENCH_PASSWORD } });
const B = 'leaks';
const body = Buffer.alloc(size, 7);
const drain = async (r) => { for await (const _ of r.Body) { /* read */ } };

const scenarios = {
  'put-overwrite': () => s3.send(new PutObjectCommand({ Bucket: B, Key: 'p', Body: body })),
  'get-whole': async () => drain(await s3.send(new GetObjectCommand({ Bucket: B, Key: 'src' }))),
  'get-cut': async () => {
    const ac = new AbortController();
    const r = await s3.send(new GetObjectCommand({ Bucket: B, Key: 'src' }), { abortSignal: ac.signal });
    const it = r.Body[Symbol.asyncIterator]();
    await it.next();
    ac.abort();
    await it.return?.().catch(() => undefined);
  },
  'copy': () => s3.send(new CopyObjectCommand({ Bucket: B, Key: 'dst', CopySource: `${B}/src` })),
  'upload-part-copy': async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: B, Key: 'mpc' }));
    const { CopyPartResult } = await s3.send(new UploadPartCopyCommand({ Bucket: B, Key: 'mpc', UploadId, PartNumber: 1, CopySource: `${B}/src` }));
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: B, Key: 'mpc', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: CopyPartResult.ETag }] } }));
  },
  'multipart-put': async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: B, Key: 'mp' }));
    const half = body.subarray(0, size / 2);
    const a = await s3.send(new UploadPartCommand({ Bucket: B, Key: 'mp', UploadId, PartNumber: 1, Body: half }));
    const b = await s3.send(new UploadPartCommand({ Bucket: B, Key: 'mp', UploadId, PartNumber: 2, Body: half }));
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: B, Key: 'mp', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: a.ETag }, { PartNumber: 2, ETag: b.ETag }] } }));
  },
  'sse-put': () => s3.send(new PutObjectCommand({ Bucket: B, Key: 'sse', Body: body, ServerSideEncryption: 'AES256' })),
  'sse-get': async () => drain(await s3.send(new GetObjectCommand({ Bucket: B, Key: 'sse-src' }))),
  'sse-copy': () => s3.send(new CopyObjectCommand({ Bucket: B, Key: 'sse-dst', CopySource: `${B}/sse-src`, ServerSideEncryption: 'AES256' })),
};

try {
  await s3.send(new CreateBucketCommand({ Bucket: B }));
  await s3.send(new PutObjectCommand({ Bucket: B, Key: 'src', Body: body }));
  await s3.send(new PutObjectCommand({ Bucket: B, Key: 'sse-src', Body: body, ServerSideEncryption: 'AES256' }));
  console.log(`${cairnRoot}: ${size >> 20} MiB objects, EC 2+2; RSS MiB after setup ${rssMiB(server.pid).toFixed(0)}`);
  for (const [name, run] of Object.entries(scenarios)) {
    if (!only.test(name)) continue;
    const line = [`${name}: ${rssMiB(server.pid).toFixed(0)}`];
    for (let i = 1; i <= reps; i++) {
      await run();
      if (i % every === 0) line.push(String(rssMiB(server.pid).toFixed(0)));
    }
    console.log(line.join(' -> '));
  }
} finally {
  s3.destroy();
  await stopServer(server);
  rmSync(root, { recursive: true, force: true });
}
