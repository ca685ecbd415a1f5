/**
 * Cairn's Vault Transit client against the in-repo Vault stand-in (test/helpers/fake-vault.ts,
 * Vault's documented HTTP API; no Vault server can be installed here): static token and
 * AppRole (login, lease expiry, revoked token), data keys, rewrap after a key rotation, key
 * status, namespaces, TLS with a CA, and every failure as its domain error.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  KmsAccessDeniedError, DecryptionFailedError, KmsKeyNotFoundError, KmsUnavailableError,
} from '../../../src/errors/domain-errors.js';
import { VaultTransitKms } from '../../../src/kms/vault-transit-kms.js';
import { startFakeVault, type FakeVault } from '../../helpers/fake-vault.js';
import { makeTempDir, type TempDir } from '../../helpers/files.js';
import { issueCertificate, makeCa } from '../../helpers/openssl-certs.js';
import { waitFor } from '../../helpers/wait-for.js';

const CONTEXT = { bucket: 'b', key: 'k', account: 'a' };
let vault: FakeVault;
after(async () => { await vault?.stop(); });

function tokenClient(v: FakeVault, token = v.rootToken): VaultTransitKms {
  return new VaultTransitKms({ endpoint: { url: new URL(v.url) }, auth: { kind: 'token', token } });
}

describe('Vault Transit KMS', () => {
  before(async () => { vault = await startFakeVault(); });

  it('creates a key once, generates a 256-bit data key and decrypts its ciphertext', async () => {
    const kms = tokenClient(vault);
    assert.equal(await kms.createKey('cairn-key'), 'created');
    assert.equal(await kms.createKey('cairn-key'), 'exists');
    const dk = await kms.generateDataKey('cairn-key', CONTEXT);
    assert.equal(dk.plaintext.length, 32);
    assert.match(dk.ciphertext.toString('utf8'), /^vault:v1:/);
    assert.deepEqual(await kms.decrypt('cairn-key', dk.ciphertext, CONTEXT), dk.plaintext);
    const status = await kms.keyStatus('cairn-key');
    assert.deepEqual(status, { keyId: 'cairn-key', encryptionOk: true, decryptionOk: true });
    assert.deepEqual(await kms.listKeys(), ['cairn-key']);
    const health = await kms.status();
    assert.equal(health.reachable, true);
    assert.equal(health.kind, 'vault');
    assert.equal(health.version, '1.15.0-cairn-fake');
  });

  it('refuses a tampered ciphertext, an unknown key, a hostile key name and a wrong token', async () => {
    const kms = tokenClient(vault);
    await kms.createKey('k2');
    const dk = await kms.generateDataKey('k2', CONTEXT);
    const raw = dk.ciphertext.toString('utf8');
    const body = Buffer.from(raw.slice('vault:v1:'.length), 'base64');
    body[body.length - 1] ^= 1;
    const tampered = Buffer.from(`vault:v1:${body.toString('base64')}`);
    await assert.rejects(kms.decrypt('k2', tampered, CONTEXT), DecryptionFailedError);
    await assert.rejects(kms.decrypt('cairn-key', dk.ciphertext, CONTEXT), DecryptionFailedError, 'sealed by another key');
    await assert.rejects(kms.generateDataKey('no-such-key', CONTEXT), KmsKeyNotFoundError);
    await assert.rejects(kms.keyStatus('no-such-key'), KmsKeyNotFoundError);
    await assert.rejects(kms.generateDataKey('../sys/raw', CONTEXT), KmsKeyNotFoundError);
    const before = vault.calls.length;
    await assert.rejects(kms.generateDataKey('a/b', CONTEXT), KmsKeyNotFoundError);
    assert.equal(vault.calls.length, before, 'a hostile key name never reaches Vault');
    await assert.rejects(tokenClient(vault, 'hvs.wrong').generateDataKey('k2', CONTEXT), KmsAccessDeniedError);
  });

  it('rewraps a data key with the newest key version after a rotation; the data key stays', async () => {
    const kms = tokenClient(vault);
    await kms.createKey('rotating');
    const dk = await kms.generateDataKey('rotating', CONTEXT);
    assert.equal(await kms.rewrapDataKey('rotating', dk.ciphertext, CONTEXT), undefined, 'sealed by the newest version already');
    assert.deepEqual(await kms.rotateKey('rotating'), { keyId: 'rotating', version: 2 });
    const rewrapped = await kms.rewrapDataKey('rotating', dk.ciphertext, CONTEXT);
    assert.ok(rewrapped !== undefined);
    assert.match(rewrapped.toString('utf8'), /^vault:v2:/);
    assert.equal(await kms.rewrapDataKey('rotating', rewrapped, CONTEXT), undefined, 'rewrapping again changes nothing');
    assert.match((await kms.generateDataKey('rotating', CONTEXT)).ciphertext.toString('utf8'), /^vault:v2:/, 'new data keys: the newest version');
    assert.deepEqual(await kms.decrypt('rotating', rewrapped, CONTEXT), dk.plaintext);
    assert.deepEqual(await kms.decrypt('rotating', dk.ciphertext, CONTEXT), dk.plaintext, 'old versions still decrypt');
  });

  it('AppRole: logs in once, again when the lease runs out and when the token is revoked', async () => {
    const short = await startFakeVault({ tokenTtlSeconds: 1 });
    try {
      await tokenClient(short).createKey('app');
      const kms = new VaultTransitKms({ endpoint: { url: new URL(short.url) }, auth: { kind: 'approle', roleId: short.roleId, secretId: short.secretId } });
      await kms.generateDataKey('app', CONTEXT);
      await kms.generateDataKey('app', CONTEXT);
      assert.equal(short.logins(), 1, 'one login serves both calls');
      short.revokeTokens();
      await kms.generateDataKey('app', CONTEXT);
      assert.equal(short.logins(), 2, 'a 403 on a revoked token logs in again, transparently');
      const loginsBefore = short.logins();
      // The lease is 1 s and the client logs in again at 80% of it.
      await waitFor('the lease to run out', async () => {
        await kms.generateDataKey('app', CONTEXT);
        return short.logins() > loginsBefore || undefined;
      }, { timeoutMs: 5000, intervalMs: 100 });
      const wrong = new VaultTransitKms({ endpoint: { url: new URL(short.url) }, auth: { kind: 'approle', roleId: short.roleId, secretId: 'wrong' } });
      await assert.rejects(wrong.generateDataKey('app', CONTEXT), (e: unknown) => e instanceof KmsAccessDeniedError && /invalid secret id/.test(e.message));
    } finally {
      await short.stop();
    }
  });

  it('a sealed or stopped Vault is KmsUnavailableError, and status says unreachable', async () => {
    const v = await startFakeVault();
    const kms = tokenClient(v);
    await kms.createKey('x');
    v.seal(true);
    await assert.rejects(kms.generateDataKey('x', CONTEXT), (e: unknown) => e instanceof KmsUnavailableError && /503.*sealed/.test(e.message));
    assert.equal((await kms.status()).reachable, false);
    v.seal(false);
    await kms.generateDataKey('x', CONTEXT);
    await v.stop();
    await assert.rejects(kms.generateDataKey('x', CONTEXT), KmsUnavailableError);
    const down = await kms.status();
    assert.equal(down.reachable, false);
    assert.match(down.error ?? '', /ECONNREFUSED/);
  });

  it('sends the namespace header, and speaks TLS with the configured CA', async () => {
    const tmp: TempDir = await makeTempDir('vault-tls');
    try {
      const ca = await makeCa(tmp.path);
      const cert = await issueCertificate({ ca, dir: tmp.path, prefix: 'vault', dnsNames: ['localhost'], serial: '5005' });
      const v = await startFakeVault({ tls: { cert: await readFile(cert.certFile), key: await readFile(cert.keyFile) }, namespace: 'tenant-a' });
      try {
        const endpoint = { url: new URL(v.url), ca: [await readFile(ca.certFile)] };
        const kms = new VaultTransitKms({ endpoint, auth: { kind: 'token', token: v.rootToken }, namespace: 'tenant-a' });
        await kms.createKey('ns-key');
        const dk = await kms.generateDataKey('ns-key', CONTEXT);
        assert.deepEqual(await kms.decrypt('ns-key', dk.ciphertext, CONTEXT), dk.plaintext);
        const other = new VaultTransitKms({ endpoint, auth: { kind: 'token', token: v.rootToken }, namespace: 'tenant-b' });
        await assert.rejects(other.generateDataKey('ns-key', CONTEXT), KmsKeyNotFoundError);
        const untrusted = new VaultTransitKms({ endpoint: { url: new URL(v.url) }, auth: { kind: 'token', token: v.rootToken }, namespace: 'tenant-a' });
        await assert.rejects(untrusted.generateDataKey('ns-key', CONTEXT), (e: unknown) => e instanceof KmsUnavailableError && /certificate/i.test(e.message));
      } finally {
        await v.stop();
      }
    } finally {
      await tmp.remove();
    }
  });
});
