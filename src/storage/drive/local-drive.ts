/**
 * LocalDrive: a Drive backed by a local directory.
 *
 * Layout under `<root>/.cairn/`:
 *   format.json            the format record (written via tmp + fsync + rename + dir fsync)
 *   meta/                  the LMDB environment (metadata key-value store)
 *   tmp/ data/ multipart/  shard files, addressed by engine-built relative paths
 *
 * Health: consecutive I/O failures (EIO, EACCES, ...) past a threshold mark the drive
 * offline; a vanished root marks it offline at once. Offline drives throw DriveOfflineError.
 */
import { mkdir, open as openFile, readdir, readFile as fsReadFile, rename as fsRename, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { statSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Drive, DriveFileWriter, DriveInfo, MetaEntry, MetaOp, MetaRangeOptions } from './drive.js';
import { DriveOfflineError, isCairnError } from '../../errors/domain-errors.js';
import { validateDrivePath } from './drive-path.js';
import { classifyFsError, shortReadError, toDriveError } from './fs-errors.js';
import { LmdbMetaStore } from './lmdb-meta-store.js';
import { LocalFileWriter } from './local-file-writer.js';

/** Consecutive I/O failures after which the drive is marked offline. */
const MAX_CONSECUTIVE_FAILURES = 3;
const SYS_DIR = '.cairn';

export class LocalDrive implements Drive {
  readonly endpoint: string;
  readonly #root: string;
  readonly #sys: string;
  readonly #meta: LmdbMetaStore;
  #failures = 0;
  #offlineCause: unknown = undefined;
  #closed = false;

  private constructor(endpoint: string, root: string, meta: LmdbMetaStore) {
    this.endpoint = endpoint;
    this.#root = root;
    this.#sys = join(root, SYS_DIR);
    this.#meta = meta;
  }

  /** Opens (creating if needed) the drive directory and its metadata env. */
  static async open(endpoint: string): Promise<LocalDrive> {
    const root = resolve(endpoint);
    const sys = join(root, SYS_DIR);
    try {
      await mkdir(join(sys, 'tmp'), { recursive: true });
      await mkdir(join(sys, 'meta'), { recursive: true });
    } catch (err) {
      throw toDriveError(err, endpoint, SYS_DIR);
    }
    let meta: LmdbMetaStore;
    try {
      meta = LmdbMetaStore.open(join(sys, 'meta'));
    } catch (err) {
      throw new DriveOfflineError(endpoint, { cause: err });
    }
    return new LocalDrive(endpoint, root, meta);
  }

  isOnline(): boolean {
    return this.#offlineCause === undefined && !this.#closed;
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

  async readFile(path: string, offset: number, length: number): Promise<Buffer> {
    this.#check();
    const abs = this.#abs(path);
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
      throw new RangeError(`bad read range offset=${offset} length=${length}`);
    }
    let handle;
    try {
      handle = await openFile(abs, 'r');
      const buf = Buffer.allocUnsafe(length);
      let got = 0;
      // Bounded: each iteration reads > 0 bytes or stops.
      while (got < length) {
        const { bytesRead } = await handle.read(buf, got, length - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
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
      // lmdb errors are not errno-coded: a failing env means the drive is unusable.
      this.#failures++;
      if (this.#failures >= MAX_CONSECUTIVE_FAILURES || !this.#rootExists()) this.#markOffline(err);
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
        this.#markOffline(err);
        return new DriveOfflineError(this.endpoint, { cause: err });
      }
    } else if (kind === 'offline') {
      this.#failures++;
      if (this.#failures >= MAX_CONSECUTIVE_FAILURES || !this.#rootExists()) this.#markOffline(err);
    }
    return toDriveError(err, this.endpoint, path);
  }

  #markOffline(cause: unknown): void {
    if (this.#offlineCause === undefined) this.#offlineCause = cause ?? new Error('offline');
  }

  #rootExists(): boolean {
    try {
      return statSync(this.#sys).isDirectory();
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
