import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { BuiltinKms } from '../crypto/builtin-kms.js';
import { DecryptionFailedError, KmsAccessDeniedError, KmsKeyOfOtherAccountError, KmsKeyNotFoundError } from '../errors/domain-errors.js';
import { BuiltinKeyRing, type KeyStore, type StoredKeyRecord } from './builtin-key-ring.js';
import type { ExternalKms } from './kms.js';
import { TenantKms, type AccountKeyBinding, type AccountKeyStore } from './tenant-kms.js';

class Keys implements KeyStore {
  readonly m = new Map<string, StoredKeyRecord>();
  async get(n: string): Promise<StoredKeyRecord | undefined> { return this.m.get(n); }
  async create(r: StoredKeyRecord): Promise<boolean> { if (this.m.has(r.name)) return false; this.m.set(r.name, r); return true; }
  async list(): Promise<string[]> { return [...this.m.keys()]; }
  readonly v = new Map<string, StoredKeyRecord>();
  async getVersion(n: string, version: number): Promise<StoredKeyRecord | undefined> { return this.v.get(`${n}.v${version}`); }
  async createVersion(r: StoredKeyRecord): Promise<boolean> { const id = `${r.name}.v${String(r.keyVersion)}`; if (this.v.has(id)) return false; this.v.set(id, r); return true; }
}
class Accounts implements AccountKeyStore {
  readonly m = new Map<string, AccountKeyBinding>();
  async get(a: string): Promise<AccountKeyBinding | undefined> { return this.m.get(a); }
  async put(b: AccountKeyBinding): Promise<void> { this.m.set(b.account, b); }
  async list(): Promise<AccountKeyBinding[]> { return [...this.m.values()]; }
}

const A = '111111111111';
const B = '222222222222';
const ring = (name = 'master'): BuiltinKeyRing => new BuiltinKeyRing({ master: new BuiltinKms({ keys: [{ name, key: randomBytes(32) }] }), masterKeyId: name, store: new Keys() });
const ctx = (account: string): Record<string, string> => ({ account, bucket: 'b', key: 'k' });

describe('TenantKms', () => {
  it('gives each account its default key and keeps a bound key to its account', async () => {
    const base = ring();
    await base.createKey('key-a');
    await base.createKey('key-b');
    const tenants = new TenantKms({ base, defaultKeyId: 'master', store: new Accounts() });
    assert.equal(await tenants.defaultKeyFor(A), 'master', 'no binding: the deployment default');
    await tenants.bind({ account: A, keyId: 'key-a' });
    await tenants.bind({ account: B, keyId: 'key-b' });
    assert.equal(await tenants.defaultKeyFor(A), 'key-a');
    assert.equal(await tenants.defaultKeyFor(B), 'key-b');
    const dk = await tenants.generateDataKey('key-a', ctx(A));
    assert.deepEqual(await tenants.decrypt('key-a', dk.ciphertext, ctx(A)), dk.plaintext);
    await assert.rejects(tenants.generateDataKey('key-a', ctx(B)), KmsKeyOfOtherAccountError, 'B may not seal with A\'s key');
    await assert.rejects(tenants.decrypt('key-a', dk.ciphertext, ctx(B)), KmsKeyOfOtherAccountError, 'B may not unseal with A\'s key');
    await assert.rejects(tenants.decrypt('key-b', dk.ciphertext, ctx(B)), DecryptionFailedError, 'nor with its own key');
    await assert.rejects(tenants.bind({ account: B, keyId: 'key-a' }), KmsAccessDeniedError, 'a key is one account\'s');
    await assert.rejects(tenants.bind({ account: B, keyId: 'absent' }), KmsKeyNotFoundError);
    const shared = await tenants.generateDataKey('master', ctx(B));
    assert.deepEqual(await tenants.decrypt('master', shared.ciphertext, ctx(B)), shared.plaintext, 'the shared default key serves every account');
    await assert.rejects(tenants.decrypt('master', shared.ciphertext, ctx(A)), DecryptionFailedError, 'but its data keys stay bound to the account');
  });

  it('routes an account with its own Vault mount to that backend only', async () => {
    const base = ring();
    const mounts = new Map<string, ExternalKms>();
    const backendFor = (b: AccountKeyBinding): ExternalKms => {
      const own = ring('own-key');
      mounts.set(b.vault?.mount ?? '', own);
      return own;
    };
    const tenants = new TenantKms({ base, defaultKeyId: 'master', store: new Accounts(), backendFor });
    await tenants.bind({ account: A, keyId: 'own-key', vault: { mount: 'tenant-a' } });
    const dk = await tenants.generateDataKey('own-key', ctx(A));
    assert.deepEqual(await mounts.get('tenant-a')!.decrypt('own-key', dk.ciphertext, ctx(A)), dk.plaintext, 'sealed in the account\'s mount');
    await assert.rejects(tenants.generateDataKey('own-key', ctx(B)), KmsKeyNotFoundError, 'another account never reaches that mount');
    const noVault = new TenantKms({ base, defaultKeyId: 'master', store: new Accounts() });
    await assert.rejects(noVault.bind({ account: A, keyId: 'master', vault: { mount: 'x' } }), KmsAccessDeniedError);
  });
});
