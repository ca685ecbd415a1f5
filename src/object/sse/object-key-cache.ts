/**
 * A bounded, expiring cache of unsealed object keys of SSE-S3 / SSE-KMS objects, so a GET of
 * an object read recently skips the KMS data-key lookup and the object-key unseal (an HMAC and
 * an AEAD open: the main fixed cost of a small encrypted GET).
 *
 * Entries are keyed by everything the unseal depends on (KMS key id, KMS ciphertext of the data
 * key, sealed object key, canonical KMS context with account, bucket and key), so a hit returns
 * only what unsealing exactly those stored bytes for exactly that object returned before: a
 * sealing copied to another object, account or bucket misses and is refused by the unseal as
 * before. As the data-key cache in front of the KMS (kms/caching-kms.ts), entries expire
 * `ttlMs` after the unseal, at most `maxEntries` are kept (least recently used dropped first),
 * values are copies and are wiped when dropped. SSE-C keys are never cached.
 */
export interface ObjectKeyCacheOptions {
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  /** Clock (tests). */
  readonly now?: () => number;
}

interface Entry { readonly objectKey: Buffer; readonly expiresAt: number }

export class ObjectKeyCache {
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;
  /** Map iteration order = recency (a hit re-inserts). */
  readonly #entries = new Map<string, Entry>();

  constructor(opts: ObjectKeyCacheOptions = {}) {
    this.#ttlMs = opts.ttlMs ?? 5 * 60_000;
    this.#max = Math.max(1, opts.maxEntries ?? 10_000);
    this.#now = opts.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** A copy of the object key cached under `id`, or undefined. */
  get(id: string): Buffer | undefined {
    const hit = this.#entries.get(id);
    if (hit === undefined) return undefined;
    this.#entries.delete(id);
    if (hit.expiresAt <= this.#now()) {
      hit.objectKey.fill(0);
      return undefined;
    }
    this.#entries.set(id, hit);
    return Buffer.from(hit.objectKey);
  }

  /** Caches a copy of `objectKey` under `id`. */
  set(id: string, objectKey: Buffer): void {
    const old = this.#entries.get(id);
    if (old !== undefined) {
      this.#entries.delete(id);
      old.objectKey.fill(0);
    }
    this.#entries.set(id, { objectKey: Buffer.from(objectKey), expiresAt: this.#now() + this.#ttlMs });
    while (this.#entries.size > this.#max) {
      const [oldest, entry] = this.#entries.entries().next().value as [string, Entry];
      this.#entries.delete(oldest);
      entry.objectKey.fill(0);
    }
  }

  /** Forgets (and wipes) every cached key. */
  clear(): void {
    for (const e of this.#entries.values()) e.objectKey.fill(0);
    this.#entries.clear();
  }
}
