/**
 * `cairn admin kms` against external KMSs, a real server process each: the in-repo Vault
 * stand-in (test/helpers/fake-vault.ts: Vault's Transit, AppRole and sys/health HTTP API; no
 * Vault can be installed here) with a static token and with AppRole, and the KES stand-in
 * (fake-kes.ts) over mutual TLS with openssl-made certificates, trusted through
 * CAIRN_CERTS_DIR/CAs/. Vault sealed or stopped: `kms status` says unreachable and exits 1,
 * a key operation is 503 ServiceUnavailable (exit 2), cairn_kms_online drops to 0.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { kesIdentity, startFakeKes, type FakeKes } from '../helpers/fake-kes.js';
import { startFakeVault, type FakeVault } from '../helpers/fake-vault.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { issueCertificate, makeCa } from '../helpers/openssl-certs.js';
import { refusedStart, startServer, type CairnServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait-for.js';
import { exits, KMS_CREDENTIALS, KMS_SERVER_ENV, kmsAdmin, promtoolAccepts, sample, scrape } from './kms-admin-harness.js';

let tmp: TempDir;
before(async () => { tmp = await makeTempDir('kms-external'); });
after(async () => { await tmp?.remove(); });

const online = (vault: FakeVault): string => `cairn_kms_online{backend="vault",endpoint="${vault.url}"}`;

describe('cairn admin kms with Vault Transit (token)', () => {
  let vault: FakeVault;
  let server: CairnServer;
  before(async () => {
    vault = await startFakeVault();
    server = await startServer({
      credentials: KMS_CREDENTIALS,
      env: { ...KMS_SERVER_ENV, CAIRN_KMS_VAULT_ENDPOINT: vault.url, CAIRN_KMS_VAULT_TOKEN: vault.rootToken, CAIRN_KMS_VAULT_KEY_NAME: 'cairn-key' },
    });
  });
  after(async () => {
    await server?.stop();
    await vault?.stop();
  });

  it('status names Vault, its endpoint and version; key create makes the Transit key; key status round-trips', async () => {
    const status = await kmsAdmin(server, ['kms', 'status']);
    exits(status, 0);
    assert.match(status.stdout, new RegExp(`^KMS: {9}HashiCorp Vault Transit \\(${vault.url.replace(/\./g, '\\.')}\\)$`, 'm'));
    assert.match(status.stdout, /^Default key: cairn-key$/m);
    assert.match(status.stdout, /^Status: {6}reachable, \d+\.\d ms, version 1\.15\.0-cairn-fake$/m);
    const unknown = await kmsAdmin(server, ['kms', 'key', 'status']);
    exits(unknown, 2);
    assert.match(unknown.stderr, /KMS\.NotFoundException.*Invalid keyId: cairn-key/);
    exits(await kmsAdmin(server, ['kms', 'key', 'create', 'cairn-key']), 0);
    assert.ok(vault.calls.some((c) => c.method === 'POST' && c.path === '/v1/transit/keys/cairn-key'), 'the key was created in Vault');
    assert.match((await kmsAdmin(server, ['kms', 'key', 'create', 'cairn-key'])).stdout, /exists already/);
    const keyStatus = await kmsAdmin(server, ['kms', 'key', 'status']);
    exits(keyStatus, 0);
    assert.equal(keyStatus.stdout, 'Key cairn-key\n  encryption: ok\n  decryption: ok\n');
    assert.ok(vault.calls.some((c) => c.path === '/v1/transit/datakey/plaintext/cairn-key'));
    assert.ok(vault.calls.some((c) => c.path === '/v1/transit/decrypt/cairn-key'));
    exits(await kmsAdmin(server, ['kms', 'key', 'create', 'tenant-b']), 0);
    assert.equal((await kmsAdmin(server, ['kms', 'key', 'list'])).stdout, 'cairn-key\ntenant-b\n');
  });

  it('Vault sealed, then down: kms status says unreachable (exit 1), key operations 503 (exit 2), cairn_kms_online 0', async () => {
    await waitFor('cairn_kms_online 1', async () => sample(await scrape(server), online(vault)) === 1);
    vault.seal(true);
    const sealed = await kmsAdmin(server, ['kms', 'status']);
    exits(sealed, 1);
    assert.match(sealed.stdout, /^Status: {6}UNREACHABLE: /m);
    const keyOp = await kmsAdmin(server, ['kms', 'key', 'status', 'cairn-key']);
    exits(keyOp, 2);
    assert.match(keyOp.stderr, /ServiceUnavailable/);
    assert.match(keyOp.stderr, /Vault is sealed/);
    const body = await waitFor('cairn_kms_online 0', async () => { const b = await scrape(server); return sample(b, online(vault)) === 0 ? b : undefined; });
    assert.ok((sample(body, 'cairn_kms_probe_failures_total') ?? 0) >= 1);
    assert.ok((sample(body, 'cairn_kms_requests_total{operation="key_status",result="unavailable"}') ?? 0) >= 1);
    await promtoolAccepts(body);
    vault.seal(false);
    await waitFor('cairn_kms_online back to 1', async () => sample(await scrape(server), online(vault)) === 1);
    await vault.stop();
    const down = await kmsAdmin(server, ['kms', 'status']);
    exits(down, 1);
    assert.match(down.stdout, /UNREACHABLE: .*ECONNREFUSED/);
    await waitFor('cairn_kms_online 0 with Vault stopped', async () => sample(await scrape(server), online(vault)) === 0);
  });
});

describe('cairn admin kms with Vault Transit (AppRole, own mount, namespace)', () => {
  let vault: FakeVault;
  let server: CairnServer;
  before(async () => {
    vault = await startFakeVault({ mount: 'team-a-transit', namespace: 'ns-a' });
    server = await startServer({
      credentials: KMS_CREDENTIALS,
      env: {
        ...KMS_SERVER_ENV, CAIRN_KMS_VAULT_ENDPOINT: vault.url, CAIRN_KMS_VAULT_APPROLE_ID: vault.roleId, CAIRN_KMS_VAULT_APPROLE_SECRET: vault.secretId,
        CAIRN_KMS_VAULT_TRANSIT_MOUNT: 'team-a-transit', CAIRN_KMS_VAULT_NAMESPACE: 'ns-a', CAIRN_KMS_VAULT_KEY_NAME: 'team-a',
      },
    });
  });
  after(async () => {
    await server?.stop();
    await vault?.stop();
  });

  it('logs in with AppRole, creates and checks the key under its mount, logs in again after the token is revoked', async () => {
    exits(await kmsAdmin(server, ['kms', 'key', 'create', 'team-a']), 0);
    exits(await kmsAdmin(server, ['kms', 'key', 'status']), 0);
    assert.equal(vault.logins(), 1);
    assert.ok(vault.calls.some((c) => c.path === '/v1/team-a-transit/datakey/plaintext/team-a'));
    vault.revokeTokens();
    exits(await kmsAdmin(server, ['kms', 'key', 'status', 'team-a']), 0);
    assert.equal(vault.logins(), 2);
  });
});

describe('cairn admin kms with KES (mTLS, CA from CAIRN_CERTS_DIR/CAs)', () => {
  let kes: FakeKes;
  let server: CairnServer;
  before(async () => {
    const dir = join(tmp.path, 'kes');
    await mkdir(dir);
    const ca = await makeCa(dir);
    const kesCert = await issueCertificate({ ca, dir, prefix: 'kes', dnsNames: ['localhost'], serial: '6106' });
    const client = await issueCertificate({ ca, dir, prefix: 'cairn', dnsNames: ['cairn'], serial: '7107', usage: 'clientAuth' });
    const identity = kesIdentity(new X509Certificate(await readFile(client.certFile)).publicKey.export({ type: 'spki', format: 'der' }));
    kes = await startFakeKes({ cert: await readFile(kesCert.certFile), key: await readFile(kesCert.keyFile), clientCa: await readFile(ca.certFile), allowed: [identity] });
    const certsDir = join(tmp.path, 'certs');
    await mkdir(join(certsDir, 'CAs'), { recursive: true });
    await copyFile(ca.certFile, join(certsDir, 'CAs', 'test-ca.crt'));
    server = await startServer({
      credentials: KMS_CREDENTIALS,
      env: {
        ...KMS_SERVER_ENV, CAIRN_CERTS_DIR: certsDir, CAIRN_KMS_KES_ENDPOINT: kes.url, CAIRN_KMS_KES_KEY_NAME: 'kes-key',
        CAIRN_KMS_KES_CERT_FILE: client.certFile, CAIRN_KMS_KES_KEY_FILE: client.keyFile,
      },
    });
  });
  after(async () => {
    await server?.stop();
    await kes?.stop();
  });

  it('status, key create, key status and list over mutual TLS', async () => {
    const status = await kmsAdmin(server, ['kms', 'status']);
    exits(status, 0);
    assert.match(status.stdout, /^KMS: {9}MinIO KES \(https:\/\/127\.0\.0\.1:\d+\)$/m);
    assert.match(status.stdout, /version v0\.0\.0-cairn-fake$/m);
    exits(await kmsAdmin(server, ['kms', 'key', 'create', 'kes-key']), 0);
    const keyStatus = await kmsAdmin(server, ['kms', 'key', 'status']);
    exits(keyStatus, 0);
    assert.equal(keyStatus.stdout, 'Key kes-key\n  encryption: ok\n  decryption: ok\n');
    assert.equal((await kmsAdmin(server, ['kms', 'key', 'list'])).stdout, 'kes-key\n');
    assert.ok(kes.calls.every((c) => c.identity !== ''), 'every call presented the client certificate');
    const body = await waitFor('cairn_kms_online 1', async () => { const b = await scrape(server); return sample(b, `cairn_kms_online{backend="kes",endpoint="${kes.url}"}`) === 1 ? b : undefined; });
    await promtoolAccepts(body);
  });
});

describe('a server with a KMS it cannot use refuses to start', () => {
  it('names the variables of an incomplete or contradictory KMS configuration, or the unreadable file', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ CAIRN_KMS_VAULT_ENDPOINT: 'http://127.0.0.1:1', CAIRN_KMS_VAULT_TOKEN: 't', CAIRN_KMS_VAULT_APPROLE_ID: 'r', CAIRN_KMS_VAULT_APPROLE_SECRET: 's', CAIRN_KMS_VAULT_KEY_NAME: 'k' },
        /CAIRN_KMS_VAULT_TOKEN and CAIRN_KMS_VAULT_APPROLE_ID\/_SECRET are both set/],
      [{ CAIRN_KMS_KES_ENDPOINT: 'https://127.0.0.1:1', CAIRN_KMS_KES_KEY_NAME: 'k', CAIRN_KMS_KES_CERT_FILE: join(tmp.path, 'absent.crt'), CAIRN_KMS_KES_KEY_FILE: join(tmp.path, 'absent.key') },
        /CAIRN_KMS_KES_CERT_FILE: cannot read .*absent\.crt/],
      [{ CAIRN_KMS_SECRET_KEY: 'k:AAAA' }, /CAIRN_KMS_SECRET_KEY: the key of k must decode to 32 bytes, got 3/],
    ];
    for (const [env, message] of cases) {
      const dir = await mkdtemp(join(tmp.path, 'refused-'));
      const { code, output } = await refusedStart([dir], { env });
      assert.notEqual(code, 0);
      assert.match(output, message);
    }
  });
});
