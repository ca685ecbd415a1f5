/**
 * The metadata half of a LocalDrive: one LMDB environment (lmdb-js) with binary keys
 * (UTF-8 bytes of the string key, so ranges follow S3 listing order) and binary values.
 *
 * Durability: async writes are batched by lmdb-js into one synced transaction per event turn
 * (group commit) and their promises resolve once that transaction is flushed. noSync is never
 * used. Every read starts from a fresh snapshot (resetReadTxn): lmdb-js otherwise reuses one
 * read transaction for a whole event-loop turn, which could miss a commit another process made
 * (another server worker on the same drive) just before — a read-after-write violation. LMDB holds a write lock across processes, so several server processes may share a drive.
 * Every object record write carries its listing summary in the same transaction
 * (listing-summary-index.ts); open() migrates a drive written before summaries existed.
 *
 * Memory: the file is mapped (file-backed RSS, charged to a container's memory cgroup). With
 * read-ahead, every page fault on the map reads 128 KiB around the page; once data.mdb is larger
 * than the page cache a cgroup allows, those neighbours evict pages still in use and the server
 * thrashes (measured: 5x fewer ops/s in a 512 MiB cgroup). noReadAhead (MDB_NORDAHEAD,
 * madvise MADV_RANDOM) reads only the pages touched.
 */
import { open, type RootDatabase, type RootDatabaseOptionsWithPath } from 'lmdb';
import type { MetaEntry, MetaOp, MetaRangeOptions } from './drive.js';
import { metaKeyBuffer } from './drive-path.js';
import { migrateListingSummaries, withSummaryOps } from './listing-summary-index.js';

/**
 * The address space each drive's data.mdb is mapped with from the start (virtual only: the
 * file grows as pages are used). lmdb-js otherwise starts at 128 KiB and doubles the map as
 * the file grows, keeping every old mapping for lingering readers: a 600 MiB file ends up
 * mapped about a dozen times, its pages counted in RSS once per mapping. Past this size lmdb-js
 * still grows the map.
 */
export const INITIAL_MAP_SIZE = 64 * 1024 ** 3;

/** Upper bound of entries one metaRange call returns when the caller gives no limit. */
export const DEFAULT_RANGE_LIMIT = 10_000;

/**
 * A failed lmdb-js commit rejects with "Commit failed" and hangs the real cause on
 * `commitError`, a promise that nobody else awaits: left alone, its rejection crashes the
 * process (seen with ENOSPC on a full disk). Await it here and rethrow the errno-coded cause
 * (lmdb reports errno numbers: 28 is ENOSPC), so the drive maps it to DriveFullError.
 */
/** How long a failed commit waits for lmdb-js to say why (its commitError promise). */
const COMMIT_ERROR_WAIT_MS = 1_000;

async function commitFailure(err: unknown): Promise<never> {
  const pending = (err as { commitError?: unknown } | null)?.commitError;
  if (pending instanceof Promise) {
    // lmdb-js rejects commitError only when its commit callback reports a status, which it
    // does not always do: never wait on it for long (a full disk must not hang the request).
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<undefined>((resolve) => { timer = setTimeout(resolve, COMMIT_ERROR_WAIT_MS, undefined); });
    const cause: unknown = await Promise.race([pending.then(() => undefined, (e: unknown) => e), gaveUp]);
    clearTimeout(timer);
    const errno = (cause as { code?: unknown } | null)?.code;
    if (errno === 28 || errno === 'ENOSPC') {
      throw Object.assign(new Error('LMDB commit failed: no space left on device', { cause }), { code: 'ENOSPC' });
    }
    if (cause !== undefined) throw Object.assign(new Error('LMDB commit failed', { cause }), { commitError: undefined });
  }
  throw err;
}

/**
 * Keys go in as the UTF-8 bytes of the string key (binary order = S3 listing order) and come
 * out of range scans as strings decoded straight from lmdb-js's key buffer: the default binary
 * key handling first copies every key into a new Buffer (a species slice, ~10% of a listing
 * page's range read), which was then only decoded to a string.
 */
