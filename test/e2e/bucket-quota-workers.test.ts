/**
 * Bucket quotas with `--workers 2`: only slot 0 runs the scanner; its figures reach the other
 * worker's quota ledger through the primary (cluster-mode/usage-channel.ts). Every request
 * below opens a new connection, so the primary hands them to both workers in turn: a write
 * that one worker committed must be counted by the other once a figure holds it, and a
 * delete must free the bytes in both.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataUsageInfoDocument } from '../../src/admin/wire-types.js';
import { startServer, serverEntry, type CairnServer } from '../helpers/server.js';
import { signedRequest } from '../helpers/signed-request.js';
import { encodeKeyPath } from '../helpers/sigv4-signer.js';
import { randomPayload } from '../helpers/files.js';
import { baseEnv, run } from '../helpers/tools.js';
import { waitFor } from '../helpers/wait-for.js';

const CREDENTIALS = { accessKey: 'quotaworkers', secretKey: 'quota-workers-secret-1' };
const KiB = 1024;
const SIZE = 600 * KiB;

let base: string;
let server: CairnServer;

const put = (key: string) => signedRequest(server, { method: 'PUT', path: encodeKeyPath('capped', key), body: randomPayload(SIZE) });
const del = (key: string) => signedRequest(server, { method: 'DELETE', path: encodeKeyPath('capped', key) });

async function adminOk(args: readonly string[]): Promise<string> {
  const r = await run(process.execPath, [serverEntry(), 'admin', ...args], {
    env: { ...baseEnv('/tmp'), CAIRN_ROOT_USER: CREDENTIALS.accessKey, CAIRN_ROOT_PASSWORD: CREDENTIALS.secretKey, CAIRN_ENDPOINT: server.endpoint },
    timeoutMs: 60_000,
  });
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** The bucket's size in the answering worker's last figure, and when that figure's pass ended. */
async function figureOf(bucket: string): Promise<{ size: number; at: number }> {
  const doc = JSON.parse(await adminOk(['usage', '--json'])) as DataUsageInfoDocument;
  return { size: doc.bucketsUsageInfo[bucket]?.size ?? 0, at: Date.parse(doc.lastUpdate) };
}

/**
 * Waits until both workers (the usage calls alternate between them) hold a figure showing
 * `size` of a pass that began after `since`. A pass that merely ended after `since` may have
 * read a key before the write under test and so settle nothing of it (the ledger keeps
 * counting a put it did not see until a pass sees it or its removal): so first the end of a
 * pass after `since`, then a figure of a later pass, which began after that end.
 */
async function bothHold(bucket: string, size: number, since: number): Promise<void> {
  let after = since;
  await waitFor('a scanner pass ended after the writes', async () => {
    const f = await figureOf(bucket);
    if (f.at > since) after = f.at;
    return f.at > since;
  }, { timeoutMs: 60_000, intervalMs: 300 });
  const ok = async (): Promise<boolean> => {
    const f = await figureOf(bucket);
    return f.size === size && f.at > after;
  };
  await waitFor(`both workers hold a figure of ${size} bytes`, async () => (await ok()) && (await ok()), { timeoutMs: 60_000, intervalMs: 300 });
}

before(async () => {
  base = await mkdtemp(join(tmpdir(), 'cairn-quota-workers-'));
  const drives = [1, 2, 3, 4].map((i) => join(base, `d${i}`));
  for (const d of drives) await mkdir(d);
  server = await startServer({ drivePaths: drives, credentials: CREDENTIALS, args: ['--workers', '2'], env: { CAIRN_SCANNER_INTERVAL: '1s' } });
  const made = await signedRequest(server, { method: 'PUT', path: '/capped' });
  assert.equal(made.status, 200, made.text);
});

after(async () => {
  await server?.stop();
  await rm(base, { recursive: true, force: true, maxRetries: 3 });
});

describe('bucket quota with --workers 2', () => {
  it('a write through one worker is counted by the other once the scanner figure holds it', async () => {
    await adminOk(['bucket', 'quota', 'set', 'capped', String(SIZE + 100 * KiB)]);
    assert.equal((await put('first')).status, 200);
    await bothHold('capped', SIZE, Date.now());
    for (let i = 0; i < 4; i++) {
      const r = await put(`more-${i}`);
      assert.equal(r.status, 400, `attempt ${i}: ${r.text}`);
      assert.match(r.text, /XMinioAdminBucketQuotaExceeded/);
    }
  });

  it('a put through one worker and its delete through the other: both settled by the next figure', async () => {
    assert.equal((await del('first')).status, 204);
    await bothHold('capped', 0, Date.now());
    for (let round = 0; round < 3; round++) {
      // put and delete alternate between the workers (a new connection each)
      const r = await put(`again-${round}`);
      assert.equal(r.status, 200, `round ${round}: ${r.text}`);
      assert.equal((await del(`again-${round}`)).status, 204);
      await bothHold('capped', 0, Date.now());
    }
  });
});
