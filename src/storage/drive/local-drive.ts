/**
 * LocalDrive: a Drive backed by a local directory.
 *
 * Layout under `<root>/.cairn/`:
 *   format.json            the format record (written via tmp + fsync + rename + dir fsync)
 *   meta/                  the LMDB environment (metadata key-value store)
 *   tmp/ data/ multipart/  shard files, addressed by engine-built relative paths
 *
 * Health: consecutive I/O failures (EIO, EACCES, ...) past a threshold mark the drive
 * offline; after `recheckMs` it is probed again (same root directory, same inode) and comes
 * back if the probe passes. A vanished or re-created root marks it offline for good (its
 * LMDB env would point at deleted files): that needs a restart, which treats it as replaced.
 * Offline drives throw DriveOfflineError.
 */
import { mkdir, open as openFile, readdir, readFile as fsReadFile, rename as fsRename, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { statSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Drive, DriveFileReader, DriveFileWriter, DriveInfo, MetaEntry, MetaOp, MetaRangeOptions } from './drive.js';
import { DriveOfflineError, isCairnError } from '../../errors/domain-errors.js';
import { validateDrivePath } from './drive-path.js';
import { classifyFsError, shortReadError, toDriveError } from './fs-errors.js';
import { LmdbMetaStore } from './lmdb-meta-store.js';
import { LocalFileWriter } from './local-file-writer.js';
import { LocalFileReader, readAt } from './local-file-reader.js';

/** Consecutive I/O failures after which the drive is marked offline. */
const MAX_CONSECUTIVE_FAILURES = 3;
const SYS_DIR = '.cairn';
/** Default delay before a drive taken offline by I/O failures is probed again. */
const DEFAULT_RECHECK_MS = 10_000;

export interface LocalDriveOptions {
  /** Delay before a drive marked offline by I/O failures is probed again (ms). */
  readonly recheckMs?: number;
}

export class LocalDrive implements Drive {
  readonly endpoint: string;
  readonly #root: string;
  readonly #sys: string;
  readonly #meta: LmdbMetaStore;
  readonly #inode: number;
  readonly #recheckMs: number;
  #failures = 0;
  #offlineCause: unknown = undefined;
  #offlineAt = 0;
  #isGone = false;
  #closed = false;

  private constructor(endpoint: string, root: string, meta: LmdbMetaStore, inode: number, recheckMs: number) {
    this.endpoint = endpoint;
    this.#root = root;
    this.#sys = join(root, SYS_DIR);
    this.#meta = meta;
    this.#inode = inode;
    this.#recheckMs = recheckMs;
  }

  /** Opens (creating if needed) the drive directory and its metadata env. */
  static async open(endpoint: string, opts: LocalDriveOptions = {}): Promise<LocalDrive> {
    const root = resolve(endpoint);
    const sys = join(root, SYS_DIR);
    try {
      await mkdir(join(sys, 'tmp'), { recursive: true });
      await mkdir(join(sys, 'meta'), { recursive: true });
    } catch (err) {
      throw toDriveError(err, endpoint, SYS_DIR);
    }
    let meta: LmdbMetaStore;
    let inode: number;
    try {
      inode = (await stat(sys)).ino;
      meta = LmdbMetaStore.open(join(sys, 'meta'));
    } catch (err) {
      throw new DriveOfflineError(endpoint, { cause: err });
    }
    return new LocalDrive(endpoint, root, meta, inode, opts.recheckMs ?? DEFAULT_RECHECK_MS);
  }

  isOnline(): boolean {
    if (this.#closed) return false;
    if (this.#offlineCause !== undefined) this.#maybeRecover();
    return this.#offlineCause === undefined;
  }

  async info(): Promise<DriveInfo> {
    this.#check();
    try {
      const s = await statfs(this.#sys);
      const total = s.blocks * s.bsize;
      const free = s.bavail * s.bsize;
      const used = total - s.bfree * s.bsize;
      this.#ok();
      return { endpoint: this.endpoint, totalBytes: total, freeBytes: free, usedBytes: used };
    } catch (err) {
      throw this.#fail(err, '.');
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#meta.close().catch(() => undefined);
  }

  // ---- format ----
  async readFormat(): Promise<Buffer | undefined> {
    this.#check();
    try {
      const buf = await fsReadFile(join(this.#sys, 'format.json'));
      this.#ok();
      return buf;
    } catch (err) {
      if (classifyFsError(err) === 'missing' && this.#rootExists()) return undefined;
      throw this.#fail(err, 'format.json');
    }
  }

  async writeFormat(doc: Buffer): Promise<void> {
    this.#check();
    // A unique tmp name: several processes may write the (identical) record at once.
    const tmp = join(this.#sys, `format.json.${process.pid}.${randomUUID()}.tmp`);
    try {
      await writeFile(tmp, doc, { flush: true });
      await fsRename(tmp, join(this.#sys, 'format.json'));
      await syncDir(this.#sys);
      this.#ok();
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw this.#fail(err, 'format.json');
    }
  }

  // ---- metadata ----
  async metaGet(key: string): Promise<Buffer | undefined> {
    return this.#metaCall(() => this.#meta.get(key));
  }
  async metaGetMany(keys: readonly string[]): Promise<(Buffer | undefined)[]> {
    return this.#metaCall(() => this.#meta.getMany(keys));
  }
  async metaBatch(ops: readonly MetaOp[]): Promise<void> {
    return this.#metaCall(() => this.#meta.batch(ops));
  }
  async metaUpdate<T>(keys: readonly string[], fn: (current: (Buffer | undefined)[]) => { ops: readonly MetaOp[]; result: T }): Promise<T> {
    let userError: { err: unknown } | undefined;
    const guarded = (cur: (Buffer | undefined)[]) => {
      try { return fn(cur); } catch (err) { userError = { err }; throw err; }
    };
    try {
      return await this.#metaCall(() => this.#meta.update(keys, guarded));
    } catch (err) {
      if (userError !== undefined) throw userError.err;
      throw err;
    }
  }
  async metaRange(opts: MetaRangeOptions): Promise<MetaEntry[]> {
    return this.#metaCall(() => this.#meta.range(opts));
  }

  // ---- files ----
  async createFile(path: string): Promise<DriveFileWriter> {
    this.#check();
    const abs = this.#abs(path);
    try {
      await mkdir(dirname(abs), { recursive: true });
      const handle = await openFile(abs, 'w');
      this.#ok();
      return new LocalFileWriter(handle, abs, { fail: (err) => this.#fail(err, path), succeed: () => this.#ok() });
    } catch (err) {
      throw this.#fail(err, path);
    }
  }

  async openFile(path: string): Promise<DriveFileReader> {
    this.#check();
    const abs = this.#abs(path);
    try {
      const handle = await openFile(abs, 'r');
      this.#ok();
      return new LocalFileReader(handle, {
        fail: (err) => this.#fail(err, path),
        succeed: () => this.#ok(),
        shortRead: () => shortReadError(this.endpoint, path),
      });
    } catch (err) {
      throw this.#fail(err, path);
    }
  }

  async readFile(path: string, offset: number, length: number): Promise<Buffer> {
    this.#check();
    const abs = this.#abs(path);
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
      throw new RangeError(`bad read range offset=${offset} length=${length}`);
    }
    let handle;
    try {
      handle = await openFile(abs, 'r');
      const { buf, got } = await readAt(handle, offset, length);
      this.#ok();
      if (got < length) throw shortReadError(this.endpoint, path);
      return buf;
    } catch (err) {
      throw this.#fail(err, path);
    } finally {
      await handle?.close().catch(() => undefined);
    }
  }

  async readAll(path: string): Promise<Buffer> {
    this.#check();
    const abs = this.#abs(path);
    try {
      const buf = await fsReadFile(abs);
      this.#ok();
      return buf;
    } catch (err) {
      throw this.#fail(err, path);
    }
  }

  async statFile(path: string): Promise<{ size: number; mtimeMs: number } | undefined> {
    this.#check();
    const abs = this.#abs(path);
    try {
      const s = await stat(abs);
      this.#ok();
      return { size: s.size, mtimeMs: s.mtimeMs };
    } catch (err) {
      if (classifyFsError(err) === 'missing' && this.#rootExists()) return undefined;
      throw this.#fail(err, path);
    }
  }

  async rename(src: string, dst: string): Promise<void> {
    this.#check();
    const absSrc = this.#abs(src);
    const absDst = this.#abs(dst);
    try {
      await mkdir(dirname(absDst), { recursive: true });
      await fsRename(absSrc, absDst);
      await syncDir(dirname(absDst));
      this.#ok();
    } catch (err) {
      throw this.#fail(err, src);
    }
  }

  async remove(path: string): Promise<void> {
    this.#check();
    const abs = this.#abs(path);
    try {
      await rm(abs, { recursive: true, force: true, maxRetries: 2 });
      this.#ok();
    } catch (err) {
      throw this.#fail(err, path);
    }
  }

  async list(path: string): Promise<string[]> {
    this.#check();
    const abs = this.#abs(path);
    try {
      const names = await readdir(abs);
      this.#ok();
      return names.sort();
    } catch (err) {
      if (classifyFsError(err) === 'missing' && this.#rootExists()) return [];
      throw this.#fail(err, path);
    }
  }

  // ---- internals ----
  #abs(path: string): string {
    return join(this.#sys, ...validateDrivePath(path));
  }

  #check(): void {
    if (this.#closed) throw new DriveOfflineError(this.endpoint, { cause: new Error('drive closed') });
    if (this.#offlineCause !== undefined) this.#maybeRecover();
    if (this.#offlineCause !== undefined) throw new DriveOfflineError(this.endpoint, { cause: this.#offlineCause });
  }

  async #metaCall<T>(fn: () => T | Promise<T>): Promise<T> {
    this.#check();
    try {
      const out = await fn();
      this.#ok();
      return out;
    } catch (err) {
      if (isCairnError(err)) throw err;
      // A full disk (lmdb commit mapped to ENOSPC by LmdbMetaStore) is not a broken drive.
      if (classifyFsError(err) === 'full') throw toDriveError(err, this.endpoint, 'meta');
      // lmdb errors are not errno-coded: a failing env means the drive is unusable.
      this.#countFailure(err);
      throw new DriveOfflineError(this.endpoint, { cause: err });
    }
  }

  #ok(): void {
    this.#failures = 0;
  }

  #fail(err: unknown, path: string): Error {
    if (isCairnError(err)) return err;
    const kind = classifyFsError(err);
    if (kind === 'missing') {
      if (!this.#rootExists()) {
        this.#markGone(err);
        return new DriveOfflineError(this.endpoint, { cause: err });
      }
    } else if (kind === 'offline') {
      this.#countFailure(err);
    }
    return toDriveError(err, this.endpoint, path);
  }

  #countFailure(err: unknown): void {
    this.#failures++;
    if (!this.#rootExists()) this.#markGone(err);
    else if (this.#failures >= MAX_CONSECUTIVE_FAILURES) this.#markOffline(err);
  }

  #markOffline(cause: unknown): void {
    if (this.#offlineCause !== undefined) return;
    this.#offlineCause = cause ?? new Error('offline');
    this.#offlineAt = Date.now();
  }

  /** The root vanished or was re-created: offline until restart. */
  #markGone(cause: unknown): void {
    this.#isGone = true;
    this.#markOffline(cause);
  }

  /** Probe a drive taken offline by I/O failures once its recheck delay has passed. */
  #maybeRecover(): void {
    if (this.#isGone || Date.now() - this.#offlineAt < this.#recheckMs) return;
    if (!this.#rootExists()) {
      this.#isGone = true;
      return;
    }
    this.#failures = 0;
    this.#offlineCause = undefined;
  }

  /** The drive's system dir is still the directory that was opened (same inode). */
  #rootExists(): boolean {
    try {
      const st = statSync(this.#sys);
      return st.isDirectory() && st.ino === this.#inode;
    } catch {
      return false;
    }
  }
}

async function syncDir(dir: string): Promise<void> {
  const h = await openFile(dir, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}
