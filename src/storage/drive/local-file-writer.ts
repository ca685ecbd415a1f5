/**
 * Sequential writer of one shard file on a LocalDrive: durable once finish() resolves (data
 * fdatasync-ed; with createFile's newFile or syncEntry, its directory entry fsync-ed as well).
 * The file calls go through the process's FileIo (file-io.ts).
 */
import { rm } from 'node:fs/promises';
import type { DriveFileWriter } from './drive.js';
import type { WriteFile } from './file-io.js';

export interface LocalFileWriterHooks {
  /** Maps a raw fs error to a domain error. */
  readonly fail: (err: unknown) => Error;
}

export class LocalFileWriter implements DriveFileWriter {
  readonly #file: WriteFile;
  readonly #absPath: string;
  readonly #hooks: LocalFileWriterHooks;
  /**
   * The fsync of the file's directory entry, awaited by finish(): already running (createFile
   * newFile), or started by finish() once the data is synced (createFile syncEntry).
   */
  readonly #entrySync: Promise<void> | (() => Promise<void>) | undefined;
  #state: 'open' | 'finished' | 'aborted' = 'open';
  /** Bytes written so far: where the next write goes. */
  #position = 0;

  /** Drop the file's pages from the page cache once synced (createFile dropCache). */
  readonly #dropCache: boolean;

  constructor(file: WriteFile, absPath: string, hooks: LocalFileWriterHooks, entrySync?: Promise<void> | (() => Promise<void>), dropCache = false) {
    this.#file = file;
    this.#dropCache = dropCache;
    this.#absPath = absPath;
    this.#hooks = hooks;
    this.#entrySync = entrySync;
  }

  write(chunk: Buffer): Promise<void> {
    return this.writev([chunk]);
  }

  writev(chunks: readonly Buffer[]): Promise<void> {
    return this.#writev(chunks, undefined);
  }

  writevSummed(chunks: readonly Buffer[], sums: readonly number[]): Promise<void> {
    return this.#writev(chunks, sums);
  }

  async #writev(chunks: readonly Buffer[], sums: readonly number[] | undefined): Promise<void> {
    if (this.#state !== 'open') throw this.#hooks.fail(Object.assign(new Error('writer closed'), { code: 'EBADF' }));
    let length = 0;
    for (const c of chunks) length += c.length;
    if (length === 0) return;
    const at = this.#position;
    this.#position += length;
    try {
      // Empty chunks go through as they are (both FileIo implementations skip them), so the
      // indexes of `sums` stay those of `chunks`.
      await this.#file.writev(chunks, at, sums);
    } catch (err) {
      throw this.#hooks.fail(err);
    }
  }

  async finish(): Promise<void> {
    if (this.#state !== 'open') throw this.#hooks.fail(Object.assign(new Error('writer closed'), { code: 'EBADF' }));
    this.#state = 'finished';
    try {
      await this.#file.syncClose(this.#dropCache);
    } catch (err) {
      await rm(this.#absPath, { force: true }).catch(() => undefined);
      throw this.#hooks.fail(err);
    }
    try {
      const entry = this.#entrySync;
      await (typeof entry === 'function' ? entry() : entry);
    } catch (err) {
      await rm(this.#absPath, { force: true }).catch(() => undefined);
      throw this.#hooks.fail(err);
    }
  }

  async abort(): Promise<void> {
    if (this.#state === 'aborted') return;
    const wasOpen = this.#state === 'open';
    this.#state = 'aborted';
    if (wasOpen) await this.#file.close().catch(() => undefined);
    await rm(this.#absPath, { force: true }).catch(() => undefined);
  }
}
