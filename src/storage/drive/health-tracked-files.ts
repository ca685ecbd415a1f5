/**
 * The file writer and reader a HealthTrackedDrive hands out: each call is refused while the
 * drive is offline, and its outcome is reported to the drive's health tracker and its I/O
 * counters (write kind for the writer, read kind for the reader). Classes, not closures:
 * write() and read() run once per erasure block.
 */
import type { DriveFileReader, DriveFileWriter, SummedRead } from './drive.js';
import type { DriveHealthTracker } from './drive-health-tracker.js';
import { IO_READ, IO_WRITE, type DriveIoStats } from './drive-io-stats.js';

/** What a tracked file reports to: its drive's health tracker and I/O counters. */
export interface FileTracking {
  readonly health: DriveHealthTracker;
  readonly io: DriveIoStats;
}

export class HealthTrackedWriter implements DriveFileWriter {
  readonly #inner: DriveFileWriter;
  readonly #health: DriveHealthTracker;
  readonly #io: DriveIoStats;
  /** Present when the inner writer has a gathered write. */
  readonly writev?: (chunks: readonly Buffer[]) => Promise<void>;
  /** Present when the inner writer sums frame headers where it writes. */
  readonly writevSummed?: (chunks: readonly Buffer[], sums: readonly number[]) => Promise<void>;
  /** Present when the inner writer writes and finishes in one call. */
  readonly finishWith?: (chunks: readonly Buffer[], sums?: readonly number[]) => Promise<void>;

  constructor(inner: DriveFileWriter, tracking: FileTracking) {
    this.#inner = inner;
    this.#health = tracking.health;
    this.#io = tracking.io;
    if (inner.writev !== undefined) this.writev = (chunks) => this.#tracked(() => inner.writev!(chunks));
    if (inner.writevSummed !== undefined) this.writevSummed = (chunks, sums) => this.#tracked(() => inner.writevSummed!(chunks, sums));
    if (inner.finishWith !== undefined) this.finishWith = (chunks, sums) => this.#finished(() => inner.finishWith!(chunks, sums));
  }

  async write(chunk: Buffer): Promise<void> {
    this.#health.check();
    const t0 = this.#io.begin(IO_WRITE);
    try {
      await this.#inner.write(chunk);
    } catch (err) {
      this.#io.end(IO_WRITE, t0, err);
      this.#health.failed(err);
      throw err;
    }
    this.#io.end(IO_WRITE, t0);
    this.#health.succeeded();
  }

  finish(): Promise<void> {
    return this.#finished(() => this.#inner.finish());
  }

  /** finish() or finishWith(): refused (the file aborted) while the drive is offline. */
  async #finished(finish: () => Promise<void>): Promise<void> {
    try {
      this.#health.check();
    } catch (err) {
      await this.#inner.abort();
      throw err;
    }
    const t0 = this.#io.begin(IO_WRITE);
    try {
      await finish();
    } catch (err) {
      this.#io.end(IO_WRITE, t0, err);
      this.#health.failed(err);
      throw err;
    }
    this.#io.end(IO_WRITE, t0);
    this.#health.succeeded();
  }

  abort(): Promise<void> {
    return this.#inner.abort();
  }

  async #tracked(write: () => Promise<void>): Promise<void> {
    this.#health.check();
    const t0 = this.#io.begin(IO_WRITE);
    try {
      await write();
    } catch (err) {
      this.#io.end(IO_WRITE, t0, err);
      this.#health.failed(err);
      throw err;
    }
    this.#io.end(IO_WRITE, t0);
    this.#health.succeeded();
  }
}

export class HealthTrackedReader implements DriveFileReader {
  readonly #inner: DriveFileReader;
  readonly #health: DriveHealthTracker;
  readonly #io: DriveIoStats;

  readonly readSummed?: (offset: number, length: number, into: Buffer | undefined, sumFrom: number) => Promise<SummedRead>;

  constructor(inner: DriveFileReader, tracking: FileTracking) {
    this.#inner = inner;
    this.#health = tracking.health;
    this.#io = tracking.io;
    if (inner.readSummed !== undefined) {
      this.readSummed = (offset, length, into, sumFrom) => this.#tracked(() => inner.readSummed!(offset, length, into, sumFrom));
    }
  }

  read(offset: number, length: number, into?: Buffer): Promise<Buffer> {
    return this.#tracked(() => this.#inner.read(offset, length, into));
  }

  async #tracked<T>(fn: () => Promise<T>): Promise<T> {
    this.#health.check();
    const t0 = this.#io.begin(IO_READ);
    let out: T;
    try {
      out = await fn();
    } catch (err) {
      this.#io.end(IO_READ, t0, err);
      this.#health.failed(err);
      throw err;
    }
    this.#io.end(IO_READ, t0);
    this.#health.succeeded();
    return out;
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
