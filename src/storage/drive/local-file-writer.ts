/**
 * Sequential writer of one shard file on a LocalDrive: durable once finish() resolves (data
 * fdatasync-ed; with createFile's newFile or syncEntry, its directory entry fsync-ed as well).
 */
import type { FileHandle } from 'node:fs/promises';
import { rm } from 'node:fs/promises';
import type { DriveFileWriter } from './drive.js';

export interface LocalFileWriterHooks {
  /** Maps a raw fs error to a domain error. */
  readonly fail: (err: unknown) => Error;
}

export class LocalFileWriter implements DriveFileWriter {
  readonly #handle: FileHandle;
  readonly #absPath: string;
  readonly #hooks: LocalFileWriterHooks;
  /**
   * The fsync of the file's directory entry, awaited by finish(): already running (createFile
   * newFile), or started by finish() once the data is synced (createFile syncEntry).
   */
  readonly #entrySync: Promise<void> | (() => Promise<void>) | undefined;
  #state: 'open' | 'finished' | 'aborted' = 'open';

  constructor(handle: FileHandle, absPath: string, hooks: LocalFileWriterHooks, entrySync?: Promise<void> | (() => Promise<void>)) {
    this.#handle = handle;
    this.#absPath = absPath;
    this.#hooks = hooks;
    this.#entrySync = entrySync;
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.#state !== 'open') throw this.#hooks.fail(Object.assign(new Error('writer closed'), { code: 'EBADF' }));
    let off = 0;
    try {
      // handle.write may write fewer bytes than asked; loop until all are written (bounded by length).
      while (off < chunk.length) {
        const { bytesWritten } = await this.#handle.write(chunk, off, chunk.length - off);
        if (bytesWritten <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
        off += bytesWritten;
      }
    } catch (err) {
      throw this.#hooks.fail(err);
    }
  }

  async writev(chunks: readonly Buffer[]): Promise<void> {
    if (this.#state !== 'open') throw this.#hooks.fail(Object.assign(new Error('writer closed'), { code: 'EBADF' }));
    let rest = chunks.filter((c) => c.length > 0);
    try {
      // writev may write fewer bytes than asked; each round drops what was written (bounded by total length).
      while (rest.length > 0) {
        const { bytesWritten } = await this.#handle.writev(rest);
        if (bytesWritten <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
        rest = dropWritten(rest, bytesWritten);
      }
    } catch (err) {
      throw this.#hooks.fail(err);
    }
  }

  async finish(): Promise<void> {
    if (this.#state !== 'open') throw this.#hooks.fail(Object.assign(new Error('writer closed'), { code: 'EBADF' }));
    this.#state = 'finished';
    try {
      await this.#handle.datasync();
      const entry = this.#entrySync;
      const synced = typeof entry === 'function' ? entry() : entry;
      await Promise.all([this.#handle.close(), synced]); // both observed: no unhandled rejection
    } catch (err) {
      await this.#handle.close().catch(() => undefined);
      await rm(this.#absPath, { force: true }).catch(() => undefined);
      throw this.#hooks.fail(err);
    }
  }

  async abort(): Promise<void> {
    if (this.#state === 'aborted') return;
    const wasOpen = this.#state === 'open';
    this.#state = 'aborted';
    if (wasOpen) await this.#handle.close().catch(() => undefined);
    await rm(this.#absPath, { force: true }).catch(() => undefined);
  }
}

/** The buffers left after the first `written` bytes of `chunks` were written. */
function dropWritten(chunks: readonly Buffer[], written: number): Buffer[] {
  let skip = written;
  let i = 0;
  while (i < chunks.length && skip >= chunks[i]!.length) skip -= chunks[i++]!.length;
  const out = chunks.slice(i);
  if (skip > 0 && out.length > 0) out[0] = out[0]!.subarray(skip);
  return out;
}