const KEY_ENCODER = {
  writeKey(key: Uint8Array | string, target: Buffer, start: number): number {
    if (typeof key === 'string') return start + target.write(key, start, 'utf8');
    target.set(key, start);
    return start + key.length;
  },
  readKey(source: Buffer, start: number, end: number): string {
    const key = source.toString('utf8', start, end);
    lastRangeKey = key;
    return key;
  },
};

/**
 * The `known` lookup of the range scan running now (MetaRangeOptions.known) and the key lmdb-js
 * read last: a scan reads each entry's key (KEY_ENCODER.readKey) just before its value
 * (VALUE_CODEC.decode), both synchronously inside one iterator step, so the decoder knows
 * which key the bytes belong to. Set only for the duration of a synchronous range loop.
 */
let rangeKnown: ((key: string) => Buffer | undefined) | undefined;
let lastRangeKey = '';

/**
 * Values leave lmdb-js as one copy made here, through its documented `encoder` hook (an object
 * with `encode` and `decode`). Without it a binary store copies every value with
 * `Uint8Array#slice` on a Buffer: the species path, which allocates an ArrayBuffer per value
 * (~2 µs each, ~12% of the server's CPU for an EC 2+2 listing page); `get` then needed a second
 * copy. With a decoder that copies, lmdb-js hands over its shared read buffer (range scans pass
 * the value's size, gets set the buffer's length to it) and the value is copied into
 * `Buffer.allocUnsafe`, whose small sizes share Node's 8 KiB pool as any small Buffer does.
 * A scan given `known` copies (MetaRangeOptions.known) compares each value with the caller's
 * copy of its key in place first, and hands back that copy when the bytes are equal. Values go
 * in unchanged (Buffers only).
 */
const VALUE_CODEC = {
  encode(value: Buffer): Buffer {
    return value;
  },
  decode(bytes: Uint8Array, sizeOrOptions?: unknown): Buffer {
    const size = typeof sizeOrOptions === 'number' ? sizeOrOptions : bytes.length;
    if (rangeKnown !== undefined) {
      // Compared in place (no copy): the same bytes come back as the caller's own Buffer.
      const known = rangeKnown(lastRangeKey);
      if (known !== undefined && known.length === size && known.compare(bytes, 0, size) === 0) return known;
    }
    const out = Buffer.allocUnsafe(size);
    // subarray with an explicit end: lmdb-js's shared buffer reports the value's size as its
    // `length` while the typed array underneath is larger.
    out.set(bytes.subarray(0, size));
    return out;
  },
};

/** The value of a keys-only range entry (zero bytes: nothing can be written into it). */
const NO_VALUE = Buffer.alloc(0);

export class LmdbMetaStore {
  readonly #db: RootDatabase<Buffer, Buffer>;

  private constructor(db: RootDatabase<Buffer, Buffer>) {
    this.#db = db;
  }

  static open(path: string): LmdbMetaStore {
    // noReadAhead is an lmdb-js option (open.js: MDB_NORDAHEAD) its type declarations omit.
    const options: RootDatabaseOptionsWithPath & { noReadAhead: boolean } = {
      path,
      keyEncoder: KEY_ENCODER,
      encoding: 'binary',
      encoder: VALUE_CODEC,
      // Defaults on Linux: overlappingSync on, sync on. Never noSync.
      // Memory under a cgroup limit (issue 15, ARCHITECTURE.md "Metadata memory"):
      noReadAhead: true,
      mapSize: INITIAL_MAP_SIZE,
    };
    // Typed by what goes in (Buffer keys); range scans hand out string keys (KEY_ENCODER.readKey).
    const db = open<string, Buffer>(options) as unknown as RootDatabase<Buffer, Buffer>;
    migrateListingSummaries({
      transaction: (fn) => db.transactionSync(fn),
      get: (key) => db.get(metaKeyBuffer(key)),
      range: (start, end, limit) => {
        const out: { key: string; value: Buffer }[] = [];
        for (const { key, value } of db.getRange({ start: Buffer.from(start, 'utf8'), end: Buffer.from(end, 'utf8'), limit })) {
          out.push({ key: key as unknown as string, value });
        }
        return out;
      },
      put: (key, value) => { db.putSync(metaKeyBuffer(key), value); },
      remove: (key) => { db.removeSync(metaKeyBuffer(key)); },
    });
    return new LmdbMetaStore(db);
  }

