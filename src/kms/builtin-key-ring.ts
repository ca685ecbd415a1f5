/**
 * The built-in KMS with many named keys: the master key of CAIRN_KMS_SECRET_KEY plus keys
 * created through the admin API (`cairn admin kms key create NAME`). A created key is 32
 * random bytes sealed by the master key, exactly as a data key (crypto/builtin-kms.ts) with
 * the context `{"cairn-kms-key": NAME}`, and stored as a JSON record (`KeyStore`: the system
 * bucket, `kms/keys/`, written by compose/). Only the sealed bytes are stored: the drives
 * alone never give a key away, and a record moved to another name does not open (the name is
 * in the context).
 *
 * Unsealed keys are cached for the life of the process (keys are never changed or deleted);
 * a key id not found is looked up in the store again at most every `missTtlMs` (default 1 s),
 * so a key created through another `--workers` process is usable here within that time.
 *
 * Rotation (`rotateKey`, builtin-key-versions.ts) adds a key version; new data keys are
 * sealed with the newest version, which is looked up again at most every `missTtlMs` (a
 * rotation through another process is in force here within that time); `rewrapDataKey`
 * re-seals a data key of an older version with the newest. The master key of
 * CAIRN_KMS_SECRET_KEY is the environment's and cannot be rotated through the API.
 */
import { BuiltinKms } from '../crypto/builtin-kms.js';
import type { EncryptionContext } from '../crypto/encryption-context.js';
import type { DataKey, Kms, KmsKeyStatus } from '../crypto/kms.js';
import {
  CorruptRecordError, DecryptionFailedError, KmsAccessDeniedError, KmsKeyNotFoundError, KmsRotationUnsupportedError,
} from '../errors/domain-errors.js';
import { framedCiphertext, parseFramed, versionSealContext } from './builtin-key-versions.js';
import { checkedKeyName } from './key-name.js';
import type { ExternalKms, KeyRotation, KmsStatus } from './kms.js';
import { roundTripStatus } from './round-trip-status.js';

/** One created key (or one version of it) as stored. */
export interface StoredKeyRecord {
  readonly version: 1;
  readonly name: string;
  /** The key version (rotation); absent: 1, the key as created. */
  readonly keyVersion?: number;
  /** Name of the master key that sealed it. */
  readonly sealedBy: string;
  /** The key sealed by the master key (base64 of the built-in KMS ciphertext). */
  readonly sealed: string;
  readonly createdAt: string;
}

/** Where created keys are kept (compose/: the system bucket). */
export interface KeyStore {
  get(name: string): Promise<StoredKeyRecord | undefined>;
  /** Stores the record unless one of that name exists; false when one does. */
  create(record: StoredKeyRecord): Promise<boolean>;
  /** Names of the stored keys. */
  list(): Promise<string[]>;
  /** Version `keyVersion` (>= 2) of a key. */
  getVersion(name: string, keyVersion: number): Promise<StoredKeyRecord | undefined>;
  /** Stores a version record (keyVersion >= 2) unless that version exists; false when it does. */
  createVersion(record: StoredKeyRecord): Promise<boolean>;
}

export interface BuiltinKeyRingOptions {
  /** The KMS of the master key (CAIRN_KMS_SECRET_KEY) and that key's name. */
  readonly master: Kms;
  readonly masterKeyId: string;
  readonly store: KeyStore;
  readonly missTtlMs?: number;
  readonly now?: () => number;
}

const MAX_VERSIONS = 100_000;

export class BuiltinKeyRing implements ExternalKms {
  readonly #opts: BuiltinKeyRingOptions;
  /** By `name` (version 1) and `name\0version`. */
  readonly #keys = new Map<string, Promise<BuiltinKms>>();
  readonly #misses = new Map<string, number>();
  readonly #latest = new Map<string, { version: number; at: number }>();

  constructor(opts: BuiltinKeyRingOptions) {
    this.#opts = opts;
  }

  get defaultKeyId(): string {
    return this.#opts.masterKeyId;
  }

