/**
 * SSE in the bucket owner's account, at the KMS/SSE layer (object/sse/sse-keys.ts over
 * kms/tenant-kms.ts and the built-in key ring): each account's objects are sealed with its own
 * default key and bound to its account; one account's sealing never opens in another's context
 * (neither its key id, nor its data key under the other's key, nor an SSE-C sealing); an explicit
 * key of another account is refused; records of format 1 (no account stored) still open.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { BuiltinKms } from '../../../src/crypto/builtin-kms.js';
import { DecryptionFailedError, KmsKeyOfOtherAccountError, KmsNotConfiguredError } from '../../../src/errors/domain-errors.js';
import { BuiltinKeyRing, type KeyStore, type StoredKeyRecord } from '../../../src/kms/builtin-key-ring.js';
import { TenantKms, type AccountKeyBinding, type AccountKeyStore } from '../../../src/kms/tenant-kms.js';
import { ObjectKeyCache } from '../../../src/object/sse/object-key-cache.js';
import { DEFAULT_ACCOUNT, newSealing, openSealing, openStreamKey, type SseSettings } from '../../../src/object/sse/sse-keys.js';
import { deriveStreamKey } from '../../../src/crypto/index.js';
import { sseMetadataEntries, storedEncryptionOf, type StoredEncryption } from '../../../src/object/sse/sse-metadata.js';
import { customerKey } from './sse-layer-harness.js';

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
const C = '333333333333';
const AT = { bucket: 'photos', key: 'cat.jpg' };
let settings: SseSettings;

/** `stored` as read back from its metadata, with `over` entries replacing its own. */
function reread(stored: StoredEncryption, over: Record<string, string | undefined> = {}): StoredEncryption {
  const meta: Record<string, string> = { ...sseMetadataEntries(stored) };
  for (const [k, v] of Object.entries(over)) if (v === undefined) delete meta[k]; else meta[k] = v;
  return storedEncryptionOf(meta)!;
}

before(async () => {
  const base = new BuiltinKeyRing({ master: new BuiltinKms({ keys: [{ name: 'master', key: randomBytes(32) }] }), masterKeyId: 'master', store: new Keys() });
  await base.createKey('key-a');
  await base.createKey('key-b');
  const tenants = new TenantKms({ base, defaultKeyId: 'master', store: new Accounts() });
  await tenants.bind({ account: A, keyId: 'key-a' });
  await tenants.bind({ account: B, keyId: 'key-b' });
  settings = { kms: tenants, defaultKeyId: 'master', defaultKeyFor: (acct) => tenants.defaultKeyFor(acct), cipher: 'aes-256-gcm', account: DEFAULT_ACCOUNT };
});

