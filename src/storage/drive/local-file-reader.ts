/**
 * One shard file on a LocalDrive opened once for many positional reads (one read stream).
 * Given a FrameReadPool it also offers readFrame(): the frame is read and its crc32c checked
 * on a pool worker through the handle's fd. close() waits for those reads to settle before it
 * closes the handle: a closed fd number can be reused by the next open file at once, and a
 * late read would then read that file.
 */
import type { FileHandle } from 'node:fs/promises';
import { checkFrame } from '../../util/frame-check.js';
import { FrameReadPoolError, type FrameReadPool } from '../../util/frame-read-pool.js';
import type { DriveFileReader } from './drive.js';

export interface LocalFileReaderHooks {
  /** Maps a raw fs error to a domain error (and records drive health). */
  readonly fail: (err: unknown) => Error;
  readonly succeed: () => void;
  /** The error for fewer bytes than asked (the file is shorter than its metadata says). */
  readonly shortRead: () => Error;
}

export interface LocalFileReaderOptions {
  /** Worker threads for readFrame(); without it the reader has no readFrame. */
  readonly frameReadPool?: FrameReadPool | undefined;
}

/** Read exactly `length` bytes at `offset` into a fresh buffer; returns the bytes actually read. */
export async function readAt(handle: FileHandle, offset: number, length: number): Promise<{ buf: Buffer; got: number }> {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  // Bounded: each iteration reads > 0 bytes or stops.
  while (got < length) {
    const { bytesRead } = await handle.read(buf, got, length - got, offset + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return { buf, got };
}

function checkRange(offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
    throw new RangeError(`bad read range offset=${offset} length=${length}`);
  }
}

export class LocalFileReader implements DriveFileReader {
  readonly #handle: FileHandle;
  readonly #hooks: LocalFileReaderHooks;
  readonly #pool: FrameReadPool | undefined;
  /** Pool reads of this handle's fd in flight (settled promises, never reject). */
  readonly #inFlight = new Set<Promise<void>>();
  #closed = false;
  #closing: Promise<void> | undefined;
  /** Present only with a pool (see DriveFileReader.readFrame). */
  readonly readFrame: DriveFileReader['readFrame'];

  constructor(handle: FileHandle, hooks: LocalFileReaderHooks, opts: LocalFileReaderOptions = {}) {
    this.#handle = handle;
    this.#hooks = hooks;
    this.#pool = opts.frameReadPool;
    if (this.#pool !== undefined) this.readFrame = (offset, length, check) => this.#readFrame(offset, length, check);
  }

  async read(offset: number, length: number): Promise<Buffer> {
    checkRange(offset, length);
    if (this.#closed) throw this.#closedError();
    let r;
    try {
      r = await readAt(this.#handle, offset, length);
    } catch (err) {
      throw this.#hooks.fail(err);
    }
    this.#hooks.succeed();
    if (r.got < length) throw this.#hooks.shortRead();
    return r.buf;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#closing ??= (async () => {
      // Bounded: no read starts once closed, so the set only shrinks.
      while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
      await this.#handle.close().catch(() => undefined);
    })();
    return this.#closing;
  }

  /** Tests: pool reads of this reader in flight. */
  get inFlightForTest(): number {
    return this.#inFlight.size;
  }

  async #readFrame(offset: number, length: number, check: 'crc32c-le-prefix'): Promise<Buffer | undefined> {
    checkRange(offset, length);
    if (this.#closed) throw this.#closedError();
    // Synchronous from the closed check to the registration: close() sees every read started.
    const reading = this.#pool!.read({ fd: this.#handle.fd, offset, length, check });
    const settled = reading.then(() => undefined, () => undefined);
    this.#inFlight.add(settled);
    void settled.then(() => this.#inFlight.delete(settled));
    let r;
    try {
      r = await reading;
    } catch (err) {
      // The pool could not do it (worker died, pool closed): same read and check, here.
      if (err instanceof FrameReadPoolError) return this.#readFrameHere(offset, length, check);
      throw this.#hooks.fail(err);
    }
    this.#hooks.succeed();
    if (r.got < length) throw this.#hooks.shortRead();
    return r.ok ? r.buf : undefined;
  }

  async #readFrameHere(offset: number, length: number, check: 'crc32c-le-prefix'): Promise<Buffer | undefined> {
    const frame = await this.read(offset, length);
    return checkFrame(frame, check) ? frame : undefined;
  }

  #closedError(): Error {
    return this.#hooks.fail(Object.assign(new Error('reader closed'), { code: 'EBADF' }));
  }
}
