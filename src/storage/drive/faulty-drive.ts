/**
 * FaultyDrive: a test decorator around any Drive that injects faults, switchable at runtime:
 * offline, slow (delay per call), fail every call, fail only writes, corrupt the bytes of
 * readFile/readAll. Used by the erasure tests and the integration tests (take k drives out).
 */
import type { CreateFileOptions, Drive, DriveFileWriter, DriveInfo, MetaEntry, MetaOp, MetaRangeOptions, ProbedDrive } from './drive.js';
import { DriveOfflineError } from '../../errors/domain-errors.js';

export interface DriveFaults {
  /** Every call throws DriveOfflineError and isOnline() is false. */
  readonly offline: boolean;
  /** Delay before every call, in ms (0 = none). */
  readonly delayMs: number;
  /** Every call throws this error. */
  readonly failAll: Error | undefined;
  /** Every mutating call (file writes, rename, remove, meta writes, format) throws this error. */
  readonly failWrites: Error | undefined;
  /** Bytes returned by readFile/readAll are corrupted (one byte flipped per 64 KiB, at least one). */
  readonly corruptReads: boolean;
}

const NO_FAULTS: DriveFaults = { offline: false, delayMs: 0, failAll: undefined, failWrites: undefined, corruptReads: false };

export class FaultyDrive implements ProbedDrive {
  readonly inner: Drive;
  #faults: DriveFaults = NO_FAULTS;

  constructor(inner: Drive) {
    this.inner = inner;
  }

  get endpoint(): string {
    return this.inner.endpoint;
  }

  get faults(): DriveFaults {
    return this.#faults;
  }

  /** Merge the given faults into the current ones. */
  set(faults: Partial<DriveFaults>): this {
    this.#faults = { ...this.#faults, ...faults };
    return this;
  }

  /** Back to a healthy pass-through. */
  reset(): this {
    this.#faults = NO_FAULTS;
    return this;
  }

  isOnline(): boolean {
    return !this.#faults.offline && this.inner.isOnline();
  }
  async info(): Promise<DriveInfo> {
    await this.#gate(false);
    return this.inner.info();
  }
  /** Fails while a fault is set, like every call; else the inner drive's probe (when it has one). */
  async probe(): Promise<void> {
    await this.#gate(false);
    const inner = this.inner as Drive & Partial<Pick<ProbedDrive, 'probe'>>;
    if (inner.probe !== undefined) await inner.probe();
  }
  async close(): Promise<void> {
    await this.inner.close();
  }

  async readFormat(): Promise<Buffer | undefined> {
    await this.#gate(false);
    return this.inner.readFormat();
  }
  async writeFormat(doc: Buffer): Promise<void> {
    await this.#gate(true);
    return this.inner.writeFormat(doc);
  }

  async metaGet(key: string): Promise<Buffer | undefined> {
    await this.#gate(false);
    return this.inner.metaGet(key);
  }
  async metaGetMany(keys: readonly string[]): Promise<(Buffer | undefined)[]> {
    await this.#gate(false);
    return this.inner.metaGetMany(keys);
  }
  async metaBatch(ops: readonly MetaOp[]): Promise<void> {
    await this.#gate(true);
    return this.inner.metaBatch(ops);
  }
  async metaUpdate<T>(keys: readonly string[], fn: (current: (Buffer | undefined)[]) => { ops: readonly MetaOp[]; result: T }): Promise<T> {
    await this.#gate(true);
    return this.inner.metaUpdate(keys, fn);
  }
  async metaRange(opts: MetaRangeOptions): Promise<MetaEntry[]> {
    await this.#gate(false);
    return this.inner.metaRange(opts);
  }

  async createFile(path: string, opts?: CreateFileOptions): Promise<DriveFileWriter> {
    await this.#gate(true);
    const w = await this.inner.createFile(path, opts);
    return {
      write: async (chunk) => { await this.#gate(true); return w.write(chunk); },
      finish: async () => {
        try {
          await this.#gate(true);
        } catch (err) {
          await w.abort();
          throw err;
        }
        return w.finish();
      },
      // A slow drive is slow to remove the partial file too (abort never throws).
      abort: async () => {
        const ms = this.#faults.delayMs;
        if (ms > 0) await new Promise((r) => setTimeout(r, ms));
        return w.abort();
      },
    };
  }
  async readFile(path: string, offset: number, length: number): Promise<Buffer> {
    await this.#gate(false);
    return this.#maybeCorrupt(await this.inner.readFile(path, offset, length));
  }
  async readAll(path: string): Promise<Buffer> {
    await this.#gate(false);
    return this.#maybeCorrupt(await this.inner.readAll(path));
  }
  async statFile(path: string): Promise<{ size: number; mtimeMs: number } | undefined> {
    await this.#gate(false);
    return this.inner.statFile(path);
  }
  async rename(src: string, dst: string): Promise<void> {
    await this.#gate(true);
    return this.inner.rename(src, dst);
  }
  async remove(path: string): Promise<void> {
    await this.#gate(true);
    return this.inner.remove(path);
  }
  async list(path: string): Promise<string[]> {
    await this.#gate(false);
    return this.inner.list(path);
  }

  async #gate(isWrite: boolean): Promise<void> {
    const f = this.#faults;
    if (f.delayMs > 0) await new Promise((r) => setTimeout(r, f.delayMs));
    const now = this.#faults; // faults may have changed during the delay
    if (now.offline) throw new DriveOfflineError(this.endpoint, { cause: new Error('injected: offline') });
    if (now.failAll !== undefined) throw now.failAll;
    if (isWrite && now.failWrites !== undefined) throw now.failWrites;
  }

  #maybeCorrupt(buf: Buffer): Buffer {
    if (!this.#faults.corruptReads || buf.length === 0) return buf;
    const out = Buffer.from(buf);
    for (let i = 0; i < out.length; i += 65536) out[i] = out[i]! ^ 0xff;
    out[out.length - 1] = out[out.length - 1]! ^ 0x5a;
    return out;
  }
}
