/**
 * A bounded, expiring cache of unsealed object keys of SSE-S3 / SSE-KMS objects, so a GET of
 * an object read recently skips the KMS data-key lookup and the object-key unseal (an HMAC and
 * an AEAD open: the main fixed cost of a small encrypted GET).
 *
 * Entries are found by an id (the sealed object key's stored text, random per object) and hit
 * only when their binding, everything else the unseal depends on (KMS key id, KMS ciphertext of
 * the data key, KMS context, account, bucket and key), is the same string for string, so a hit
 * returns only what unsealing exactly those stored bytes for exactly that object returned
 * before: a sealing copied to another object, account or bucket misses and is refused by the
 * unseal as before. (One long id made of all of them cost ~2 µs a GET to build, flatten and
 * hash; comparing equal strings costs a length check and a memcmp each.)
 *
 * As the data-key cache in front of the KMS (kms/caching-kms.ts), entries expire `ttlMs` after
 * the unseal, at most `maxEntries` are kept (the least recently used dropped
 * first, approximated: an entry read since it was inserted gets a second chance), values are
 * copies and are wiped when dropped. SSE-C keys are never cached.
 *
 * An entry also keeps the stream keys derived from its object key (sse-body.ts: one per stored
 * stream IV; an inline object has one), at most `MAX_STREAM_KEYS` per entry, so a GET of a small
 * encrypted object read recently skips the stream-key HMAC too. They expire, are copied out and
 * are wiped with their entry.
 */
/** Stream keys kept per object key (an inline object's one stream; a few parts of a multipart one). */
export const MAX_STREAM_KEYS = 4;

export interface ObjectKeyCacheOptions {
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  /** Clock (tests). */
  readonly now?: () => number;
}

/** No binding beyond the id. */
const UNBOUND: readonly string[] = [];

function sameBinding(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

interface Entry {
  readonly objectKey: Buffer;
  readonly binding: readonly string[];
  readonly expiresAt: number;
  /** Read since it was last (re)inserted: spared once by eviction (second chance, see `set`). */
  used: boolean;
  /** Stream keys by stream IV (latin1 string of its 32 bytes), oldest first. */
  streams?: Map<string, Buffer>;
}

function wipe(e: Entry): void {
  e.objectKey.fill(0);
  if (e.streams !== undefined) for (const k of e.streams.values()) k.fill(0);
}

export class ObjectKeyCache {
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;
  /**
   * Map iteration order = insertion; a hit only marks its entry `used` (no Map change on the read
   * path), and eviction moves a used entry to the end once instead of dropping it: the CLOCK
   * approximation of least-recently-used.
   */
  readonly #entries = new Map<string, Entry>();

  constructor(opts: ObjectKeyCacheOptions = {}) {
    this.#ttlMs = opts.ttlMs ?? 5 * 60_000;
    this.#max = Math.max(1, opts.maxEntries ?? 10_000);
    this.#now = opts.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The live entry under `id` with `binding` (marked used), or undefined (an expired one is dropped). */
  #hit(id: string, binding: readonly string[]): Entry | undefined {
    const hit = this.#entries.get(id);
    if (hit === undefined || !sameBinding(hit.binding, binding)) return undefined;
    if (hit.expiresAt <= this.#now()) {
      this.#entries.delete(id);
      wipe(hit);
      return undefined;
    }
    hit.used = true;
    return hit;
  }

  /** A copy of the object key cached under `id` with `binding`, or undefined. */
  get(id: string, binding: readonly string[] = UNBOUND): Buffer | undefined {
    const hit = this.#hit(id, binding);
    return hit === undefined ? undefined : Buffer.from(hit.objectKey);
  }

  /** A copy of the stream key of IV `iv` derived from the object key under `id` with `binding`, or undefined. */
  getStream(id: string, iv: Buffer, binding: readonly string[] = UNBOUND): Buffer | undefined {
    const key = this.#hit(id, binding)?.streams?.get(iv.toString('latin1'));
    return key === undefined ? undefined : Buffer.from(key);
  }

  /** Keeps a copy of `streamKey` (of IV `iv`) with the object key under `id` with `binding`; nothing when that entry is gone. */
  setStream(id: string, iv: Buffer, streamKey: Buffer, binding: readonly string[] = UNBOUND): void {
    const entry = this.#entries.get(id);
    if (entry === undefined || !sameBinding(entry.binding, binding)) return;
    entry.streams ??= new Map();
    const name = iv.toString('latin1');
    entry.streams.get(name)?.fill(0);
    entry.streams.delete(name);
    entry.streams.set(name, Buffer.from(streamKey));
    while (entry.streams.size > MAX_STREAM_KEYS) {
      const [oldest, key] = entry.streams.entries().next().value as [string, Buffer];
      entry.streams.delete(oldest);
      key.fill(0);
    }
  }

  /** Caches a copy of `objectKey` under `id` with `binding` (replacing whatever was under `id`). */
  set(id: string, objectKey: Buffer, binding: readonly string[] = UNBOUND): void {
    const old = this.#entries.get(id);
    if (old !== undefined) {
      this.#entries.delete(id);
      wipe(old);
    }
    this.#entries.set(id, { objectKey: Buffer.from(objectKey), binding, expiresAt: this.#now() + this.#ttlMs, used: false });
    while (this.#entries.size > this.#max) {
      const [oldest, entry] = this.#entries.entries().next().value as [string, Entry];
      this.#entries.delete(oldest);
      if (entry.used) {
        // Read since it was inserted: a second chance at the end (each entry at most once per pass).
        entry.used = false;
        this.#entries.set(oldest, entry);
        continue;
      }
      wipe(entry);
    }
  }

  /** Forgets (and wipes) every cached key. */
  clear(): void {
    for (const e of this.#entries.values()) wipe(e);
    this.#entries.clear();
  }
}
