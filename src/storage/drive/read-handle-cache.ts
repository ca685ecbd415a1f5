/**
 * Read handles of shard files kept open for the next reads of the same file, like nginx's
 * open_file_cache. Opening and closing a file are a thread-pool round trip each (measured on
 * the 2-core bench host: ~35 µs of CPU apiece, as much as reading 256 KiB), and a GET of a
 * data-dir object needs both for every shard it reads.
 *
 * Shard files are written once and never modified in place: a rewrite (heal) is a new file
 * renamed over the old one, an overwrite of the object a new data dir, a delete removes the
 * dir. So a kept handle either still names the file at its path or its file was unlinked, and
 * what it reads is the bytes that file had (every frame is still checked against its crc32c
 * above). Changes made through this process's drive drop the handles under the changed path
 * at once (`dropUnder`), so removed files free their space now rather than at eviction. A
 * change by another process (`--workers`, a wiped drive) is seen by the link count, checked
 * when a handle is reused and at least `recheckMs` (1 s) after its last check (`fstatSync`
 * on an inode already in memory): a file unlinked meanwhile is opened afresh.
 *
 * Bounded: at most `capacity` handles not in use are kept (least recently used evicted
 * first), and a handle unused for `idleMs` is closed. Handles in use are never closed here;
 * a dropped one is closed when its last lease ends.
 */
