/**
 * `cairn admin kms` with the built-in KMS (CAIRN_KMS_SECRET_KEY) on a real server process:
 * status, keys created through the admin API (sealed by the master key in the system bucket,
 * still there after a restart, usable by every `--workers` process), key status round trips,
 * listing, exact errors, the KMS metric families (promtool-clean); and a server without a KMS
 * answering the KMS commands with MinIO's NotImplemented.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { startServer, type CairnServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait-for.js';
import { exits, KMS_CREDENTIALS, KMS_SERVER_ENV, kmsAdmin, promtoolAccepts, sample, scrape } from './kms-admin-harness.js';

const MASTER = randomBytes(32);
const ENV = { ...KMS_SERVER_ENV, CAIRN_KMS_SECRET_KEY: `cairn-master:${MASTER.toString('base64')}` };
let tmp: TempDir;
let drives: string[];
let server: CairnServer;

const start = (args: readonly string[] = []): Promise<CairnServer> => startServer({ drivePaths: drives, credentials: KMS_CREDENTIALS, env: ENV, args });

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out;
}

before(async () => {
  tmp = await makeTempDir('kms-builtin');
  drives = [1, 2, 3, 4].map((i) => join(tmp.path, `d${i}`));
  for (const d of drives) await mkdir(d);
  server = await start();
});
after(async () => {
  await server?.stop();
  await tmp?.remove();
});

describe('cairn admin kms (built-in KMS)', () => {
  it('kms status: the built-in KMS, its default key, reachable', async () => {
    const r = await kmsAdmin(server, ['kms', 'status']);
    exits(r, 0);
    assert.match(r.stdout, /^KMS: {9}Builtin$/m);
    assert.match(r.stdout, /^Default key: cairn-master$/m);
    assert.match(r.stdout, /^Status: {6}reachable, \d+\.\d ms$/m);
    // The native engine: AES-256-GCM on its VAES code where the CPU has it, the rest on libcrypto (crypto/aead-engine.ts).
    const engine = /^(AES-256-GCM on VAES\/AVX-512 \(native\/aead\), ChaCha20-Poly1305 on )?OpenSSL 3\.\d+\.\d+ .*\(system libcrypto\)$/;
    assert.match(r.stdout, new RegExp(`^SSE ciphers: ${engine.source.slice(1)}`, 'm'), 'the native AEAD engine, named');
    const doc = JSON.parse((await kmsAdmin(server, ['kms', 'status', '--json'])).stdout) as Record<string, unknown>;
    assert.deepEqual([doc['name'], doc['default-key-id'], doc['endpoints'], doc['reachable']], ['Builtin', 'cairn-master', { builtin: 'online' }, true]);
    assert.match(String(doc['sse-engine']), engine);
  });

  it('kms key create stores the key sealed: created once, then "exists"; listed; its round trip works', async () => {
    const created = await kmsAdmin(server, ['kms', 'key', 'create', 'Tenant-A.key']);
    exits(created, 0);
    assert.equal(created.stdout, 'Created key Tenant-A.key\n');
    const again = await kmsAdmin(server, ['kms', 'key', 'create', 'Tenant-A.key']);
    exits(again, 0);
    assert.equal(again.stdout, 'Key Tenant-A.key exists already (left as it is)\n');
    exits(await kmsAdmin(server, ['kms', 'key', 'create', 'tenant-b']), 0);
    const list = await kmsAdmin(server, ['kms', 'key', 'list']);
    exits(list, 0);
    assert.equal(list.stdout, 'Tenant-A.key\ncairn-master\ntenant-b\n');
    assert.equal((await kmsAdmin(server, ['kms', 'key', 'list', 'tenant*'])).stdout, 'tenant-b\n');
    const status = await kmsAdmin(server, ['kms', 'key', 'status', 'Tenant-A.key']);
    exits(status, 0);
    assert.equal(status.stdout, 'Key Tenant-A.key\n  encryption: ok\n  decryption: ok\n');
    const byDefault = await kmsAdmin(server, ['kms', 'key', 'status', '--json']);
    exits(byDefault, 0);
    assert.deepEqual(JSON.parse(byDefault.stdout), { 'key-id': 'cairn-master', 'encryption-error': '', 'decryption-error': '' });
    // Stored sealed in the system bucket: the record names the key and its master key, never the key bytes.
    const records = (await Promise.all(drives.map(filesUnder))).flat();
    const texts = await Promise.all(records.map((f) => readFile(f)));
    assert.ok(texts.some((t) => t.includes('"sealedBy":"cairn-master"')), 'a key record is on the drives');
  });

  it('refuses an unknown key, a bad name, a missing name with exact errors (exit 2)', async () => {
    const unknown = await kmsAdmin(server, ['kms', 'key', 'status', 'nobody']);
    exits(unknown, 2);
    assert.match(unknown.stderr, /KMS\.NotFoundException/);
    assert.match(unknown.stderr, /Invalid keyId: nobody/);
    const bad = await kmsAdmin(server, ['kms', 'key', 'create', 'a/../b']);
    exits(bad, 2);
    assert.match(bad.stderr, /XMinioAdminInvalidArgument/);
    const missing = await kmsAdmin(server, ['kms', 'key', 'create']);
    exits(missing, 2);
    assert.match(missing.stderr, /kms key create needs a key name/);
  });

  it('kms account set/info: an account\'s default key, which is then that account\'s alone', async () => {
    const before = await kmsAdmin(server, ['kms', 'account', 'info', '111111111111']);
    exits(before, 0);
    assert.equal(before.stdout, 'Account 111111111111: key cairn-master (the deployment default)\n');
    exits(await kmsAdmin(server, ['kms', 'account', 'set', '111111111111', 'tenant-b']), 0);
    assert.equal((await kmsAdmin(server, ['kms', 'account', 'info', '111111111111'])).stdout, 'Account 111111111111: key tenant-b\n');
    const taken = await kmsAdmin(server, ['kms', 'account', 'set', '222222222222', 'tenant-b']);
    exits(taken, 2);
    assert.match(taken.stderr, /KMS\.AccessDeniedException.*it is the key of account 111111111111/);
    const absent = await kmsAdmin(server, ['kms', 'account', 'set', '222222222222', 'nobody']);
    exits(absent, 2);
    assert.match(absent.stderr, /KMS\.NotFoundException/);
    const badAccount = await kmsAdmin(server, ['kms', 'account', 'info', 'acme']);
    exits(badAccount, 2);
    assert.match(badAccount.stderr, /XMinioAdminInvalidArgument.*12-digit account id/);
  });

  it('metrics: cairn_kms_online 1, requests by operation and result, promtool-clean', async () => {
    const body = await waitFor('the KMS probe', async () => {
      const b = await scrape(server);
      return sample(b, 'cairn_kms_online{backend="builtin",endpoint="builtin"}') === 1 ? b : undefined;
    });
    assert.ok((sample(body, 'cairn_kms_requests_total{operation="create",result="success"}') ?? 0) >= 3);
    assert.ok((sample(body, 'cairn_kms_requests_total{operation="key_status",result="error"}') ?? 0) >= 1, 'the unknown key');
    assert.ok((sample(body, 'cairn_kms_request_duration_seconds_count{operation="key_status"}') ?? 0) >= 3);
    assert.ok((sample(body, 'cairn_kms_last_probe_timestamp_seconds') ?? 0) > Date.now() / 1000 - 60);
    await promtoolAccepts(body);
  });

  it('created keys survive a restart and serve every --workers process', async () => {
    await server.stop();
    server = await start(['--workers', '2']);
    for (let i = 0; i < 6; i++) {
      const r = await kmsAdmin(server, ['kms', 'key', 'status', 'Tenant-A.key']);
      exits(r, 0);
    }
    exits(await kmsAdmin(server, ['kms', 'key', 'create', 'made-by-one']), 0);
    // Whichever process answers next finds the key (a miss is re-read from the system bucket within 1 s).
    await waitFor('every process sees made-by-one', async () => {
      for (let i = 0; i < 6; i++) if ((await kmsAdmin(server, ['kms', 'key', 'status', 'made-by-one'])).code !== 0) return false;
      return true;
    }, { timeoutMs: 20_000, intervalMs: 1100 });
  });
});

describe('cairn admin kms without a KMS', () => {
  let bare: CairnServer;
  before(async () => { bare = await startServer({ credentials: KMS_CREDENTIALS, env: KMS_SERVER_ENV }); });
  after(async () => { await bare?.stop(); });

  it('answers 501 NotImplemented as MinIO; exit 2 with the message; the families render without series', async () => {
    const r = await kmsAdmin(bare, ['kms', 'status']);
    exits(r, 2);
    assert.match(r.stderr, /NotImplemented/);
    assert.match(r.stderr, /KMS is not configured/);
    exits(await kmsAdmin(bare, ['kms', 'key', 'create', 'x']), 2);
    const body = await scrape(bare);
    assert.match(body, /^# TYPE cairn_kms_online gauge$/m);
    assert.doesNotMatch(body, /^cairn_kms_online\{/m);
    await promtoolAccepts(body);
  });
});
