/** One shard file on a LocalDrive opened once for many positional reads (one read stream). */
import type { DriveFileReader, SummedRead } from './drive.js';
import { dropDataPages } from './data-cache-policy.js';
import { fileIo } from './file-io.js';
import type { ReadLease } from './read-handle-cache.js';

export interface LocalFileReaderHooks {
  /** Maps a raw fs error to a domain error. */
  readonly fail: (err: unknown) => Error;
  /** The error for fewer bytes than asked (the file is shorter than its metadata says). */
  readonly shortRead: () => Error;
}

/**
 * Reads through a leased handle (`read-handle-cache.ts`) by its descriptor with the process's
 * file calls (file-io.ts: one native job per read, which can also sum the bytes): close() gives
 * the handle back, a failed read evicts it. The cache closes a handle only once no lease holds
 * it, and a read by descriptor is not known to the FileHandle, so close() first waits for the
 * reads still in flight (a drive past its deadline is abandoned, not its read): a descriptor
 * number is never closed, and then reused by another open, under a late read.
 */
export class LocalFileReader implements DriveFileReader {
  readonly #lease: ReadLease;
  readonly #hooks: LocalFileReaderHooks;
  #closed = false;
  /** A read failed: the handle is not given back for reuse. */
  #spoiled = false;
  /** Reads in flight; the last one to settle after close() releases the lease. */
  #reads = 0;
  #released = false;

  constructor(lease: ReadLease, hooks: LocalFileReaderHooks) {
    this.#lease = lease;
    this.#hooks = hooks;
  }

  async read(offset: number, length: number, into?: Buffer): Promise<Buffer> {
    return (await this.#read(offset, length, into, -1)).bytes;
  }

  readSummed(offset: number, length: number, into: Buffer | undefined, sumFrom: number): Promise<SummedRead> {
    if (!Number.isSafeInteger(sumFrom) || sumFrom < 0) return Promise.reject(new RangeError(`bad sum start ${sumFrom}`));
    return this.#read(offset, length, into, sumFrom);
  }

  async #read(offset: number, length: number, into: Buffer | undefined, sumFrom: number): Promise<SummedRead> {
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
      throw new RangeError(`bad read range offset=${offset} length=${length}`);
    }
    if (into !== undefined && into.length !== length) throw new RangeError(`read target is ${into.length} bytes, expected ${length}`);
    if (this.#closed) throw this.#hooks.fail(Object.assign(new Error('reader closed'), { code: 'EBADF' }));
    const buf = into ?? Buffer.allocUnsafe(length);
    this.#reads++;
    let r;
    try {
      r = await fileIo().read(this.#lease.handle.fd, buf, offset, sumFrom, dropDataPages());
    } catch (err) {
      this.#spoiled = true;
      throw this.#hooks.fail(err);
    } finally {
      this.#reads--;
      if (this.#closed && this.#reads === 0) this.#release();
    }
    if (r.bytesRead < length) {
      this.#spoiled = true;
      throw this.#hooks.shortRead();
    }
    return { bytes: buf, crc32c: r.crc32c };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#reads === 0) this.#release();
  }

  #release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#lease.release(this.#spoiled);
  }
}
