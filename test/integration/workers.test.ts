/**
 * `cairn server --workers 2` over 4 drives, as a separate process:
 *  - one S3-API line, two worker processes sharing the port; requests on fresh connections
 *    reach both (x-amz-request-id carries a per-process prefix), and what one wrote the other
 *    reads and lists;
 *  - many clients racing `PUT If-None-Match: *` on one key: exactly one 200, the rest 412, and
 *    the winner's body is what GET returns (the check runs inside the arbiter drive's LMDB
 *    transaction, which serializes the two processes);
 *  - concurrent overwrites of one key (inline and data-dir sizes) converge on the same record
 *    on all 4 drives (read from the LMDB envs while the server runs: multi-process access);
 *  - a CompleteMultipartUpload retried through the other worker answers the first result;
 *  - a killed worker is restarted and the service keeps answering; SIGTERM to the primary
 *    stops every worker.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverEntry } from '../helpers/server.js';
import { startServer, type CairnServer } from '../helpers/server.js';
import { childPids } from '../helpers/process-tree.js';
import { signedRequest } from '../helpers/signed-request.js';
import { xmlValues, type RawResponse } from '../helpers/raw-http.js';
import { LocalDrive } from '../../src/storage/index.js';
import { decodeObjectRecord, type ObjectVersionRecord } from '../../src/storage/format/index.js';
import { objectKey } from '../../src/object/meta-keys.js';

const BUCKET = 'workers-test';

function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

async function waitFor(what: string, cond: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const processOf = (res: RawResponse): string => String(res.headers['x-amz-request-id'] ?? '').slice(0, 6);
const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');

/** The record of a key on every drive, without the per-drive inline shard. */
async function recordsOnDrives(drives: readonly string[], key: string): Promise<(ObjectVersionRecord[] | undefined)[]> {
  const out: (ObjectVersionRecord[] | undefined)[] = [];
  for (const path of drives) {
    const drive = await LocalDrive.open(path);
    try {
      const raw = await drive.metaGet(objectKey(BUCKET, key));
      out.push(raw === undefined ? undefined : decodeObjectRecord(raw).versions.map(({ inline: _inline, ...v }) => v as ObjectVersionRecord));
    } finally {
      await drive.close();
    }
  }
  return out;
}

