/**
 * The scenario of issue #8, end to end with the real server and the real admin CLI:
 * 4 drives (EC 2+2), 24 objects from 0 B to 9 MiB (one of them multipart). Stop the server,
 * wipe drive 2, flip 64 bytes in the middle of the 5 largest shard files on drive 3 (the
 * objects are NOT read afterwards, so no read finds the rot), start again and wait until
 * `cairn admin heal status` says `healthy`. Stop, wipe drives 1 and 4, start again: every
 * object must come back byte-identical from drives 2 and 3 alone.
 */
import assert from 'node:assert/strict';
import { mkdtemp, open, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { bodyBytes, sdkClient } from '../helpers/s3-client.js';
import { serverEntry, startServer, type CairnServer } from '../helpers/server.js';
import { run } from '../helpers/tools.js';
import { contentOf } from './fault-harness.js';

const MiB = 1024 * 1024;
const BUCKET = 'durability';
const credentials = { accessKey: 'scenarioadmin', secretKey: 'scenario-secret-key-0123' };

async function wipe(drive: string): Promise<void> {
  for (const name of await readdir(drive)) await rm(join(drive, name), { recursive: true, force: true });
}

async function shardFilesBySize(drive: string): Promise<{ path: string; size: number }[]> {
  const out: { path: string; size: number }[] = [];
  async function walk(dir: string, depth: number): Promise<void> {
    if (depth > 6) return;
    let entries;
    try { entries = await readdir(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p, depth + 1);
      else out.push({ path: p, size: (await stat(p)).size });
    }
  }
  await walk(join(drive, '.cairn', 'data'), 0);
  return out.sort((a, b) => b.size - a.size);
}

async function flipMiddle(path: string, size: number): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    const at = Math.floor(size / 2) - 32;
    const buf = Buffer.alloc(64);
    await fh.read(buf, 0, 64, at);
    for (let i = 0; i < 64; i++) buf[i] = buf[i]! ^ 0xff;
    await fh.write(buf, 0, 64, at);
  } finally {
    await fh.close();
  }
}

function admin(server: CairnServer, args: readonly string[]): ReturnType<typeof run> {
  return run(process.execPath, [serverEntry(), 'admin', '--endpoint', server.endpoint, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', AWS_ACCESS_KEY_ID: credentials.accessKey, AWS_SECRET_ACCESS_KEY: credentials.secretKey },
    timeoutMs: 30_000,
  });
}

async function waitHealthy(server: CairnServer, deadlineMs: number): Promise<string> {
  const deadline = Date.now() + deadlineMs;
  let last = '';
  // Bounded by the deadline; each round is one CLI call.
  while (Date.now() < deadline) {
    const r = await admin(server, ['heal', 'status']);
    if (r.code === 0) {
      assert.equal(r.stdout.trim(), 'healthy');
      return r.stdout;
    }
    assert.equal(r.code, 1, `heal status: exit ${r.code}: ${r.stderr}`);
    last = r.stdout;
    await new Promise((res) => setTimeout(res, 500));
  }
  throw new Error(`not healthy after ${deadlineMs} ms:\n${last}\n${server.output().slice(-4000)}`);
}

test('wipe one drive + rot on another, wait for `heal status` healthy, lose the other two: every object byte-identical', async () => {
  const root = await mkdtemp(join(tmpdir(), 'cairn-scenario-'));
  const drives = [1, 2, 3, 4].map((i) => join(root, `d${i}`));
  const objects = Array.from({ length: 24 }, (_, i) => {
    const size = Math.round((i / 23) ** 2 * 9 * MiB);
    return { key: `obj-${String(i).padStart(2, '0')}`, data: contentOf(`scenario-${i}`, size) };
  });
  let server: CairnServer | undefined;
  try {
    server = await startServer({ drivePaths: drives, credentials });
    let s3 = sdkClient(server);
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    for (const o of objects.slice(0, -1)) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: o.key, Body: o.data }));
    const last = objects[objects.length - 1]!;
    await new Upload({ client: s3, params: { Bucket: BUCKET, Key: last.key, Body: last.data }, partSize: 5 * MiB, queueSize: 1 }).done();
    await server.stop();
    server = undefined;

    await wipe(drives[1]!);
    const rotten = (await shardFilesBySize(drives[2]!)).slice(0, 5);
    assert.equal(rotten.length, 5);
    for (const f of rotten) await flipMiddle(f.path, f.size);

    server = await startServer({ drivePaths: drives, credentials });
    const during = await admin(server, ['heal', 'status', '--json']);
    assert.notEqual(during.code, 2, during.stderr);
    await waitHealthy(server, 240_000);
    assert.match(server.output(), /drive is whole/, 'a log line says when the drive is whole');
    await server.stop();
    server = undefined;

    await wipe(drives[0]!);
    await wipe(drives[3]!);
    server = await startServer({ drivePaths: drives, credentials });
    s3 = sdkClient(server);
    const lost: string[] = [];
    for (const o of objects) {
      try {
        const got = await bodyBytes((await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: o.key }))).Body);
        if (!got.equals(o.data)) lost.push(`${o.key}: different bytes`);
      } catch (err) {
        lost.push(`${o.key} (${o.data.length} B): ${(err as Error).name} ${(err as Error).message}`);
      }
    }
    assert.deepEqual(lost, [], `objects lost after losing drives 1 and 4:\n${lost.join('\n')}`);
  } finally {
    await server?.stop();
    await rm(root, { recursive: true, force: true });
  }
});