  get(key: string): Buffer | undefined {
    const k = metaKeyBuffer(key);
    this.#db.resetReadTxn();
    return this.#db.get(k);
  }

  getMany(keys: readonly string[]): (Buffer | undefined)[] {
    const bufs = keys.map(metaKeyBuffer);
    this.#db.resetReadTxn();
    // lmdb-js serves every read of one synchronous run from the same read transaction, so
    // these gets see one snapshot (and take no write lock, unlike transactionSync).
    return bufs.map((k) => this.#db.get(k));
  }

  async batch(ops: readonly MetaOp[]): Promise<void> {
    const prepared = withSummaryOps(ops).map((op) => ({ key: metaKeyBuffer(op.key), value: op.value }));
    if (prepared.length === 0) return;
    await this.#db.transaction(() => {
      for (const op of prepared) {
        if (op.value === null) this.#db.removeSync(op.key);
        else this.#db.putSync(op.key, op.value);
      }
    }).catch(commitFailure);
  }

  /**
   * Read-modify-write in one write transaction. `fn` runs before any write is issued, so a
   * throw from it leaves the store untouched (lmdb-js does not roll back an async transaction
   * whose callback throws after writing).
   */
  async update<T>(keys: readonly string[], fn: (current: (Buffer | undefined)[]) => { ops: readonly MetaOp[]; result: T }): Promise<T> {
    const keyBufs = keys.map(metaKeyBuffer);
    return await this.#db.transaction(() => {
      const current = keyBufs.map((k) => this.#db.get(k));
      const { ops, result } = fn(current);
      const prepared = withSummaryOps(ops).map((op) => ({ key: metaKeyBuffer(op.key), value: op.value }));
      for (const op of prepared) {
        if (op.value === null) this.#db.removeSync(op.key);
        else this.#db.putSync(op.key, op.value);
      }
      return result;
    }).catch(commitFailure);
  }

  range(opts: MetaRangeOptions): MetaEntry[] {
    const limit = opts.limit === undefined ? DEFAULT_RANGE_LIMIT : Math.max(0, Math.floor(opts.limit));
    if (limit === 0) return [];
    const range: { start?: Buffer; end?: Buffer; limit: number; reverse: boolean } = { limit, reverse: opts.reverse === true };
    if (opts.start !== undefined) range.start = Buffer.from(opts.start, 'utf8');
    if (opts.end !== undefined) range.end = Buffer.from(opts.end, 'utf8');
    const out: MetaEntry[] = [];
    this.#db.resetReadTxn();
    if (opts.keysOnly === true) {
      // getKeys: lmdb-js yields the keys alone and reads no value.
      for (const key of this.#db.getKeys(range) as Iterable<unknown> as Iterable<string>) {
        out.push({ key, value: NO_VALUE });
        if (out.length >= limit) break;
      }
      return out;
    }
    // Keys come as strings (KEY_ENCODER), values as VALUE_CODEC's copies (or the caller's
    // known Buffers): neither is reused.
    rangeKnown = opts.known;
    try {
      for (const { key, value } of this.#db.getRange(range)) {
        out.push({ key: key as unknown as string, value });
        if (out.length >= limit) break;
      }
    } finally {
      rangeKnown = undefined;
    }
    return out;
  }

  async close(): Promise<void> {
    await this.#db.close();
  }
}
