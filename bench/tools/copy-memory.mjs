#!/usr/bin/env node
// Server memory after repeated server-side copies (CopyObject) of one large object: starts Cairn
// (built dist/, or --cairn-root DIR), PUTs one object of --size MiB, copies it --copies times
// (one at a time, to the same destination key) and prints the server's RSS (VmRSS) after the
// PUT and after every --every copies. Frames read for a copy that are never handed back must
// not stay alive: RSS should level off, not grow by the object's size per copy.
//   node bench/tools/copy-memory.mjs [--size 32] [--copies 40] [--every 10] [--drives 4] [--cairn-root DIR]
import { S3Client, PutObjectCommand, CopyObjectCommand, CreateBucketCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BENCH_PASSWORD, BENCH_USER, REPO_DIR, startCairn, stopServer } from '../lib/servers.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const sizeMiB = Number(opt('size', '32'));
const copies = Number(opt('copies', '40'));
const every = Number(opt('every', '10'));
const drives = Number(opt('drives', '4'));
const cairnRoot = path.resolve(opt('cairn-root', REPO_DIR));

const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const root = mkdtempSync(path.join(tmpdir(), 'cairn-copy-memory-'));
const server = await startCairn({ name: 'copy-memory', root, drives, cairnRoot });
try {
  const s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: BENCH_USER, secretAccessKey: BENCH_PASSWORD } });
  await s3.send(new CreateBucketCommand({ Bucket: 'copies' }));
  await s3.send(new PutObjectCommand({ Bucket: 'copies', Key: 'src', Body: Buffer.alloc(sizeMiB << 20, 7) }));
  const line = [`${cairnRoot}: ${sizeMiB} MiB object, ${drives} drive(s); RSS MiB after the PUT ${rssMiB(server.pid).toFixed(0)}`];
  for (let i = 1; i <= copies; i++) {
    await s3.send(new CopyObjectCommand({ Bucket: 'copies', Key: 'dst', CopySource: 'copies/src' }));
    if (i % every === 0) line.push(`after ${i} copies ${rssMiB(server.pid).toFixed(0)}`);
  }
  console.log(line.join('; '));
  s3.destroy();
} finally {
  await stopServer(server);
  rmSync(root, { recursive: true, force: true });
}
