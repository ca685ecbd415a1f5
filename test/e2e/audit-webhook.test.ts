/**
 * The audit log end to end with the real server process: a webhook receiver in the test
 * goes down, requests go on, Cairn is SIGKILLed and restarted on the same drive while the
 * receiver is still down, more requests go on; when the receiver is back, every request id
 * arrives exactly once (duplicates are counted, not deduplicated away), in the order the
 * requests were made, and the records form one intact hash chain (`cairn admin audit
 * verify` on what the receiver got exits 0). The records carry no credentials.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { startServer, serverEntry, type CairnServer } from '../helpers/server.js';
import { signedRequest } from '../helpers/signed-request.js';
import { waitFor } from '../helpers/wait-for.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

const CREDENTIALS = { accessKey: 'audituser', secretKey: 'audit-secret-key-123' };

async function queueLength(server: CairnServer): Promise<number | undefined> {
  const text = await (await fetch(`${server.endpoint}/metrics`)).text();
  const m = /^cairn_audit_queue_length\{target="webhook"\} (\d+)$/m.exec(text);
  return m === null ? undefined : Number(m[1]);
}

/**
 * Records appended to the webhook's queue files on the drive (delivered or not: in this test
 * no segment fills, so none is removed). The queue-length metric also counts records still in
 * the server's memory (on their way to the audit thread); only these survive a SIGKILL.
 */
async function recordsOnDisk(drivePath: string): Promise<number> {
  const audit = join(drivePath, '.cairn', 'audit');
  let lines = 0;
  for (const node of await readdir(audit).catch(() => [] as string[])) {
    const dir = join(audit, node, 'webhook');
    for (const f of await readdir(dir).catch(() => [] as string[])) {
      if (!f.endsWith('.seg')) continue;
      for (const b of await readFile(join(dir, f))) if (b === 0x0a) lines++;
    }
  }
  return lines;
}

async function exitCodeOf(args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [serverEntry(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, out };
}

describe('audit webhook: target down, server SIGKILLed and restarted, nothing lost or doubled', () => {
  let drive: TempDir;
  const receiver = new WebhookReceiver();
  let server: CairnServer | undefined;
  const expected: string[] = [];

  const start = async (): Promise<CairnServer> => startServer({
    drivePaths: [drive.path], credentials: CREDENTIALS,
    env: { CAIRN_AUDIT_WEBHOOK_ENDPOINT: receiver.url, CAIRN_AUDIT_WEBHOOK_BATCH_SIZE: '4', CAIRN_AUDIT_WEBHOOK_AUTH_TOKEN: 'hook-token', CAIRN_PROMETHEUS_AUTH: 'public' },
  });

  /** A few S3 requests of several kinds (errors included); their request ids are expected, in order. */
  const traffic = async (s: CairnServer, tag: string, n: number): Promise<void> => {
    for (let i = 0; i < n; i++) {
      const calls = [
        { method: 'PUT', path: `/audit-bucket/${tag}-${i}`, body: `payload ${tag} ${i}` },
        { method: 'GET', path: `/audit-bucket/${tag}-${i}` },
        { method: 'GET', path: `/audit-bucket/missing-${tag}-${i}` },
      ];
      for (const call of calls) {
        const res = await signedRequest(s, call);
        const id = res.headers['x-amz-request-id'];
        assert.equal(typeof id, 'string');
        expected.push(id as string);
      }
    }
  };

  before(async () => {
    drive = await makeTempDir('audit-drive');
    await receiver.start();
    server = await start();
    const made = await signedRequest(server, { method: 'PUT', path: '/audit-bucket' });
    assert.equal(made.status, 200);
    expected.push(made.headers['x-amz-request-id'] as string);
  });

  after(async () => {
    await server?.stop();
    await receiver.stop();
    await drive.remove();
  });

  it('delivers every request id exactly once, in order, as one intact chain', async () => {
    let s = server!;
    await traffic(s, 'up', 3);
    await waitFor('records while the receiver is up', () => receiver.records.length >= expected.length, { timeoutMs: 30_000 });

    await receiver.stop();
    await traffic(s, 'down', 5);
    const queued = expected.length - receiver.records.length;
    await waitFor(`${queued} records queued`, async () => (await queueLength(s)) === queued, { timeoutMs: 30_000 });
    await waitFor(`all ${expected.length} records on disk`, async () => (await recordsOnDisk(drive.path)) === expected.length, { timeoutMs: 30_000 });
    process.kill(s.pid, 'SIGKILL');
    assert.equal((await s.exited()).signal, 'SIGKILL');
    await s.stop();

    s = await start();
    server = s;
    await traffic(s, 'restarted', 4);
    const queuedNow = expected.length - receiver.records.length;
    await waitFor(`${queuedNow} records queued after the restart`, async () => (await queueLength(s)) === queuedNow, { timeoutMs: 30_000 });

    await receiver.start();
    await waitFor('every record delivered', async () => (await queueLength(s)) === 0 && receiver.records.length >= expected.length, { timeoutMs: 60_000 });

    const got = receiver.records.map((r) => r['requestID'] as string);
    const counts = new Map<string, number>();
    for (const id of got) counts.set(id, (counts.get(id) ?? 0) + 1);
    const doubled = [...counts].filter(([, n]) => n > 1);
    assert.deepEqual(doubled, [], 'no request id arrives twice');
    assert.equal(got.length, expected.length);
    assert.deepEqual(got, expected, 'in the order the requests were made');
    assert.deepEqual(receiver.records.map((r) => (r['chain'] as { seq: number }).seq), expected.map((_, i) => i + 1));
    assert.ok(receiver.authorizations.every((a) => a === 'Bearer hook-token'));

    const kinds = receiver.records.map((r) => `${(r['api'] as { name: string }).name}:${(r['api'] as { statusCode: number }).statusCode}:${r['errorCode']}`);
    assert.ok(kinds.includes('PutObject:200:'), kinds.join(' '));
    assert.ok(kinds.includes('GetObject:404:NoSuchKey'), kinds.join(' '));
    const text = JSON.stringify(receiver.records);
    assert.ok(!text.includes(CREDENTIALS.secretKey) && !text.includes('Signature='), 'no secret or signature in the records');
    assert.ok(receiver.records.every((r) => r['accessKey'] === CREDENTIALS.accessKey && r['account'] === 'root'));

    const dir = await makeTempDir('audit-export');
    try {
      const file = join(dir.path, 'export.ndjson');
      await writeFile(file, receiver.records.map((r) => JSON.stringify(r)).join('\n'));
      const ok = await exitCodeOf(['admin', 'audit', 'verify', file]);
      assert.equal(ok.code, 0, ok.out);
      await writeFile(file, receiver.records.filter((_, i) => i !== 7).map((r) => JSON.stringify(r)).join('\n'));
      const gap = await exitCodeOf(['admin', 'audit', 'verify', file]);
      assert.equal(gap.code, 1, gap.out);
      assert.match(gap.out, /gap .*seq 8 is missing/);
      const missing = await exitCodeOf(['admin', 'audit', 'verify', join(dir.path, 'nope.ndjson')]);
      assert.equal(missing.code, 2, missing.out);
    } finally {
      await dir.remove();
    }
  });
});