describe('SSE sealed in the bucket owner\'s account', () => {
  it('SSE-S3 and SSE-KMS without a key id use the owner\'s default key; the account is stored (format 2)', async () => {
    for (const [owner, key] of [[A, 'key-a'], [B, 'key-b'], [C, 'master'], [undefined, 'master']] as const) {
      for (const enc of [{ mode: 'SSE-S3' }, { mode: 'SSE-KMS' }] as const) {
        const s = await newSealing(settings, enc, AT, owner);
        assert.equal(s.stored.kmsKeyId, key, `${enc.mode} of ${owner ?? 'no owner'}`);
        const back = reread(s.stored);
        assert.equal(back.format, 2);
        assert.equal(back.account, owner ?? DEFAULT_ACCOUNT);
        assert.deepEqual(await openSealing(settings, back, AT, undefined), s.objectKey);
      }
    }
  });

  it('A\'s sealing does not open in B\'s context: neither with A\'s key id nor with B\'s key', async () => {
    const a = await newSealing(settings, { mode: 'SSE-S3' }, AT, A);
    await assert.rejects(openSealing(settings, reread(a.stored, { 'x-cairn-sse-account': B }), AT, undefined), KmsKeyOfOtherAccountError);
    await assert.rejects(
      openSealing(settings, reread(a.stored, { 'x-cairn-sse-account': B, 'x-cairn-sse-kms-key-id': 'key-b' }), AT, undefined),
      DecryptionFailedError, 'B\'s key does not open A\'s data key',
    );
    // An unbound (shared) key: the account in the context still separates the sealings.
    const c = await newSealing(settings, { mode: 'SSE-S3' }, AT, C);
    await assert.rejects(openSealing(settings, reread(c.stored, { 'x-cairn-sse-account': DEFAULT_ACCOUNT }), AT, undefined), DecryptionFailedError);
  });

  it('SSE-C: the customer key alone does not open another account\'s sealing', async () => {
    const ck = customerKey(7);
    const a = await newSealing(settings, { mode: 'SSE-C', customerKey: ck }, AT, A);
    assert.deepEqual(await openSealing(settings, reread(a.stored), AT, ck), a.objectKey);
    await assert.rejects(openSealing(settings, reread(a.stored, { 'x-cairn-sse-account': B }), AT, ck), DecryptionFailedError);
  });

  it('refuses an explicit key id of another account (AccessDenied at the surface)', async () => {
    await assert.rejects(newSealing(settings, { mode: 'SSE-KMS', keyId: 'key-a' }, AT, B), (err: unknown) => {
      assert.ok(err instanceof KmsKeyOfOtherAccountError);
      assert.deepEqual([err.keyId, err.account, err.action], ['key-a', B, 'GenerateDataKey']);
      return true;
    });
    const own = await newSealing(settings, { mode: 'SSE-KMS', keyId: 'key-b' }, AT, B);
    assert.equal(own.stored.kmsKeyId, 'key-b');
    const shared = await newSealing(settings, { mode: 'SSE-KMS', keyId: 'master' }, AT, A);
    assert.equal(shared.stored.kmsKeyId, 'master', 'the deployment key is no account\'s');
  });

  it('a format 1 record (written before: no format, no account) opens in the deployment account', async () => {
    const old = await newSealing(settings, { mode: 'SSE-S3' }, AT, undefined);
    const v1 = reread(old.stored, { 'x-cairn-sse-format': undefined, 'x-cairn-sse-account': undefined });
    assert.equal(v1.format, 1);
    assert.equal(v1.account, undefined);
    assert.deepEqual(await openSealing(settings, v1, AT, undefined), old.objectKey);
    assert.throws(() => reread(old.stored, { 'x-cairn-sse-format': '3' }), /unknown SSE format 3/);
    assert.throws(() => reread(old.stored, { 'x-cairn-sse-account': undefined }), /format 2 without an account/);
  });

  it('with the object-key cache warm, a sealing still opens only for its own account, bucket and key', async () => {
    const cached: SseSettings = { ...settings, objectKeys: new ObjectKeyCache() };
    const a = await newSealing(cached, { mode: 'SSE-S3' }, AT, A);
    assert.deepEqual(await openSealing(cached, reread(a.stored), AT, undefined), a.objectKey);
    assert.equal(cached.objectKeys!.size, 1, 'cached after the first open');
    assert.deepEqual(await openSealing(cached, reread(a.stored), AT, undefined), a.objectKey, 'a hit gives the same key');
    await assert.rejects(openSealing(cached, reread(a.stored, { 'x-cairn-sse-account': B }), AT, undefined), KmsKeyOfOtherAccountError);
    await assert.rejects(
      openSealing(cached, reread(a.stored, { 'x-cairn-sse-account': B, 'x-cairn-sse-kms-key-id': 'key-b' }), AT, undefined), DecryptionFailedError,
    );
    await assert.rejects(openSealing(cached, reread(a.stored), { ...AT, key: 'dog.jpg' }, undefined), DecryptionFailedError, 'another key');
    await assert.rejects(openSealing(cached, reread(a.stored), { ...AT, bucket: 'other' }, undefined), DecryptionFailedError, 'another bucket');
    const flipped = Buffer.from(a.stored.sealedKey);
    flipped[40]! ^= 1;
    await assert.rejects(openSealing(cached, { ...reread(a.stored), sealedKey: flipped }, AT, undefined), DecryptionFailedError, 'a changed sealed key');
    assert.equal(cached.objectKeys!.size, 1, 'failures are not cached');
  });

  it('stream keys kept with a warm object key open only for their own account, bucket, key and IV', async () => {
    const cached: SseSettings = { ...settings, objectKeys: new ObjectKeyCache() };
    const a = await newSealing(cached, { mode: 'SSE-S3' }, AT, A);
    const iv = randomBytes(32);
    const want = deriveStreamKey(a.objectKey, iv);
    assert.deepEqual(await openStreamKey(cached, reread(a.stored), AT, undefined, iv), want, 'miss: unsealed and derived');
    assert.deepEqual(await openStreamKey(cached, reread(a.stored), AT, undefined, iv), want, 'hit');
    const other = randomBytes(32);
    assert.deepEqual(await openStreamKey(cached, reread(a.stored), AT, undefined, other), deriveStreamKey(a.objectKey, other), 'another IV, another key');
    await assert.rejects(openStreamKey(cached, reread(a.stored, { 'x-cairn-sse-account': B }), AT, undefined, iv), KmsKeyOfOtherAccountError);
    await assert.rejects(openStreamKey(cached, reread(a.stored), { ...AT, key: 'dog.jpg' }, undefined, iv), DecryptionFailedError, 'another key');
    await assert.rejects(openStreamKey(cached, reread(a.stored), { ...AT, bucket: 'other' }, undefined, iv), DecryptionFailedError, 'another bucket');
    const flipped = Buffer.from(a.stored.sealedKey);
    flipped[40]! ^= 1;
    await assert.rejects(openStreamKey(cached, { ...reread(a.stored), sealedKey: flipped }, AT, undefined, iv), DecryptionFailedError, 'a changed sealed key');
    const noKms: SseSettings = { ...cached, kms: undefined };
    await assert.rejects(openStreamKey(noKms, reread(a.stored), AT, undefined, iv), KmsNotConfiguredError, 'no KMS: refused even with the key cached');
    assert.equal(cached.objectKeys!.size, 1, 'failures are not cached');
  });
});
