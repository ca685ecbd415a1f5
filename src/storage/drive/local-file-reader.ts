/** One shard file on a LocalDrive opened once for many positional reads (one read stream). */
import type { FileHandle } from 'node:fs/promises';
import type { DriveFileReader } from './drive.js';

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

export class LocalFileReader implements DriveFileReader {
  readonly #handle: FileHandle;
  readonly #hooks: LocalFileReaderHooks;
  #closed = false;

  constructor(handle: FileHandle, hooks: LocalFileReaderHooks) {
    this.#handle = handle;
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
      r = await readAt(this.#handle, offset, length, into);
    } catch (err) {
      throw this.#hooks.fail(err);
    }
    if (r.got < length) throw this.#hooks.shortRead();
    return r.buf;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#handle.close().catch(() => undefined);
  }
}
