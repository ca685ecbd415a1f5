/**
 * The writer of a new file on a LocalDrive (createFile with newFile: a PUT's data file
 * `data/<ab>/<dataId>`). It opens nothing until its first call. A shard of one erasure block
 * arrives as a single finishWith(): the whole file (exclusive create, the summed write,
 * fdatasync, close, its directory's fsync) is then one FileIo.writeNewFile call, one
 * thread-pool job with the native file calls instead of four (README "Mid-size objects").
 * Any other first call opens the file the usual way (a LocalFileWriter, its directory's fsync
 * started at once) and goes on there. So does a finishWith() that finds the directory missing
 * (the first file of its fan-out directory) or whose directory's own entry another writer has
 * not made durable yet: the usual way makes and syncs those directories.
 */
import { rm } from 'node:fs/promises';
import type { DriveFileWriter } from './drive.js';
import type { FileIo } from './file-io.js';
import { classifyFsError } from './fs-errors.js';
import type { LocalFileWriter } from './local-file-writer.js';

/** What a LocalNewFileWriter writes to, given by its LocalDrive. */
export interface NewFileTarget {
  readonly io: FileIo;
  /** The file's absolute path, and its directory's. */
  readonly abs: string;
  readonly dir: string;
  readonly mode: number;
  /** Drop the file's pages from the page cache once synced (createFile dropCache). */
  readonly dropCache: boolean;
  /** Whether a whole file of these chunks is written with O_DIRECT (direct-write-policy.ts). */
  direct(chunks: readonly Buffer[]): boolean;
  /** Opens the file the usual way: the directory made when missing, its fsync started. */
  open(): Promise<LocalFileWriter>;
  /** True while the directory's own entry may not be durable yet (made by a writer still running). */
  dirPending(): boolean;
  /** Maps a raw fs error to a domain error. */
  fail(err: unknown): Error;
}

const NO_SUMS: readonly number[] = [];

export class LocalNewFileWriter implements DriveFileWriter {
  readonly #target: NewFileTarget;
  /** The usual writer, once something opened it. */
  #opened: Promise<LocalFileWriter> | undefined;
  /** The whole-file call, once started: true when it made the file (never rejects). */
  #whole: Promise<boolean> | undefined;
  #aborted = false;

  constructor(target: NewFileTarget) {
    this.#target = target;
  }

  async write(chunk: Buffer): Promise<void> {
    return (await this.#writer()).write(chunk);
  }

  async writev(chunks: readonly Buffer[]): Promise<void> {
    return (await this.#writer()).writev(chunks);
  }

  async writevSummed(chunks: readonly Buffer[], sums: readonly number[]): Promise<void> {
    return (await this.#writer()).writevSummed(chunks, sums);
  }

  async finish(): Promise<void> {
    return (await this.#writer()).finish();
  }

  async finishWith(chunks: readonly Buffer[], sums?: readonly number[]): Promise<void> {
    const t = this.#target;
    if (this.#opened === undefined && this.#whole === undefined && !this.#aborted && !t.dirPending()) {
      const whole = t.io.writeNewFile(t.abs, chunks, { mode: t.mode, sums, dir: t.dir, dropCache: t.dropCache, direct: t.direct(chunks) });
      this.#whole = whole.then(() => true, () => false);
      try {
        return await whole;
      } catch (err) {
        // Nothing was created when the directory is missing: the usual way makes it.
        if (classifyFsError(err) !== 'missing') throw t.fail(err);
      }
    }
    const w = await this.#writer(true);
    await w.writevSummed(chunks, sums ?? NO_SUMS);
    await w.finish();
  }

  async abort(): Promise<void> {
    this.#aborted = true;
    // A whole-file call still running (a drive past its deadline) is waited for, then undone.
    if (this.#whole !== undefined && (await this.#whole)) await rm(this.#target.abs, { force: true }).catch(() => undefined);
    const opened = await this.#opened?.catch(() => undefined);
    await opened?.abort();
  }

  /** The usual writer, opened on first use; `afterWhole`: finishWith's fallback. */
  #writer(afterWhole = false): Promise<LocalFileWriter> {
    if (this.#aborted || (this.#whole !== undefined && !afterWhole)) {
      return Promise.reject(this.#target.fail(Object.assign(new Error('writer closed'), { code: 'EBADF' })));
    }
    this.#opened ??= this.#target.open();
    return this.#opened;
  }
}
