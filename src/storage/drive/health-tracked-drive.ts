/**
 * HealthTrackedDrive: a Drive decorator that gives any drive kind (local today, remote later)
 * the same health rules (drive-health-tracker.ts): DriveOfflineError failures in a row take it
 * offline, a failing probe takes it offline at once, and a probe every recheckMs brings it
 * back. While offline, calls are refused with DriveOfflineError without reaching the drive.
 * health() reports the state for admin and metrics. createStorage wraps every LocalDrive in one.
 */
import type { Drive, DriveFileReader, DriveFileWriter, DriveInfo, MetaEntry, MetaOp, MetaRangeOptions, ProbedDrive } from './drive.js';
import { DriveHealthTracker, type DriveHealth, type DriveHealthOptions } from './drive-health-tracker.js';
import { HealthTrackedReader, HealthTrackedWriter } from './health-tracked-files.js';

export type { DriveHealth, DriveHealthOptions } from './drive-health-tracker.js';

export class HealthTrackedDrive implements Drive {
  readonly inner: ProbedDrive;
  /** Present when the inner drive can open a file for many reads. */
  readonly openFile?: (path: string) => Promise<DriveFileReader>;
  readonly #health: DriveHealthTracker;

  constructor(inner: ProbedDrive, opts: DriveHealthOptions = {}) {
    this.inner = inner;
    this.#health = new DriveHealthTracker({ ...opts, endpoint: inner.endpoint, probe: () => inner.probe() });
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

  info(): Promise<DriveInfo> {
    return this.#call(() => this.inner.info());
  }

  async close(): Promise<void> {
    this.#health.close();
    await this.inner.close();
  }

  readFormat(): Promise<Buffer | undefined> {
    return this.#call(() => this.inner.readFormat());
  }
  writeFormat(doc: Buffer): Promise<void> {
    return this.#call(() => this.inner.writeFormat(doc));
  }

  metaGet(key: string): Promise<Buffer | undefined> {
    return this.#call(() => this.inner.metaGet(key));
  }
  metaGetMany(keys: readonly string[]): Promise<(Buffer | undefined)[]> {
    return this.#call(() => this.inner.metaGetMany(keys));
  }
  metaBatch(ops: readonly MetaOp[]): Promise<void> {
    return this.#call(() => this.inner.metaBatch(ops));
  }
  async metaUpdate<T>(keys: readonly string[], fn: (current: (Buffer | undefined)[]) => { ops: readonly MetaOp[]; result: T }): Promise<T> {
    // An error thrown by the caller's fn is the caller's, never the drive's.
    let isCallerError = false;
    const guarded = (cur: (Buffer | undefined)[]): { ops: readonly MetaOp[]; result: T } => {
      try { return fn(cur); } catch (err) { isCallerError = true; throw err; }
    };
    this.#health.check();
    let out: T;
    try {
      out = await this.inner.metaUpdate(keys, guarded);
    } catch (err) {
      if (!isCallerError) this.#health.failed(err);
      throw err;
    }
    this.#health.succeeded();
    return out;
  }
  metaRange(opts: MetaRangeOptions): Promise<MetaEntry[]> {
    return this.#call(() => this.inner.metaRange(opts));
  }

  async createFile(path: string): Promise<DriveFileWriter> {
    const writer = await this.#call(() => this.inner.createFile(path));
    return new HealthTrackedWriter(writer, this.#health);
  }
  readFile(path: string, offset: number, length: number): Promise<Buffer> {
    return this.#call(() => this.inner.readFile(path, offset, length));
  }
  readAll(path: string): Promise<Buffer> {
    return this.#call(() => this.inner.readAll(path));
  }
  statFile(path: string): Promise<{ size: number; mtimeMs: number } | undefined> {
    return this.#call(() => this.inner.statFile(path));
  }
  rename(src: string, dst: string): Promise<void> {
    return this.#call(() => this.inner.rename(src, dst));
  }
  remove(path: string): Promise<void> {
    return this.#call(() => this.inner.remove(path));
  }
  list(path: string): Promise<string[]> {
    return this.#call(() => this.inner.list(path));
  }

  async #openFile(path: string): Promise<DriveFileReader> {
    const reader = await this.#call(() => this.inner.openFile!(path));
    return new HealthTrackedReader(reader, this.#health);
  }

  async #call<T>(fn: () => Promise<T>): Promise<T> {
    this.#health.check();
    let out: T;
    try {
      out = await fn();
    } catch (err) {
      this.#health.failed(err);
      throw err;
    }
    this.#health.succeeded();
    return out;
  }
}
