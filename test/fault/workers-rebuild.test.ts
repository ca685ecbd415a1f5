/**
 * `--workers 2` and a wiped drive: the primary formats the drive as a replacement (writing its
 * healing marker first), worker 0 rebuilds it, and every worker's `heal status` comes to say
 * `healthy` (the others re-read the marker). Then two other drives are wiped: every object is
 * still there, so the rebuild really happened.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { bodyBytes, sdkClient } from '../helpers/s3-client.js';
import { serverEntry, startServer, type CairnServer } from '../helpers/server.js';
import { run } from '../helpers/tools.js';
import { contentOf } from './fault-harness.js';

const credentials = { accessKey: 'workersadmin', secretKey: 'workers-secret-key-0123' };

async function wipe(drive: string): Promise<void> {
  for (const name of await readdir(drive)) await rm(join(drive, name), { recursive: true, force: true });
}

async function healStatus(server: CairnServer): Promise<{ code: number | null; stdout: string }> {
  return run(process.execPath, [serverEntry(), 'admin', '--endpoint', server.endpoint, 'heal', 'status'], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', AWS_ACCESS_KEY_ID: credentials.accessKey, AWS_SECRET_ACCESS_KEY: credentials.secretKey },
    timeoutMs: 30_000,
  });
}

test('--workers 2: a wiped drive is rebuilt by worker 0 and every worker comes to say healthy', async () => {
  const root = await mkdtemp(join(tmpdir(), 'cairn-workers-rebuild-'));
  const drives = [1, 2, 3, 4].map((i) => join(root, `d${i}`));
  const env = { CAIRN_WORKERS: '2' };
  const objects = Array.from({ length: 8 }, (_, i) => ({ key: `k${i}`, data: contentOf(`w${i}`, i * 300_000 + 17) }));
  let server: CairnServer | undefined;
  try {
    server = await startServer({ drivePaths: drives, credentials, env });
    let s3 = sdkClient(server);
    await s3.send(new CreateBucketCommand({ Bucket: 'wbucket' }));
    for (const o of objects) await s3.send(new PutObjectCommand({ Bucket: 'wbucket', Key: o.key, Body: o.data }));
    await server.stop();
    await wipe(drives[1]!);

    server = await startServer({ drivePaths: drives, credentials, env });
    // Several healthy answers in a row: requests land on either worker.
    const deadline = Date.now() + 120_000;
    let healthyInARow = 0;
    let last = '';
    while (healthyInARow < 6) {
      assert.ok(Date.now() < deadline, `not healthy on every worker in time:\n${last}\n${server.output().slice(-3000)}`);
      const r = await healStatus(server);
      assert.notEqual(r.code, 2, r.stdout);
      healthyInARow = r.code === 0 ? healthyInARow + 1 : 0;
      last = r.stdout;
      if (r.code !== 0) await new Promise((res) => setTimeout(res, 500));
    }
    await server.stop();

    await wipe(drives[0]!);
    await wipe(drives[2]!);
    server = await startServer({ drivePaths: drives, credentials, env });
    s3 = sdkClient(server);
    for (const o of objects) {
      const got = await bodyBytes((await s3.send(new GetObjectCommand({ Bucket: 'wbucket', Key: o.key }))).Body);
      assert.ok(got.equals(o.data), o.key);
    }
  } finally {
    await server?.stop();
    await rm(root, { recursive: true, force: true });
  }
});