describe('cairn server --workers 2 (4 drives)', { timeout: 180_000 }, () => {
  let server: CairnServer;

  before(async () => {
    server = await startServer({ drives: 4, env: { CAIRN_WORKERS: '2' } });
    const res = await signedRequest(server, { method: 'PUT', path: `/${BUCKET}` });
    assert.equal(res.status, 200, res.text);
  });
  after(async () => { await server?.stop(); });

  it('prints the S3-API line once and runs two workers', async () => {
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(server.output().match(/S3-API:/g)?.length, 1, server.output());
    assert.equal(childPids(server.pid).length, 2);
  });

  it('put, get and list go through both workers and see each other\'s writes', async () => {
    const bodies = new Map<string, Buffer>();
    const writers = new Set<string>();
    const readers = new Set<string>();
    let crossed = 0;
    for (let i = 0; i < 16; i++) {
      const key = `basic/obj-${String(i).padStart(2, '0')}`;
      const body = randomBytes(i % 2 === 0 ? 3000 : 200_000); // inline and data-dir objects
      bodies.set(key, body);
      const put = await signedRequest(server, { method: 'PUT', path: `/${BUCKET}/${key}`, body });
      assert.equal(put.status, 200, put.text);
      const get = await signedRequest(server, { method: 'GET', path: `/${BUCKET}/${key}` });
      assert.equal(get.status, 200, get.text);
      assert.ok(get.body.equals(body), `body of ${key}`);
      writers.add(processOf(put));
      readers.add(processOf(get));
      if (processOf(put) !== processOf(get)) crossed++;
    }
    assert.equal(new Set([...writers, ...readers]).size, 2, 'requests reached both workers');
    assert.ok(crossed > 0, 'some object was read by the worker that did not write it');
    const listers = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const list = await signedRequest(server, { method: 'GET', path: `/${BUCKET}?list-type=2&prefix=basic%2F` });
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(xmlValues(list.text, 'Key'), [...bodies.keys()]);
      listers.add(processOf(list));
    }
    assert.equal(listers.size, 2, 'both workers listed');
  });

  it('concurrent If-None-Match: * PUTs of one key: exactly one wins', async () => {
    for (let round = 0; round < 4; round++) {
      const key = `cond/key-${round}`;
      const bodies = Array.from({ length: 24 }, (_, i) => randomBytes(round % 2 === 0 ? 1024 + i : 150_000 + i));
      const results = await Promise.all(bodies.map((body) =>
        signedRequest(server, { method: 'PUT', path: `/${BUCKET}/${key}`, body, headers: { 'if-none-match': '*' } })));
      const statuses = results.map((r) => r.status);
      assert.equal(statuses.filter((s) => s === 200).length, 1, `round ${round}: ${statuses.join(',')}`);
      assert.equal(statuses.filter((s) => s === 412).length, bodies.length - 1, `round ${round}: ${statuses.join(',')}`);
      assert.equal(new Set(results.map(processOf)).size, 2, 'both workers took part');
      const winner = bodies[statuses.indexOf(200)]!;
      const get = await signedRequest(server, { method: 'GET', path: `/${BUCKET}/${key}` });
      assert.equal(get.status, 200);
      assert.ok(get.body.equals(winner), 'GET returns the winning body');
      const again = await signedRequest(server, { method: 'PUT', path: `/${BUCKET}/${key}`, body: 'late', headers: { 'if-none-match': '*' } });
      assert.equal(again.status, 412);
      const records = await recordsOnDrives(server.drives, key);
      for (const r of records) assert.deepEqual(r, records[0]);
      assert.equal(records[0]!.length, 1);
      assert.equal(records[0]![0]!.etag, md5(winner));
    }
  });

  it('a CompleteMultipartUpload retried through the other worker answers the first result', async () => {
    const key = 'mpu/retry';
    const init = await signedRequest(server, { method: 'POST', path: `/${BUCKET}/${key}?uploads` });
    const uploadId = xmlValues(init.text, 'UploadId')[0]!;
    const part = await signedRequest(server, { method: 'PUT', path: `/${BUCKET}/${key}?partNumber=1&uploadId=${uploadId}`, body: randomBytes(300_000) });
    assert.equal(part.status, 200, part.text);
    const body = `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${String(part.headers.etag)}</ETag></Part></CompleteMultipartUpload>`;
    const complete = () => signedRequest(server, { method: 'POST', path: `/${BUCKET}/${key}?uploadId=${uploadId}`, body });
    const first = await complete();
    assert.equal(first.status, 200, first.text);
    const etag = xmlValues(first.text, 'ETag')[0];
    let other = 0;
    for (let i = 0; i < 12 && other < 2; i++) {
      const again = await complete();
      assert.equal(again.status, 200, again.text);
      assert.equal(xmlValues(again.text, 'ETag')[0], etag);
      if (processOf(again) !== processOf(first)) other++;
    }
    assert.ok(other > 0, 'a retry reached the worker that did not complete the upload');
  });

  it('concurrent overwrites of one key end with the same record on all 4 drives', async () => {
    for (let round = 0; round < 3; round++) {
      const key = `overwrite/key-${round}`;
      const bodies = Array.from({ length: 24 }, (_, i) => randomBytes(i % 3 === 0 ? 180_000 + i : 2048 + i));
      const results = await Promise.all(bodies.map((body) => signedRequest(server, { method: 'PUT', path: `/${BUCKET}/${key}`, body })));
      assert.deepEqual(results.map((r) => r.status), bodies.map(() => 200));
      const records = await recordsOnDrives(server.drives, key);
      assert.ok(records[0] !== undefined && records[0].length === 1, 'one null version');
      for (const r of records) assert.deepEqual(r, records[0], 'same record on every drive');
      const get = await signedRequest(server, { method: 'GET', path: `/${BUCKET}/${key}` });
      assert.equal(get.status, 200);
      assert.equal(md5(get.body), records[0][0]!.etag);
      assert.ok(bodies.some((b) => b.equals(get.body)), 'GET returns one of the bodies written');
    }
  });

  it('a killed worker is restarted and requests keep being served', async () => {
    const [victim, survivor] = childPids(server.pid);
    assert.ok(victim !== undefined && survivor !== undefined);
    process.kill(victim, 'SIGKILL');
    await waitFor('the restart message', () => /worker \d exited \(signal SIGKILL\); restarting/.test(server.output()));
    for (let i = 0; i < 6; i++) {
      const res = await signedRequest(server, { method: 'GET', path: `/${BUCKET}/basic/obj-00` });
      assert.equal(res.status, 200);
    }
    await waitFor('two workers again', () => {
      const pids = childPids(server.pid);
      return pids.length === 2 && !pids.includes(victim) && pids.includes(survivor);
    });
    const seen = new Set<string>();
    for (let i = 0; i < 100 && seen.size < 2; i++) {
      const res = await signedRequest(server, { method: 'GET', path: `/${BUCKET}/basic/obj-01` });
      assert.equal(res.status, 200);
      seen.add(processOf(res));
      if (seen.size < 2) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(seen.size, 2, 'the restarted worker serves');
  });

  it('SIGTERM to the primary stops every worker', async () => {
    const pids = childPids(server.pid);
    assert.equal(pids.length, 2);
    process.kill(server.pid, 'SIGTERM');
    const exit = await server.exited();
    assert.equal(exit.code, 0, server.output());
    await waitFor('workers gone', () => pids.every((p) => !isAlive(p)), 10_000);
  });
});

