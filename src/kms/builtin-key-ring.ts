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
 */
import { BuiltinKms } from '../crypto/builtin-kms.js';
import type { EncryptionContext } from '../crypto/encryption-context.js';
import type { DataKey, Kms, KmsKeyStatus } from '../crypto/kms.js';
import { CorruptRecordError, KmsAccessDeniedError, KmsKeyNotFoundError } from '../errors/domain-errors.js';
import { checkedKeyName } from './key-name.js';
import type { ExternalKms, KmsStatus } from './kms.js';
import { roundTripStatus } from './round-trip-status.js';

/** One created key as stored. */
export interface StoredKeyRecord {
  readonly version: 1;
  readonly name: string;
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
}

export interface BuiltinKeyRingOptions {
  /** The KMS of the master key (CAIRN_KMS_SECRET_KEY) and that key's name. */
  readonly master: Kms;
  readonly masterKeyId: string;
  readonly store: KeyStore;
  readonly missTtlMs?: number;
  readonly now?: () => number;
}

const sealContext = (name: string): EncryptionContext => ({ 'cairn-kms-key': name });

export class BuiltinKeyRing implements ExternalKms {
  readonly #opts: BuiltinKeyRingOptions;
  readonly #keys = new Map<string, Promise<BuiltinKms>>();
  readonly #misses = new Map<string, number>();

  constructor(opts: BuiltinKeyRingOptions) {
    this.#opts = opts;
  }

  get defaultKeyId(): string {
    return this.#opts.masterKeyId;
  }

  async generateDataKey(keyId: string, context: EncryptionContext): Promise<DataKey> {
    return (await this.#kmsOf(keyId)).generateDataKey(keyId, context);
  }

  async decrypt(keyId: string, ciphertext: Buffer, context: EncryptionContext): Promise<Buffer> {
    return (await this.#kmsOf(keyId)).decrypt(keyId, ciphertext, context);
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
    const sealed = await this.#opts.master.generateDataKey(this.#opts.masterKeyId, sealContext(name));
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
    const key = await this.#opts.master.decrypt(this.#opts.masterKeyId, Buffer.from(record.sealed, 'base64'), sealContext(name));
    try {
      return new BuiltinKms({ keys: [{ name, key }] });
    } finally {
      key.fill(0);
    }
  }
}
