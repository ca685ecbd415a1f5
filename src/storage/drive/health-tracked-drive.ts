/**
 * HealthTrackedDrive: a Drive decorator that gives any drive kind (local today, remote later)
 * the same health rules (drive-health-tracker.ts): DriveOfflineError failures in a row take it
 * offline, a failing probe takes it offline at once, and a probe every recheckMs brings it
 * back. While offline, calls are refused with DriveOfflineError without reaching the drive.
 * health() reports the state for admin and metrics; ioStats() the I/O latency histograms,
 * failed calls and calls in flight per I/O kind (drive-io-stats.ts) of every call that reached
 * the drive. createStorage wraps every LocalDrive in one.
 */
import type { CreateFileOptions, Drive, DriveFileReader, DriveFileWriter, DriveInfo, MetaEntry, MetaOp, MetaRangeOptions, ProbedDrive } from './drive.js';
import { DriveHealthTracker, type DriveHealth, type DriveHealthOptions } from './drive-health-tracker.js';
import { HealthTrackedReader, HealthTrackedWriter, type FileTracking } from './health-tracked-files.js';
import { DriveIoStats, IO_FS, IO_META_READ, IO_META_WRITE, IO_READ, IO_WRITE, type IoKindStats } from './drive-io-stats.js';

export type { DriveHealth, DriveHealthOptions } from './drive-health-tracker.js';
export type { IoKindStats } from './drive-io-stats.js';

export class HealthTrackedDrive implements Drive {
  readonly inner: ProbedDrive;
  /** Present when the inner drive can open a file for many reads. */
  readonly openFile?: (path: string) => Promise<DriveFileReader>;
  readonly #health: DriveHealthTracker;
  readonly #io = new DriveIoStats();
  /** What the files it opens report to (one object, not one per file). */
  readonly #tracking: FileTracking;

  constructor(inner: ProbedDrive, opts: DriveHealthOptions = {}) {
    this.inner = inner;
    this.#health = new DriveHealthTracker({ ...opts, endpoint: inner.endpoint, probe: () => inner.probe() });
    this.#tracking = { health: this.#health, io: this.#io };
    if (inner.openFile !== undefined) this.openFile = (path) => this.#openFile(path);
  }

  get endpoint(): string {
    return this.inner.endpoint;
  }

  isOnline(): boolean {
    return this.#health.isOnline() && this.inner.isOnline();
  }

  health(): DriveHealth {
    return this.#health.snapshot();
  }

  /** I/O figures per kind since the drive was opened. */
  ioStats(): IoKindStats[] {
    return this.#io.snapshot();
  }

  info(): Promise<DriveInfo> {
    return this.#call(IO_FS, () => this.inner.info());
  }

  async close(): Promise<void> {
    this.#health.close();
    await this.inner.close();
  }

  readFormat(): Promise<Buffer | undefined> {
    return this.#call(IO_FS, () => this.inner.readFormat());
  }
  writeFormat(doc: Buffer): Promise<void> {
    return this.#call(IO_FS, () => this.inner.writeFormat(doc));
  }

  metaGet(key: string): Promise<Buffer | undefined> {
    return this.#call(IO_META_READ, () => this.inner.metaGet(key));
  }
  metaGetMany(keys: readonly string[]): Promise<(Buffer | undefined)[]> {
    return this.#call(IO_META_READ, () => this.inner.metaGetMany(keys));
  }
  metaBatch(ops: readonly MetaOp[]): Promise<void> {
    return this.#call(IO_META_WRITE, () => this.inner.metaBatch(ops));
  }
  async metaUpdate<T>(keys: readonly string[], fn: (current: (Buffer | undefined)[]) => { ops: readonly MetaOp[]; result: T }): Promise<T> {
    // An error thrown by the caller's fn is the caller's, never the drive's.
    let isCallerError = false;
    const guarded = (cur: (Buffer | undefined)[]): { ops: readonly MetaOp[]; result: T } => {
      try { return fn(cur); } catch (err) { isCallerError = true; throw err; }
    };
    this.#health.check();
    const t0 = this.#io.begin(IO_META_WRITE);
    let out: T;
    try {
      out = await this.inner.metaUpdate(keys, guarded);
    } catch (err) {
      this.#io.end(IO_META_WRITE, t0, isCallerError ? undefined : err);
      if (!isCallerError) this.#health.failed(err);
      throw err;
    }
    this.#io.end(IO_META_WRITE, t0);
    this.#health.succeeded();
    return out;
  }
  metaRange(opts: MetaRangeOptions): Promise<MetaEntry[]> {
    return this.#call(IO_META_READ, () => this.inner.metaRange(opts));
  }

  async createFile(path: string, opts?: CreateFileOptions): Promise<DriveFileWriter> {
    const writer = await this.#call(IO_WRITE, () => this.inner.createFile(path, opts));
    return new HealthTrackedWriter(writer, this.#tracking);
  }
  readFile(path: string, offset: number, length: number): Promise<Buffer> {
    return this.#call(IO_READ, () => this.inner.readFile(path, offset, length));
  }
  readAll(path: string): Promise<Buffer> {
    return this.#call(IO_READ, () => this.inner.readAll(path));
  }
  statFile(path: string): Promise<{ size: number; mtimeMs: number } | undefined> {
    return this.#call(IO_FS, () => this.inner.statFile(path));
  }
  rename(src: string, dst: string): Promise<void> {
    return this.#call(IO_FS, () => this.inner.rename(src, dst));
  }
  remove(path: string): Promise<void> {
    return this.#call(IO_FS, () => this.inner.remove(path));
  }
  list(path: string): Promise<string[]> {
    return this.#call(IO_FS, () => this.inner.list(path));
  }

  async #openFile(path: string): Promise<DriveFileReader> {
    const reader = await this.#call(IO_READ, () => this.inner.openFile!(path));
    return new HealthTrackedReader(reader, this.#tracking);
  }

  async #call<T>(kind: number, fn: () => Promise<T>): Promise<T> {
    this.#health.check();
    const t0 = this.#io.begin(kind);
    let out: T;
    try {
      out = await fn();
    } catch (err) {
      this.#io.end(kind, t0, err);
      this.#health.failed(err);
      throw err;
    }
    this.#io.end(kind, t0);
    this.#health.succeeded();
    return out;
  }
}