describe('the test helper stops a server whose worker hangs', { timeout: 60_000 }, () => {
  it('a stopped worker (SIGSTOP: deaf to SIGTERM and to its primary\'s exit) is killed with the primary', async () => {
    const server = await startServer({ drives: 1, env: { CAIRN_WORKERS: '2' } });
    const pids = childPids(server.pid);
    assert.equal(pids.length, 2);
    process.kill(pids[0]!, 'SIGSTOP');
    const t0 = Date.now();
    await server.stop();
    await waitFor('workers gone', () => pids.every((p) => !isAlive(p)), 5_000);
    assert.ok(Date.now() - t0 < 15_000, `stop took ${Date.now() - t0} ms`);
  });
});

describe('cairn server --workers: startup errors', { timeout: 60_000 }, () => {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', CAIRN_ROOT_USER: 'admin', CAIRN_ROOT_PASSWORD: 'secret123' };

  it('refuses a bad worker count before touching the drives', () => {
    for (const bad of ['0', 'many', '-2']) {
      const r = spawnSync(process.execPath, [serverEntry(), 'server', '--workers', bad, '--address', '127.0.0.1:0', '/nonexistent/d1'], { env, encoding: 'utf8', timeout: 20_000 });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /cairn: --workers: expected a count 1\.\.256 or auto/);
    }
    const r = spawnSync(process.execPath, [serverEntry(), 'server', '--address', '127.0.0.1:0', '/nonexistent/d1'], { env: { ...env, CAIRN_WORKERS: 'lots' }, encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /CAIRN_WORKERS/);
  });

  it('a worker that cannot listen (port taken) fails the start: exit 1, not a hang', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const base = mkdtempSync(join(tmpdir(), 'cairn-workers-'));
    try {
      const child = spawn(process.execPath, [serverEntry(), 'server', '--workers', '2', '--address', `127.0.0.1:${port}`, join(base, 'd1')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
      child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
      clearTimeout(killer);
      assert.equal(code, 1, out);
      assert.match(out, /EADDRINUSE/);
      assert.match(out, /cairn: worker \d exited during startup/);
      assert.doesNotMatch(out, /S3-API:/);
    } finally {
      blocker.close();
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('a drive that cannot be used fails the start in the primary: exit 1, no worker left behind', () => {
    const base = mkdtempSync(join(tmpdir(), 'cairn-workers-'));
    try {
      const file = join(base, 'not-a-dir');
      writeFileSync(file, 'x');
      const r = spawnSync(process.execPath, [serverEntry(), 'server', '--workers', '2', '--address', '127.0.0.1:0', file], { env, encoding: 'utf8', timeout: 20_000 });
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /^cairn: /m);
      assert.doesNotMatch(r.stdout, /S3-API:/);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
