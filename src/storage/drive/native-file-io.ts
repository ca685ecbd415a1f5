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
  writevCarry(fd: number, chunks: readonly Uint8Array[], position: number, sums: readonly number[], carry: Uint8Array, cb: Callback<number>): void;
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
const addon: Addon | undefined = loaded.available && typeof (loaded as Addon).writevCarry === 'function' ? loaded as Addon : undefined;
export const nativeFileIoUnavailable = addon === undefined ? (loaded.reason ?? 'the native file addon did not load') : undefined;

const EXCLUSIVE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL;
const TRUNCATE = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC;
/** The addon's open asks for it with fcntl after the open; 0 where the platform has none. */
const DIRECT = constants.O_DIRECT ?? 0;
/** A direct writer's tail is under one 4 KiB block: the addon wants room for a whole one. */
const CARRY_BYTES = 4096;
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
  /**
   * A direct writer's two tail buffers (the addon copies the new tail into the one the call
   * does not read from), and its tail not written yet: `#carry[#carryIn]`'s first #carryLength
   * bytes, which belong at #carryAt. Undefined for a buffered writer.
   */
  readonly #carry: [Buffer, Buffer] | undefined;
  #carryIn = 0;
  #carryLength = 0;
  #carryAt = 0;

  constructor(a: Addon, fd: number, direct: boolean) {
    this.#addon = a;
    this.#fd = fd;
    if (direct) {
      const both = Buffer.allocUnsafeSlow(2 * CARRY_BYTES);
      this.#carry = [both.subarray(0, CARRY_BYTES), both.subarray(CARRY_BYTES)];
    }
  }

  writev(chunks: readonly Buffer[], position: number, sums?: readonly number[]): Promise<void> {
    if (this.#closing) return Promise.reject(closedError('write'));
    let summed: readonly number[];
    try {
      summed = addonSums(this.#addon, chunks, sums);
    } catch (err) {
      return Promise.reject(err);
    }
    if (this.#carry !== undefined) return this.#track(this.#writeCarried(this.#carry, chunks, position, summed));
    if (summed.length > 0) return this.#track(call<number>((cb) => this.#addon.writevSummed(this.#fd, chunks, position, summed, cb)));
    return this.#track(call<number>((cb) => this.#addon.writev(this.#fd, chunks, position, cb)));
  }

  /** A direct writer's writev: the tail kept last time first, the new tail kept for next time. */
  async #writeCarried(carry: [Buffer, Buffer], chunks: readonly Buffer[], position: number, summed: readonly number[]): Promise<number> {
    if (position !== this.#carryAt + this.#carryLength) {
      throw new RangeError(`a direct writer writes sequentially: at ${position}, expected ${this.#carryAt + this.#carryLength}`);
    }
    const list = [carry[this.#carryIn]!.subarray(0, this.#carryLength), ...chunks];
    let length = 0;
    for (const c of list) length += c.length;
    const out = 1 - this.#carryIn;
    const shifted = summed.length === 0 ? summed : summed.map((i) => i + 1);
    const kept = await call<number>((cb) => this.#addon.writevCarry(this.#fd, list, this.#carryAt, shifted, carry[out]!, cb));
    this.#carryAt += length - kept;
    this.#carryLength = kept;
    this.#carryIn = out;
    return kept;
  }

  syncClose(dropCache = false): Promise<void> {
    if (this.#closing) return Promise.reject(closedError('fdatasync'));
    this.#closing = true;
    return this.#track(this.#busy.then(() => {
      // A direct writer's kept tail (as the last write left it) is written by finish, which
      // clears O_DIRECT first.
      const tail = this.#carry === undefined || this.#carryLength === 0 ? NO_CHUNKS : [this.#carry[this.#carryIn]!.subarray(0, this.#carryLength)];
      return call<number>((cb) => this.#addon.finish(this.#fd, tail, this.#carryAt, dropCache, cb));
    }));
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
    async openWrite(abs, exclusive, mode, direct = false) {
      const useDirect = direct && DIRECT !== 0;
      const fd = await call<number>((cb) => a.open(abs, (exclusive ? EXCLUSIVE : TRUNCATE) | (useDirect ? DIRECT : 0), mode, cb));
      return new NativeWriteFile(a, fd, useDirect);
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