  async generateDataKey(keyId: string, context: EncryptionContext): Promise<DataKey> {
    if (keyId === this.#opts.masterKeyId) return this.#opts.master.generateDataKey(keyId, context);
    const name = checkedKeyName(keyId);
    await this.#kmsOf(name);
    const version = await this.#newest(name, false);
    const dk = await (await this.#versionKms(name, version)).generateDataKey(name, context);
    return { ...dk, ciphertext: framedCiphertext(version, dk.ciphertext) };
  }

  async decrypt(keyId: string, ciphertext: Buffer, context: EncryptionContext): Promise<Buffer> {
    const { version, inner } = parseFramed(ciphertext);
    if (keyId === this.#opts.masterKeyId || version === 1) return (await this.#kmsOf(keyId)).decrypt(keyId, ciphertext, context);
    return (await this.#versionKms(checkedKeyName(keyId), version)).decrypt(keyId, inner, context);
  }

  async rotateKey(keyId: string): Promise<KeyRotation> {
    if (keyId === this.#opts.masterKeyId) {
      throw new KmsRotationUnsupportedError(keyId, 'it is the master key of CAIRN_KMS_SECRET_KEY; create a key (kms key create) and rotate that');
    }
    const name = checkedKeyName(keyId);
    await this.#kmsOf(name);
    for (let version = await this.#newest(name, true) + 1; version <= MAX_VERSIONS; version++) {
      const sealed = await this.#opts.master.generateDataKey(this.#opts.masterKeyId, versionSealContext(name, version));
      sealed.plaintext.fill(0);
      const record: StoredKeyRecord = {
        version: 1, name, keyVersion: version, sealedBy: this.#opts.masterKeyId, sealed: sealed.ciphertext.toString('base64'), createdAt: new Date().toISOString(),
      };
      // Another process rotated at the same time: the next version number.
      if (!await this.#opts.store.createVersion(record)) continue;
      this.#latest.set(name, { version, at: (this.#opts.now ?? Date.now)() });
      return { keyId: name, version };
    }
    throw new KmsRotationUnsupportedError(name, `it has ${MAX_VERSIONS} versions`);
  }

  async rewrapDataKey(keyId: string, ciphertext: Buffer, context: EncryptionContext): Promise<Buffer | undefined> {
    if (keyId === this.#opts.masterKeyId) return undefined;
    const name = checkedKeyName(keyId);
    const newest = await this.#newest(name, false);
    if (parseFramed(ciphertext).version === newest) return undefined;
    const plaintext = await this.decrypt(name, ciphertext, context);
    try {
      return framedCiphertext(newest, (await this.#versionKms(name, newest)).sealDataKey(name, plaintext, context));
    } finally {
      plaintext.fill(0);
    }
  }

  async keyStatus(keyId: string): Promise<KmsKeyStatus> {
    await this.#kmsOf(keyId);
    return roundTripStatus(this, keyId);
  }

  async listKeys(): Promise<string[]> {
    const names = new Set([this.#opts.masterKeyId, ...await this.#opts.store.list()]);
    return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async createKey(keyId: string): Promise<'created' | 'exists'> {
    const name = checkedKeyName(keyId);
    if (name === this.#opts.masterKeyId) return 'exists';
    if (await this.#opts.store.get(name) !== undefined) return 'exists';
    const sealed = await this.#opts.master.generateDataKey(this.#opts.masterKeyId, versionSealContext(name, 1));
    sealed.plaintext.fill(0);
    const record: StoredKeyRecord = {
      version: 1, name, sealedBy: this.#opts.masterKeyId, sealed: sealed.ciphertext.toString('base64'), createdAt: new Date().toISOString(),
    };
    if (!await this.#opts.store.create(record)) return 'exists';
    this.#misses.delete(name);
    return 'created';
  }

  /** The key store answers (the system bucket is readable): the built-in KMS is as reachable as the drives. */
  async status(): Promise<KmsStatus> {
    const started = performance.now();
    try {
      await this.#opts.store.list();
      return { kind: 'builtin', reachable: true, latencyMs: performance.now() - started };
    } catch (err) {
      return { kind: 'builtin', reachable: false, error: `key store: ${(err as Error).message}` };
    }
  }

  async close(): Promise<void> {
    this.#keys.clear();
  }

  /** The newest version of a created key (cached for `missTtlMs` unless `fresh`). */
  async #newest(name: string, fresh: boolean): Promise<number> {
    const now = (this.#opts.now ?? Date.now)();
    const known = this.#latest.get(name);
    if (!fresh && known !== undefined && now - known.at < (this.#opts.missTtlMs ?? 1000)) return known.version;
    let version = known?.version ?? 1;
    while (version < MAX_VERSIONS && await this.#opts.store.getVersion(name, version + 1) !== undefined) version++;
    this.#latest.set(name, { version, at: now });
    return version;
  }

  /** Version `version` of a created key. */
  async #versionKms(name: string, version: number): Promise<BuiltinKms> {
    if (version === 1) return this.#kmsOf(name) as Promise<BuiltinKms>;
    const id = `${name}\0${version}`;
    let loading = this.#keys.get(id);
    if (loading === undefined) {
      loading = this.#unsealVersion(name, version);
      this.#keys.set(id, loading);
      loading.catch(() => { this.#keys.delete(id); });
    }
    return loading;
  }

  async #unsealVersion(name: string, version: number): Promise<BuiltinKms> {
    const record = await this.#opts.store.getVersion(name, version);
    if (record === undefined) throw new DecryptionFailedError(`KMS key ${name} has no version ${version}`);
    if (record.name !== name || record.keyVersion !== version) throw new CorruptRecordError(`KMS key record of ${name} v${version} names ${record.name} v${String(record.keyVersion)}`);
    if (record.sealedBy !== this.#opts.masterKeyId) {
      throw new KmsAccessDeniedError(name, `version ${version} sealed by master key ${record.sealedBy}, but the configured master key is ${this.#opts.masterKeyId}`);
    }
    const key = await this.#opts.master.decrypt(this.#opts.masterKeyId, Buffer.from(record.sealed, 'base64'), versionSealContext(name, version));
    try {
      return new BuiltinKms({ keys: [{ name, key }] });
    } finally {
      key.fill(0);
    }
  }

  async #kmsOf(keyId: string): Promise<Kms> {
    if (keyId === this.#opts.masterKeyId) return this.#opts.master;
    const name = checkedKeyName(keyId);
    const now = (this.#opts.now ?? Date.now)();
    const missedAt = this.#misses.get(name);
    if (missedAt !== undefined && now - missedAt < (this.#opts.missTtlMs ?? 1000)) throw new KmsKeyNotFoundError(name);
    let loading = this.#keys.get(name);
    if (loading === undefined) {
      loading = this.#unseal(name);
      this.#keys.set(name, loading);
      // A failed load (absent, store unreadable) is not kept: the next call tries again.
      loading.catch(() => { this.#keys.delete(name); });
    }
    try {
      return await loading;
    } catch (err) {
      if (err instanceof KmsKeyNotFoundError) this.#misses.set(name, now);
      throw err;
    }
  }

  async #unseal(name: string): Promise<BuiltinKms> {
    const record = await this.#opts.store.get(name);
    if (record === undefined) throw new KmsKeyNotFoundError(name);
    if (record.name !== name) throw new CorruptRecordError(`KMS key record of ${name} names ${record.name}`);
    if (record.sealedBy !== this.#opts.masterKeyId) {
      throw new KmsAccessDeniedError(name, `sealed by master key ${record.sealedBy}, but the configured master key is ${this.#opts.masterKeyId}`);
    }
    const key = await this.#opts.master.decrypt(this.#opts.masterKeyId, Buffer.from(record.sealed, 'base64'), versionSealContext(name, 1));
    try {
      return new BuiltinKms({ keys: [{ name, key }] });
    } finally {
      key.fill(0);
    }
  }
}
