/**
 * FileIo on the `cairn-native-fileio` addon (native/fileio): the directory fsync and a file's
 * fdatasync + close are one thread-pool job each, and a gathered write loops over short writes
 * inside its job (file-io.ts). Errors carry node:fs's code, errno, syscall and path.
 */
import { constants } from 'node:fs';
import { crc32c } from '../../util/crc32c.js';
import { loadNativeAddon } from '../../util/native-addon.js';
import { checkSums, fillSums } from './crc-sums.js';
import type { FileIo, FileRead, WriteFile } from './file-io.js';

type Callback<T> = (err: Error | null, value: T) => void;
interface Addon {
  readonly available: boolean;
  readonly reason?: string;
  open(path: string, flags: number, mode: number, cb: Callback<number>): void;
  writev(fd: number, chunks: readonly Uint8Array[], position: number, cb: Callback<number>): void;
  writevSummed(fd: number, chunks: readonly Uint8Array[], position: number, sums: readonly number[], cb: Callback<number>): void;
  finish(fd: number, chunks: readonly Uint8Array[], position: number, dropCache: boolean, cb: Callback<number>): void;
  writeFile(path: string, mode: number, chunks: readonly Uint8Array[], sums: readonly number[], dir: string, dropCache: boolean, direct: boolean, cb: Callback<number>): void;
  close(fd: number, cb: Callback<number>): void;
  syncDir(path: string, cb: Callback<number>): void;
  spreadSubdirs(path: string, cb: Callback<number>): void;
  read(fd: number, into: Uint8Array, position: number, sumFrom: number, cb: (err: Error | null, bytesRead: number, crc: number) => void, dropCache?: boolean): void;
  /** read() sums with the SSE4.2 kernel; false: the byte-table loop, so sums are made in JS instead. */
  readonly crcInPool: boolean;
}

const loaded = loadNativeAddon<Addon>('cairn-native-fileio');
const addon: Addon | undefined = loaded.available && typeof (loaded as Addon).spreadSubdirs === 'function' ? loaded as Addon : undefined;
export const nativeFileIoUnavailable = addon === undefined ? (loaded.reason ?? 'the native file addon did not load') : undefined;

const EXCLUSIVE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL;
const TRUNCATE = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC;
const NO_CHUNKS: readonly Uint8Array[] = [];
const NO_SUMS: readonly number[] = [];

/**
 * The sums to hand the addon: `sums` when it sums on its pool thread (it checks them as
 * checkSums does); otherwise they are checked and filled here and none are handed on.
 */
function addonSums(a: Addon, chunks: readonly Buffer[], sums: readonly number[] | undefined): readonly number[] {
  if (sums === undefined || sums.length === 0) return NO_SUMS;
  if (a.crcInPool) return sums;
  checkSums(chunks, sums);
  fillSums(chunks, sums);
  return NO_SUMS;
}

/** A promise of the addon's callback answer. */
function call<T>(start: (cb: Callback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => start((err, value) => (err !== null ? reject(err) : resolve(value))));
}

/** The error a call on a descriptor this writer already closed gets (shaped as node:fs's). */
function closedError(syscall: string): Error {
  return Object.assign(new Error(`EBADF: bad file descriptor, ${syscall}`), { code: 'EBADF', errno: -9, syscall });
}

/**
 * One descriptor. Its number is never used once a close has started: the kernel may give it
 * to the next open, and a late write would land in another file. So close() (an abort while a
 * write is still running, e.g. on a drive past its deadline) first waits for the call in
 * flight, and every call after a close is refused here without reaching the addon.
 */
class NativeWriteFile implements WriteFile {
  readonly #addon: Addon;
  readonly #fd: number;
  /** The call in flight (settled, never rejecting), awaited by close(). */
  #busy: Promise<unknown> = Promise.resolve();
  #closing = false;

  constructor(a: Addon, fd: number) {
    this.#addon = a;
    this.#fd = fd;
  }

  writev(chunks: readonly Buffer[], position: number, sums?: readonly number[]): Promise<void> {
    if (this.#closing) return Promise.reject(closedError('write'));
    let summed: readonly number[];
    try {
      summed = addonSums(this.#addon, chunks, sums);
    } catch (err) {
      return Promise.reject(err);
    }
    if (summed.length > 0) return this.#track(call<number>((cb) => this.#addon.writevSummed(this.#fd, chunks, position, summed, cb)));
    return this.#track(call<number>((cb) => this.#addon.writev(this.#fd, chunks, position, cb)));
  }

  syncClose(dropCache = false): Promise<void> {
    if (this.#closing) return Promise.reject(closedError('fdatasync'));
    this.#closing = true;
    return this.#track(this.#busy.then(() => call<number>((cb) => this.#addon.finish(this.#fd, NO_CHUNKS, 0, dropCache, cb))));
  }

  close(): Promise<void> {
    if (this.#closing) return Promise.reject(closedError('close'));
    this.#closing = true;
    return this.#track(this.#busy.then(() => call<number>((cb) => this.#addon.close(this.#fd, cb))));
  }

  async #track(p: Promise<number>): Promise<void> {
    const settled = p.then(() => undefined, () => undefined);
    const before = this.#busy;
    this.#busy = before.then(() => settled);
    await p;
  }
}

function readWith(a: Addon, fd: number, into: Buffer, position: number, sumFrom: number, dropCache: boolean): Promise<FileRead> {
  const inPool = a.crcInPool || sumFrom < 0;
  return new Promise((resolve, reject) => {
    a.read(fd, into, position, inPool ? sumFrom : -1, (err, bytesRead, crc) => {
      if (err !== null) reject(err);
      else if (inPool) resolve({ bytesRead, crc32c: crc });
      else resolve({ bytesRead, crc32c: sumFrom < bytesRead ? crc32c(into.subarray(sumFrom, bytesRead)) >>> 0 : 0 });
    }, dropCache);
  });
}

function nativeOf(a: Addon): FileIo {
  return {
    name: 'native',
    read: (fd, into, position, sumFrom, dropCache = false) => readWith(a, fd, into, position, sumFrom, dropCache),
    async openWrite(abs, exclusive, mode) {
      const fd = await call<number>((cb) => a.open(abs, exclusive ? EXCLUSIVE : TRUNCATE, mode, cb));
      return new NativeWriteFile(a, fd);
    },
    async syncDir(abs) {
      await call<number>((cb) => a.syncDir(abs, cb));
    },
    async spreadSubdirs(abs) {
      await call<number>((cb) => a.spreadSubdirs(abs, cb));
      return true;
    },
    async writeNewFile(abs, chunks, opts) {
      const summed = addonSums(a, chunks, opts.sums);
      await call<number>((cb) => a.writeFile(abs, opts.mode, chunks, summed, opts.dir ?? '', opts.dropCache === true, opts.direct === true, cb));
    },
  };
}

/** Undefined when the addon is not built or did not load (nativeFileIoUnavailable says why). */
export const nativeFileIo: FileIo | undefined = addon === undefined ? undefined : nativeOf(addon);
