import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { BuiltinKms } from '../crypto/builtin-kms.js';
import { DecryptionFailedError, KmsAccessDeniedError, KmsKeyNotFoundError, KmsRotationUnsupportedError } from '../errors/domain-errors.js';
import { BuiltinKeyRing, type KeyStore, type StoredKeyRecord } from './builtin-key-ring.js';

class MemoryStore implements KeyStore {
  readonly records = new Map<string, StoredKeyRecord>();
  reads = 0;
  async get(name: string): Promise<StoredKeyRecord | undefined> { this.reads++; return this.records.get(name); }
  async create(r: StoredKeyRecord): Promise<boolean> {
    if (this.records.has(r.name)) return false;
    this.records.set(r.name, r);
    return true;
  }
  async list(): Promise<string[]> { return [...this.records.keys()]; }
  readonly versions = new Map<string, StoredKeyRecord>();
  async getVersion(name: string, v: number): Promise<StoredKeyRecord | undefined> { return this.versions.get(`${name}.v${v}`); }
  async createVersion(r: StoredKeyRecord): Promise<boolean> {
    const id = `${r.name}.v${String(r.keyVersion)}`;
    if (this.versions.has(id)) return false;
    this.versions.set(id, r);
    return true;
  }
}

const MASTER = randomBytes(32);
const ring = (store: KeyStore, opts: { master?: Buffer; name?: string; now?: () => number } = {}): BuiltinKeyRing => new BuiltinKeyRing({
  master: new BuiltinKms({ keys: [{ name: opts.name ?? 'master', key: opts.master ?? MASTER }] }), masterKeyId: opts.name ?? 'master', store,
  ...(opts.now ? { now: opts.now } : {}),
});
const CTX = { account: 'acme', bucket: 'b', key: 'k' };

describe('BuiltinKeyRing', () => {
  it('creates a key sealed by the master key (only the sealed bytes are stored) and serves it', async () => {
    const store = new MemoryStore();
    const kms = ring(store);
    assert.equal(await kms.createKey('tenant-a'), 'created');
    assert.equal(await kms.createKey('tenant-a'), 'exists');
    assert.equal(await kms.createKey('master'), 'exists', 'the env key is a key of the ring');
    const record = store.records.get('tenant-a')!;
    assert.equal(record.sealedBy, 'master');
    assert.equal(Buffer.from(record.sealed, 'base64').length, 93, 'a built-in KMS ciphertext');
    const dk = await kms.generateDataKey('tenant-a', CTX);
    assert.deepEqual(await kms.decrypt('tenant-a', dk.ciphertext, CTX), dk.plaintext);
    await assert.rejects(kms.decrypt('master', dk.ciphertext, CTX), DecryptionFailedError, 'the master key does not open a tenant key\'s data key');
    await assert.rejects(kms.decrypt('tenant-a', dk.ciphertext, { ...CTX, account: 'other' }), DecryptionFailedError);
    assert.deepEqual(await kms.listKeys(), ['master', 'tenant-a']);
    assert.deepEqual(await kms.keyStatus('tenant-a'), { keyId: 'tenant-a', encryptionOk: true, decryptionOk: true });
    assert.equal((await kms.status()).reachable, true);
  });

  it('another process (another ring over the same store) uses a key created meanwhile', async () => {
    let now = 0;
    const store = new MemoryStore();
    const a = ring(store, { now: () => now });
    const b = ring(store, { now: () => now });
    await assert.rejects(b.generateDataKey('late', CTX), KmsKeyNotFoundError);
    await a.createKey('late');
    await assert.rejects(b.generateDataKey('late', CTX), KmsKeyNotFoundError, 'a miss is remembered for a second');
    now += 1001;
    const dk = await b.generateDataKey('late', CTX);
    assert.deepEqual(await a.decrypt('late', dk.ciphertext, CTX), dk.plaintext, 'both processes unsealed the same key');
    const reads = store.reads;
    await b.generateDataKey('late', CTX);
    assert.equal(store.reads, reads, 'an unsealed key is cached');
  });

  it('refuses a record moved to another name, or sealed by another master key', async () => {
    const store = new MemoryStore();
    await ring(store).createKey('one');
    store.records.set('two', { ...store.records.get('one')!, name: 'two' });
    await assert.rejects(ring(store).generateDataKey('two', CTX), DecryptionFailedError, 'the name is in the sealing context');
    await assert.rejects(ring(store, { master: randomBytes(32) }).generateDataKey('one', CTX), DecryptionFailedError, 'another master key of the same name');
    await assert.rejects(ring(store, { name: 'other-master' }).generateDataKey('one', CTX), KmsAccessDeniedError);
    await assert.rejects(ring(store).createKey('../x'), KmsKeyNotFoundError);
    await assert.rejects(ring(store).keyStatus('absent'), KmsKeyNotFoundError);
  });

  it('rotates a created key: new data keys under the newest version, old ones still open, rewrap re-seals the same data key', async () => {
    let now = 0;
    const store = new MemoryStore();
    const a = ring(store, { now: () => now });
    const b = ring(store, { now: () => now });
    await a.createKey('rot');
    const v1 = await a.generateDataKey('rot', CTX);
    assert.equal(v1.ciphertext.length, 93, 'version 1: the ciphertext as before rotation existed');
    assert.equal(await a.rewrapDataKey('rot', v1.ciphertext, CTX), undefined, 'newest already');
    assert.deepEqual(await a.rotateKey('rot'), { keyId: 'rot', version: 2 });
    assert.deepEqual(await b.rotateKey('rot'), { keyId: 'rot', version: 3 }, 'another process continues the numbering');
    now += 1001;
    const v3 = await a.generateDataKey('rot', CTX);
    assert.equal(v3.ciphertext.subarray(0, 8).toString('hex'), Buffer.concat([Buffer.from('CKRV'), Buffer.from([0, 0, 0, 3])]).toString('hex'));
    assert.deepEqual(await b.decrypt('rot', v1.ciphertext, CTX), v1.plaintext, 'version 1 still opens');
    const rewrapped = await b.rewrapDataKey('rot', v1.ciphertext, CTX);
    assert.ok(rewrapped !== undefined);
    assert.equal(rewrapped.readUInt32BE(4), 3);
    assert.deepEqual(await a.decrypt('rot', rewrapped, CTX), v1.plaintext, 'the data key stays');
    assert.equal(await a.rewrapDataKey('rot', rewrapped, CTX), undefined);
    await assert.rejects(a.rewrapDataKey('rot', v1.ciphertext, { ...CTX, account: 'other' }), DecryptionFailedError, 'the context still binds');
    await assert.rejects(a.decrypt('rot', Buffer.concat([Buffer.from('CKRV'), Buffer.from([0, 0, 0, 9]), v1.ciphertext]), CTX), DecryptionFailedError, 'no version 9');
    const moved = { ...store.versions.get('rot.v2')!, keyVersion: 4 };
    store.versions.set('rot.v4', moved);
    await assert.rejects(ring(store).decrypt('rot', Buffer.concat([Buffer.from('CKRV'), Buffer.from([0, 0, 0, 4]), v1.ciphertext]), CTX), DecryptionFailedError, 'the version is in the sealing context');
    await assert.rejects(a.rotateKey('master'), KmsRotationUnsupportedError);
    await assert.rejects(a.rotateKey('absent'), KmsKeyNotFoundError);
    assert.deepEqual(await a.listKeys(), ['master', 'rot'], 'versions are not keys');
  });
});
