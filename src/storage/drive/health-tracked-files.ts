/**
 * The file writer and reader a HealthTrackedDrive hands out: each call is refused while the
 * drive is offline, and its outcome is reported to the drive's health tracker. Classes, not
 * closures: write() and read() run once per erasure block.
 */
import type { DriveFileReader, DriveFileWriter } from './drive.js';
import type { DriveHealthTracker } from './drive-health-tracker.js';

export class HealthTrackedWriter implements DriveFileWriter {
  readonly #inner: DriveFileWriter;
  readonly #health: DriveHealthTracker;
  /** Present when the inner writer has a gathered write. */
  readonly writev?: (chunks: readonly Buffer[]) => Promise<void>;

  constructor(inner: DriveFileWriter, health: DriveHealthTracker) {
    this.#inner = inner;
    this.#health = health;
    if (inner.writev !== undefined) this.writev = (chunks) => this.#writev(chunks);
  }

  async write(chunk: Buffer): Promise<void> {
    this.#health.check();
    try {
      await this.#inner.write(chunk);
    } catch (err) {
      this.#health.failed(err);
      throw err;
    }
    this.#health.succeeded();
  }

  async finish(): Promise<void> {
    try {
      this.#health.check();
    } catch (err) {
      await this.#inner.abort();
      throw err;
    }
    try {
      await this.#inner.finish();
    } catch (err) {
      this.#health.failed(err);
      throw err;
    }
    this.#health.succeeded();
  }

  abort(): Promise<void> {
    return this.#inner.abort();
  }

  async #writev(chunks: readonly Buffer[]): Promise<void> {
    this.#health.check();
    try {
      await this.#inner.writev!(chunks);
    } catch (err) {
      this.#health.failed(err);
      throw err;
    }
    this.#health.succeeded();
  }
}

export class HealthTrackedReader implements DriveFileReader {
  readonly #inner: DriveFileReader;
  readonly #health: DriveHealthTracker;

  constructor(inner: DriveFileReader, health: DriveHealthTracker) {
    this.#inner = inner;
    this.#health = health;
  }

  async read(offset: number, length: number, into?: Buffer): Promise<Buffer> {
    this.#health.check();
    let out: Buffer;
    try {
      out = await this.#inner.read(offset, length, into);
    } catch (err) {
      this.#health.failed(err);
      throw err;
    }
    this.#health.succeeded();
    return out;
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
