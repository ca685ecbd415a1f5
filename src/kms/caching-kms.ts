/**
 * A bounded, expiring cache of unsealed data keys in front of any Kms: a GET of an SSE object
 * whose sealed data key was unsealed recently does not ask the KMS again. Entries are keyed by
 * (key id, sealed data key, canonical context), so a hit can only return what the KMS itself
 * returned for exactly that request; they expire `ttlMs` after the unseal (default 5 min) and
 * at most `maxEntries` are kept (least recently used dropped first). Cached plaintexts are
 * copies, wiped when dropped. Generation is never cached (every object gets a fresh key).
 * A KMS outage therefore only affects keys not unsealed within the TTL.
 */
import { canonicalContext, type EncryptionContext } from '../crypto/encryption-context.js';
import type { DataKey, Kms, KmsKeyStatus } from '../crypto/kms.js';

export interface CachingKmsOptions {
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  /** Clock (tests). */
  readonly now?: () => number;
}

interface Entry { readonly plaintext: Buffer; readonly expiresAt: number }

export interface KmsCacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly entries: number;
}

export class CachingKms implements Kms {
  readonly #inner: Kms;
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;
  /** Map iteration order = recency (a hit re-inserts). */
  readonly #entries = new Map<string, Entry>();
  #hits = 0;
  #misses = 0;

  constructor(inner: Kms, opts: CachingKmsOptions = {}) {
    this.#inner = inner;
    this.#ttlMs = opts.ttlMs ?? 5 * 60_000;
    this.#max = Math.max(1, opts.maxEntries ?? 10_000);
    this.#now = opts.now ?? Date.now;
  }

  get stats(): KmsCacheStats {
    return { hits: this.#hits, misses: this.#misses, entries: this.#entries.size };
  }

  generateDataKey(keyId: string, context: EncryptionContext): Promise<DataKey> {
    return this.#inner.generateDataKey(keyId, context);
  }

  async decrypt(keyId: string, ciphertext: Buffer, context: EncryptionContext): Promise<Buffer> {
    const id = `${keyId}\0${ciphertext.toString('base64')}\0${canonicalContext(context)}`;
    const now = this.#now();
    const hit = this.#entries.get(id);
    if (hit && hit.expiresAt > now) {
      this.#hits++;
      this.#entries.delete(id);
      this.#entries.set(id, hit);
      return Buffer.from(hit.plaintext);
    }
    if (hit) this.#drop(id, hit);
    this.#misses++;
    const plaintext = await this.#inner.decrypt(keyId, ciphertext, context);
    this.#entries.set(id, { plaintext: Buffer.from(plaintext), expiresAt: now + this.#ttlMs });
    while (this.#entries.size > this.#max) {
      const [oldest, entry] = this.#entries.entries().next().value as [string, Entry];
      this.#drop(oldest, entry);
    }
    return plaintext;
  }

  keyStatus(keyId: string): Promise<KmsKeyStatus> {
    return this.#inner.keyStatus(keyId);
  }

  listKeys(): Promise<string[]> {
    return this.#inner.listKeys();
  }

  /** Forgets every cached key (e.g. after a key was disabled in the KMS). */
  clear(): void {
    for (const [id, entry] of this.#entries) this.#drop(id, entry);
  }

  close(): void {
    this.clear();
  }

  #drop(id: string, entry: Entry): void {
    entry.plaintext.fill(0);
    this.#entries.delete(id);
  }
}
