/** One shard file on a LocalDrive opened once for many positional reads (one read stream). */
import type { FileHandle } from 'node:fs/promises';
import type { DriveFileReader } from './drive.js';
import type { ReadLease } from './read-handle-cache.js';

export interface LocalFileReaderHooks {
  /** Maps a raw fs error to a domain error. */
  readonly fail: (err: unknown) => Error;
  /** The error for fewer bytes than asked (the file is shorter than its metadata says). */
  readonly shortRead: () => Error;
}

/** Read exactly `length` bytes at `offset` into `into` or a fresh buffer; returns the bytes actually read. */
export async function readAt(handle: FileHandle, offset: number, length: number, into?: Buffer): Promise<{ buf: Buffer; got: number }> {
  const buf = into ?? Buffer.allocUnsafe(length);
  let got = 0;
  // Bounded: each iteration reads > 0 bytes or stops.
  while (got < length) {
    const { bytesRead } = await handle.read(buf, got, length - got, offset + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return { buf, got };
}

/** Reads through a leased handle (`read-handle-cache.ts`): close() gives it back, a failed read evicts it. */
export class LocalFileReader implements DriveFileReader {
  readonly #lease: ReadLease;
  readonly #hooks: LocalFileReaderHooks;
  #closed = false;
  /** A read failed: the handle is not given back for reuse. */
  #spoiled = false;

  constructor(lease: ReadLease, hooks: LocalFileReaderHooks) {
    this.#lease = lease;
    this.#hooks = hooks;
  }

  async read(offset: number, length: number, into?: Buffer): Promise<Buffer> {
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
      throw new RangeError(`bad read range offset=${offset} length=${length}`);
    }
    if (into !== undefined && into.length !== length) throw new RangeError(`read target is ${into.length} bytes, expected ${length}`);
    if (this.#closed) throw this.#hooks.fail(Object.assign(new Error('reader closed'), { code: 'EBADF' }));
    let r;
    try {
      r = await readAt(this.#lease.handle, offset, length, into);
    } catch (err) {
      this.#spoiled = true;
      throw this.#hooks.fail(err);
    }
    if (r.got < length) {
      this.#spoiled = true;
      throw this.#hooks.shortRead();
    }
    return r.buf;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#lease.release(this.#spoiled);
  }
}