import { fstatSync, readFileSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { sep } from 'node:path';

const DONE: Promise<void> = Promise.resolve();

/** One use of a handle: `release()` once; `release(true)` when the handle misbehaved (never reused). */
export interface ReadLease {
  readonly handle: FileHandle;
  release(evict?: boolean): void;
}

interface Entry {
  readonly abs: string;
  readonly handle: FileHandle;
  refs: number;
  lastUse: number;
  /** When the link count was last seen > 0. */
  checkedAt: number;
  /** No longer in the map: closed when refs reaches 0. */
  dropped: boolean;
}

export interface ReadHandleCacheOptions {
  /** Most handles kept (0 = every lease opens and closes its own handle). */
  readonly capacity: number;
  /** A kept handle unused this long is closed. */
  readonly idleMs: number;
  /** A reused handle's link count is checked again once this long passed (default 1 s). */
  readonly recheckMs?: number;
  readonly now?: () => number;
}

export class ReadHandleCache {
  readonly #capacity: number;
  readonly #idleMs: number;
  readonly #recheckMs: number;
  readonly #now: () => number;
  /** In least-recently-used order (a hit moves its entry to the end). */
  readonly #entries = new Map<string, Entry>();
  /**
   * The kept entries under each directory above their file, so dropUnder costs the entries it
   * drops, not a scan of every kept handle: every PUT, DELETE and rename of a data dir calls it,
   * and with 1,024 handles kept the scans took 23% of the event loop of the bench's mixed 64 KiB
   * load (perf-threads --op mixed: 681 -> 524 µs per operation, 1,208 -> 1,499 ops/s).
   */
  readonly #byDir = new Map<string, Set<Entry>>();
  #sweeper: NodeJS.Timeout | undefined;

  constructor(opts: ReadHandleCacheOptions) {
    this.#capacity = Math.max(0, Math.floor(opts.capacity));
    this.#idleMs = opts.idleMs;
    this.#recheckMs = opts.recheckMs ?? 1000;
    this.#now = opts.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** A handle on `abs`: a kept one whose file is still linked, else one from `open` (kept for later). */
  async lease(abs: string, open: () => Promise<FileHandle>): Promise<ReadLease> {
    const kept = this.#entries.get(abs);
    if (kept !== undefined) {
      const now = this.#now();
      if (now - kept.checkedAt < this.#recheckMs || isLinked(kept.handle)) {
        if (now - kept.checkedAt >= this.#recheckMs) kept.checkedAt = now;
        this.#entries.delete(abs);
        this.#entries.set(abs, kept);
        kept.refs++;
        kept.lastUse = now;
        return this.#leaseOf(kept);
      }
      void this.#drop(kept);
    }
    const handle = await open();
    const opened = this.#now();
    const entry: Entry = { abs, handle, refs: 1, lastUse: opened, checkedAt: opened, dropped: true };
    // Another lease may have opened the same file meanwhile: keep the first, this one is private.
    if (this.#capacity > 0 && !this.#entries.has(abs)) {
      entry.dropped = false;
      this.#entries.set(abs, entry);
      this.#index(entry);
      this.#trim();
      this.#startSweeper();
    }
    return this.#leaseOf(entry);
  }

  /**
   * Drops every handle of `path` or of a file under it: unused ones are closed now (the promise
   * resolves once they are), ones in use when their last lease ends.
   */
  dropUnder(path: string): Promise<void> {
    if (this.#entries.size === 0) return DONE;
    const at = path.length > 1 && path.endsWith(sep) ? path.slice(0, -1) : path;
    const closing: Promise<void>[] = [];
    const exact = this.#entries.get(at);
    if (exact !== undefined) closing.push(this.#drop(exact));
    const under = this.#byDir.get(at);
    if (under !== undefined) for (const e of [...under]) closing.push(this.#drop(e));
    return closing.length === 0 ? DONE : Promise.all(closing).then(() => undefined);
  }

  /** Drops every handle, as dropUnder. */
  clear(): Promise<void> {
    return Promise.all([...this.#entries.values()].map((e) => this.#drop(e))).then(() => undefined);
  }

  #leaseOf(entry: Entry): ReadLease {
    let released = false;
    return {
      handle: entry.handle,
      release: (evict = false) => {
        if (released) return;
        released = true;
        entry.refs--;
        if (evict) void this.#drop(entry);
        else if (entry.dropped) void this.#closeIfUnused(entry);
        else entry.lastUse = this.#now();
      },
    };
  }

  #drop(entry: Entry): Promise<void> {
    if (!entry.dropped) {
      entry.dropped = true;
      if (this.#entries.get(entry.abs) === entry) {
        this.#entries.delete(entry.abs);
        this.#unindex(entry);
      }
    }
    return this.#closeIfUnused(entry);
  }

  #index(entry: Entry): void {
    forEachDirAbove(entry.abs, (dir) => {
      const set = this.#byDir.get(dir);
      if (set === undefined) this.#byDir.set(dir, new Set([entry]));
      else set.add(entry);
    });
  }

  #unindex(entry: Entry): void {
    forEachDirAbove(entry.abs, (dir) => {
      const set = this.#byDir.get(dir);
      if (set !== undefined && set.delete(entry) && set.size === 0) this.#byDir.delete(dir);
    });
  }

  /** Closes a dropped handle nobody uses (never rejects). */
  #closeIfUnused(entry: Entry): Promise<void> {
    if (entry.refs > 0) return DONE;
    return entry.handle.close().catch(() => undefined);
  }

  /** Evicts the least recently used handles not in use while more than capacity are kept. */
  #trim(): void {
    if (this.#entries.size <= this.#capacity) return;
    for (const e of this.#entries.values()) {
      if (this.#entries.size <= this.#capacity) break;
      if (e.refs === 0) void this.#drop(e);
    }
  }

  #startSweeper(): void {
    if (this.#sweeper !== undefined) return;
    this.#sweeper = setInterval(() => this.#sweep(), Math.max(1, Math.floor(this.#idleMs / 2)));
    this.#sweeper.unref();
  }

  #sweep(): void {
    const before = this.#now() - this.#idleMs;
    for (const e of [...this.#entries.values()]) {
      if (e.refs === 0 && e.lastUse <= before) void this.#drop(e);
    }
    if (this.#entries.size === 0 && this.#sweeper !== undefined) {
      clearInterval(this.#sweeper);
      this.#sweeper = undefined;
    }
  }
}

/** Calls fn with every directory above an absolute file path, nearest first, the root (`/`) last. */
function forEachDirAbove(abs: string, fn: (dir: string) => void): void {
  for (let i = abs.lastIndexOf(sep); i >= 0; i = i === 0 ? -1 : abs.lastIndexOf(sep, i - 1)) {
    fn(i === 0 ? sep : abs.slice(0, i));
  }
}

/** The file the handle reads still has a name (0 links: removed or replaced since it was opened). */
function isLinked(handle: FileHandle): boolean {
  try {
    return fstatSync(handle.fd).nlink > 0;
  } catch {
    return false;
  }
}

/** A capacity that leaves most of the process's open-file limit to sockets: min(1024, soft limit / 8). */
export function defaultReadHandleCapacity(limitsText?: string): number {
  let text = limitsText;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/self/limits', 'latin1');
    } catch {
      return 128;
    }
  }
  const m = /^Max open files\s+(\d+|unlimited)\s/m.exec(text);
  if (m === null) return 128;
  if (m[1] === 'unlimited') return 1024;
  return Math.max(0, Math.min(1024, Math.floor(Number(m[1]) / 8)));
}

/** The process's cache, shared by its local drives (keys are absolute paths). */
export const sharedReadHandles = new ReadHandleCache({ capacity: defaultReadHandleCapacity(), idleMs: 10_000 });
