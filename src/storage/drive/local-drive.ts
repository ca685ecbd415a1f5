/**
 * LocalDrive: a Drive backed by a local directory.
 *
 * Layout under `<root>/.cairn/`:
 *   format.json            the format record (written via tmp + fsync + rename + dir fsync)
 *   meta/                  the LMDB environment (metadata key-value store); mode 0700, since
 *                          the system bucket's objects (root credentials) live in it
 *   tmp/ data/ multipart/  shard files, addressed by engine-built relative paths
 *
 * Errors are mapped to domain errors (fs-errors.ts). A missing path while the drive's system
 * directory is gone or was re-created (another inode) is DriveOfflineError, not
 * FileNotFoundError: the drive vanished, not the file. LocalDrive keeps no health state: it
 * answers every call it can and offers probe(); HealthTrackedDrive (the decorator createStorage
 * puts around it) counts failures, marks it offline and probes it back.
 */
import { chmod, mkdir, open as openFile, readdir, readFile as fsReadFile, rename as fsRename, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { statSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import type { CreateFileOptions, DriveFileReader, DriveFileWriter, DriveInfo, MetaEntry, MetaOp, MetaRangeOptions, ProbedDrive } from './drive.js';
import { DriveOfflineError, isCairnError } from '../../errors/domain-errors.js';
import { resolveDrivePath } from './drive-path.js';
import { classifyFsError, shortReadError, toDriveError } from './fs-errors.js';
import { LmdbMetaStore } from './lmdb-meta-store.js';
import { dropDataPages } from './data-cache-policy.js';
import { streamDirect, writeDirect } from './direct-write-policy.js';
import { type FileIo, fileIo, type WriteFile } from './file-io.js';
import { LocalFileWriter } from './local-file-writer.js';
import { LocalNewFileWriter } from './local-new-file-writer.js';
import { type ReadHandleCache, sharedReadHandles } from './read-handle-cache.js';
import { removeTree } from './remove-tree.js';
import { LocalFileReader } from './local-file-reader.js';

const SYS_DIR = '.cairn';

/** Modes of what a drive creates (CAIRN_FILE_MODE / CAIRN_DIR_MODE); private by default. */
export interface DriveModes {
  readonly fileMode: number;
  readonly dirMode: number;
}
export const PRIVATE_MODES: DriveModes = { fileMode: 0o600, dirMode: 0o700 };
/** Metadata key the probe reads (never written): proves the LMDB env still answers. */
const PROBE_META_KEY = '\u0000cairn/probe';

export class LocalDrive implements ProbedDrive {
  readonly endpoint: string;
  readonly #sys: string;
  readonly #meta: LmdbMetaStore;
  readonly #inode: number;
  readonly #modes: DriveModes;
  /** Read handles kept between reads of the same shard file (keys: absolute paths). */
  readonly #handles: ReadHandleCache;
  #closed = false;

  private constructor(endpoint: string, sys: string, meta: LmdbMetaStore, inode: number, modes: DriveModes, handles: ReadHandleCache) {
    this.endpoint = endpoint;
    this.#sys = sys;
    this.#meta = meta;
    this.#inode = inode;
    this.#modes = modes;
    this.#handles = handles;
  }

  /** Opens (creating if needed) the drive directory and its metadata env. */
  static async open(endpoint: string, modes: DriveModes = PRIVATE_MODES, handles: ReadHandleCache = sharedReadHandles): Promise<LocalDrive> {
    const root = resolve(endpoint);
    const sys = join(root, SYS_DIR);
    try {
      await mkdir(join(sys, 'tmp'), { recursive: true, mode: modes.dirMode });
      await mkdir(join(sys, 'meta'), { recursive: true, mode: modes.dirMode });
      // Drives created before meta/ held the system bucket have it with the umask's mode. Best
      // effort: a process that may use the drive but does not own meta/ cannot tighten it.
      await chmod(join(sys, 'meta'), modes.dirMode).catch(() => undefined);
      await mkdir(join(sys, 'data'), { recursive: true, mode: modes.dirMode });
      // The data files' fan-out dirs data/<ab> spread over ext4's block groups (best effort:
      // other file systems place them their own way). On ext4 without a journal, allocating an
      // inode skips the recently deleted ones of its group, one inode-table lookup each: with
      // every data file in the few groups near data/, a create under steady overwrites cost
      // ~300 µs instead of ~15 (ARCHITECTURE "Data files": where data/<ab> lives).
      await fileIo().spreadSubdirs(join(sys, 'data')).catch(() => false);
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
    // lmdb creates data.mdb and lock.mdb with 0664 & ~umask (no option): set the file mode
    // after the open (meta/ is private meanwhile). Best effort, like meta/ above.
    await Promise.all(['data.mdb', 'lock.mdb'].map((f) => chmod(join(sys, 'meta', f), modes.fileMode).catch(() => undefined)));
    return new LocalDrive(endpoint, sys, meta, inode, modes, handles);
  }

  /** False only once closed: health (offline after failures) is HealthTrackedDrive's job. */
  isOnline(): boolean {
    return !this.#closed;
  }

  async probe(): Promise<void> {
    this.#check();
    if (!this.#rootExists()) throw new DriveOfflineError(this.endpoint, { cause: new Error(`${this.#sys} vanished or was re-created`) });
    const file = join(this.#sys, 'tmp', `probe-${process.pid}-${randomUUID()}`);
    const bytes = randomBytes(16);
    try {
      if (await writeProbeFile(file, bytes, this.#modes.fileMode)) {
        const back = await fsReadFile(file);
        if (!back.equals(bytes)) throw Object.assign(new Error('probe file read back different bytes'), { code: 'EIO' });
      }
      await this.#meta.get(PROBE_META_KEY);
    } catch (err) {
      throw new DriveOfflineError(this.endpoint, { cause: err });
    } finally {
      await rm(file, { force: true }).catch(() => undefined);
    }
  }

  async info(): Promise<DriveInfo> {
    this.#check();
    try {
      const s = await statfs(this.#sys);
      const total = s.blocks * s.bsize;
      const free = s.bavail * s.bsize;
      const used = total - s.bfree * s.bsize;
      return { endpoint: this.endpoint, totalBytes: total, freeBytes: free, usedBytes: used };
    } catch (err) {
      throw this.#fail(err, '.');
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#handles.dropUnder(this.#sys);
    await this.#meta.close().catch(() => undefined);
  }

  // ---- format ----
  async readFormat(): Promise<Buffer | undefined> {
    this.#check();
    try {
      const buf = await fsReadFile(join(this.#sys, 'format.json'));
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
      await writeFile(tmp, doc, { flush: true, mode: this.#modes.fileMode });
      await fsRename(tmp, join(this.#sys, 'format.json'));
      await fileIo().syncDir(this.#sys);
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
  async createFile(path: string, opts: CreateFileOptions = {}): Promise<DriveFileWriter> {
    this.#check();
    const abs = this.#abs(path);
    void this.#handles.dropUnder(abs);
    try {
      const io = fileIo();
      const dropCache = opts.dropCache === true || dropDataPages();
      if (opts.newFile === true && opts.singleWrite === true) {
        const dir = dirname(abs);
        return new LocalNewFileWriter({
          io, abs, dir, mode: this.#modes.fileMode, dropCache, direct: directForChunks,
          open: () => this.#openNewFile(io, abs, path, dropCache),
          dirPending: () => unsyncedDirs.has(dir),
          fail: (err) => this.#fail(err, path),
        });
      }
      if (opts.newFile === true) return await this.#openNewFile(io, abs, path, dropCache);
      const made = await mkdir(dirname(abs), { recursive: true, mode: this.#modes.dirMode });
      const file = await io.openWrite(abs, false, this.#modes.fileMode, streamDirect());
      const entrySync = opts.syncEntry === true ? entrySyncOf(io, dirname(abs), made) : undefined;
      return new LocalFileWriter(file, abs, { fail: (err) => this.#fail(err, path) }, entrySync, dropCache);
    } catch (err) {
      throw this.#fail(err, path);
    }
  }

  /** createFile newFile: the exclusive open, and its directory's fsync started at once. */
  async #openNewFile(io: FileIo, abs: string, path: string, dropCache: boolean): Promise<LocalFileWriter> {
    try {
      const { file, made } = await openNewFile(io, abs, this.#modes);
      // Started now, so it overlaps the writes and rides the journal commit the create is in.
      const synced = entrySyncOf(io, dirname(abs), made)();
      synced.catch(() => undefined); // observed: finish() awaits it, an abort does not
      return new LocalFileWriter(file, abs, { fail: (err) => this.#fail(err, path) }, synced, dropCache);
    } catch (err) {
      throw this.#fail(err, path);
    }
  }

  async openFile(path: string): Promise<DriveFileReader> {
    this.#check();
    const abs = this.#abs(path);
    try {
      const lease = await this.#handles.lease(abs, () => openFile(abs, 'r'));
      return new LocalFileReader(lease, {
        fail: (err) => this.#fail(err, path),
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
      const buf = Buffer.allocUnsafe(length);
      const { bytesRead } = await fileIo().read(handle.fd, buf, offset, -1, dropDataPages());
      if (bytesRead < length) throw shortReadError(this.endpoint, path);
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
    void this.#handles.dropUnder(absSrc);
    void this.#handles.dropUnder(absDst);
    try {
      await mkdir(dirname(absDst), { recursive: true, mode: this.#modes.dirMode });
      await fsRename(absSrc, absDst);
      await fileIo().syncDir(dirname(absDst));
    } catch (err) {
      throw this.#fail(err, src);
    } finally {
      // Again: a read may have opened (and kept) a file there while the rename ran.
      void this.#handles.dropUnder(absSrc);
      void this.#handles.dropUnder(absDst);
    }
  }

  async remove(path: string): Promise<void> {
    this.#check();
    const abs = this.#abs(path);
    void this.#handles.dropUnder(abs);
    try {
      await removeTree(abs);
    } catch (err) {
      throw this.#fail(err, path);
    } finally {
      void this.#handles.dropUnder(abs); // again: a read may have opened (and kept) a file there meanwhile
    }
  }

  async list(path: string): Promise<string[]> {
    this.#check();
    const abs = this.#abs(path);
    try {
      const names = await readdir(abs);
      return names.sort();
    } catch (err) {
      if (classifyFsError(err) === 'missing' && this.#rootExists()) return [];
      throw this.#fail(err, path);
    }
  }

  // ---- internals ----
  #abs(path: string): string {
    return resolveDrivePath(this.#sys, path);
  }

  #check(): void {
    if (this.#closed) throw new DriveOfflineError(this.endpoint, { cause: new Error('drive closed') });
  }

  async #metaCall<T>(fn: () => T | Promise<T>): Promise<T> {
    this.#check();
    try {
      return await fn();
    } catch (err) {
      if (isCairnError(err)) throw err;
      // A full disk (lmdb commit mapped to ENOSPC by LmdbMetaStore) is not a broken drive.
      if (classifyFsError(err) === 'full') throw toDriveError(err, this.endpoint, 'meta');
      // lmdb errors are not errno-coded: a failing env means the drive is unusable.
      throw new DriveOfflineError(this.endpoint, { cause: err });
    }
  }

  /** The domain error for a failed fs call; a missing path on a vanished drive is the drive's fault. */
  #fail(err: unknown, path: string): Error {
    if (isCairnError(err)) return err;
    if (classifyFsError(err) === 'missing' && !this.#rootExists()) return new DriveOfflineError(this.endpoint, { cause: err });
    return toDriveError(err, this.endpoint, path);
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

/** Writes the probe file; false when the disk is full (a full drive still answers: not broken). */
async function writeProbeFile(file: string, bytes: Buffer, mode: number): Promise<boolean> {
  try {
    await writeFile(file, bytes, { mode });
    return true;
  } catch (err) {
    if (classifyFsError(err) === 'full') return false;
    throw err;
  }
}

/**
 * Exclusive create of a new file (EEXIST is an error: the caller names it by a fresh random
 * id) with one open when its directory exists; only when the open finds the directory missing
 * is it made (mkdir -p) and the open retried. `made` is mkdir -p's first directory made.
 */
async function openNewFile(io: FileIo, abs: string, modes: DriveModes): Promise<{ file: WriteFile; made: string | undefined }> {
  try {
    return { file: await io.openWrite(abs, true, modes.fileMode, streamDirect()), made: undefined };
  } catch (err) {
    if (classifyFsError(err) !== 'missing') throw err;
  }
  const made = await mkdir(dirname(abs), { recursive: true, mode: modes.dirMode });
  return { file: await io.openWrite(abs, true, modes.fileMode, streamDirect()), made };
}

/**
 * Directories made by a syncEntry / newFile createFile whose entries are not durable yet, with the
 * directories to fsync for that (the parents of what was made). Another writer of this
 * process that finds such a directory already there (two parts of one upload started
 * together) syncs them too, so it never calls its file durable before the directory's own
 * entry is. (Another process's writer relies on the file system: ext4 commits the mkdir with
 * the journal transaction its own directory fsync commits.)
 */
const unsyncedDirs = new Map<string, readonly string[]>();
const MAX_UNSYNCED_DIRS = 4096;

/**
 * The fsync making a new file in `dir` durable: `dir` itself, and when `made` (mkdir -p's first
 * directory created) is set, the parent of every directory made. Returns the function the
 * writer's finish() calls after the data is synced.
 */
function entrySyncOf(io: FileIo, dir: string, made: string | undefined): () => Promise<void> {
  const parents: string[] = [];
  if (made !== undefined) {
    for (let d = dir; d !== made && dirname(d) !== d; d = dirname(d)) parents.push(dirname(d));
    parents.push(dirname(made));
    // Bounded: a maker whose write failed never syncs; past the cap the file system's rule above applies.
    if (unsyncedDirs.size >= MAX_UNSYNCED_DIRS) unsyncedDirs.clear();
    unsyncedDirs.set(dir, parents);
  } else {
    parents.push(...(unsyncedDirs.get(dir) ?? []));
  }
  return async () => {
    await Promise.all([dir, ...parents].map((d) => io.syncDir(d)));
    if (parents.length > 0) unsyncedDirs.delete(dir); // durable now, whoever synced it
  };
}

/** Whether a new file of these chunks is written with O_DIRECT (direct-write-policy.ts). */
function directForChunks(chunks: readonly Buffer[]): boolean {
  let bytes = 0;
  for (const c of chunks) bytes += c.length;
  return writeDirect(bytes);
}
