/**
 * The file calls a LocalDrive's shard writers make, on one of two implementations chosen for the
 * process (CAIRN_FILE_IO): `native`, the `cairn-native-fileio` addon (native/fileio), one
 * thread-pool job per step (open; a gathered positional write; fdatasync + close; a directory's
 * open + fsync + close; or all of these for a whole new file); `node`, node:fs/promises, one
 * job per system call. Both write the same bytes to the same files; `auto` (the default) is
 * native when the addon loaded.
 *
 * Why: a PUT's data file took seven thread-pool jobs per drive through node:fs/promises, each
 * with its submit (a futex wake), its completion and a promise on the event loop; the native
 * calls make four (README "Mid-size objects", native file calls). A GET's shard frame is one
 * native read job that also sums the frame's bytes for its bitrot check off the event loop.
 */
import { nativeFileIo, nativeFileIoUnavailable } from './native-file-io.js';
import { nodeFileIo } from './node-file-io.js';

/** A file open for writing. Every method is called at most once at a time. */
export interface WriteFile {
  /**
   * Writes every byte of `chunks` (empty ones are skipped) at `position`; with `sums` (crc-sums.ts), each
   * listed 4-byte header chunk first gets its data chunk's CRC-32C: native, on the pool thread
   * that writes; node, on the calling thread.
   */
  writev(chunks: readonly Buffer[], position: number, sums?: readonly number[]): Promise<void>;
  /**
   * fdatasync, then close; the file is closed whatever failed. `dropCache`: once synced, the
   * file's pages leave the page cache (native: posix_fadvise DONTNEED; node:fs has no such
   * call, so node keeps them), for a file that is rarely read (a parity shard).
   */
  syncClose(dropCache?: boolean): Promise<void>;
  /** Closes without syncing. */
  close(): Promise<void>;
}

/** How FileIo.writeNewFile makes its file. */
export interface NewFileOptions {
  readonly mode: number;
  /** As in WriteFile.writev. */
  readonly sums?: readonly number[];
  /** The directory whose entries are made durable after the file. */
  readonly dir?: string;
  /** As syncClose's. */
  readonly dropCache?: boolean;
  /**
   * The file's whole 4 KiB blocks go to the device with O_DIRECT, not through the page cache
   * (native only; node:fs cannot align its buffers, so node writes through the cache). Where
   * the file system refuses O_DIRECT the file is written through the cache.
   */
  readonly direct?: boolean;
}

/** What FileIo.read answers. */
export interface FileRead {
  /** Bytes read: fewer than asked only where the file ended. */
  readonly bytesRead: number;
  /** CRC-32C of the bytes read from `sumFrom` on (0 when none); -1 when no sum was asked. */
  readonly crc32c: number;
}

export interface FileIo {
  readonly name: 'native' | 'node';
  /**
   * Reads `into.length` bytes at `position` of the open descriptor `fd` (fewer only at the end
   * of the file), and with `sumFrom >= 0` the CRC-32C of the bytes from `sumFrom` on: native,
   * one thread-pool job that sums them on its thread; node, fs.read (again after a short read)
   * and the sum on the calling thread. The caller keeps `fd` open until the promise settles.
   * With `dropCache`, the pages read leave the page cache afterwards (native: posix_fadvise
   * DONTNEED in the same job; node: kept, node:fs has no fadvise). data-cache-policy.ts says when.
   */
  read(fd: number, into: Buffer, position: number, sumFrom: number, dropCache?: boolean): Promise<FileRead>;
  /**
   * Opens `abs` for writing: created exclusively (EEXIST if it exists), or created or truncated.
   * `direct` (native only; node ignores it): the file's whole 4 KiB blocks go to the device with
   * O_DIRECT where the file system takes it, the last bytes through the page cache at
   * syncClose; such a file is written sequentially (each writev where the previous one ended).
   */
  openWrite(abs: string, exclusive: boolean, mode: number, direct?: boolean): Promise<WriteFile>;
  /** Makes the entries of directory `abs` durable (open, fsync, close). */
  syncDir(abs: string): Promise<void>;
  /**
   * A whole new file, durable when the promise resolves: creates `abs` exclusively (EEXIST if
   * it exists), writes `chunks` from offset 0, fdatasync, close, then, with `opts.dir`, makes
   * the entries of that directory durable. When a step after the create fails, the file is
   * removed before the promise rejects. Native: one thread-pool job; node: one job per system
   * call.
   */
  writeNewFile(abs: string, chunks: readonly Buffer[], opts: NewFileOptions): Promise<void>;
  /**
   * Marks directory `abs` as the top of a hierarchy (FS_TOPDIR_FL, `chattr +T`), so that ext4
   * places its subdirectories, and the files in them, over many block groups instead of near
   * it. Resolves true when the flag is set; false when this implementation cannot set it (node:
   * there is no ioctl in node:fs). Rejects with the file system's error (ENOTSUP on tmpfs...).
   */
  spreadSubdirs(abs: string): Promise<boolean>;
}

export type FileIoChoice = 'auto' | 'native' | 'node';

let active: FileIo = nativeFileIo ?? nodeFileIo;

/** What the drives of this process write with now. */
export function fileIo(): FileIo {
  return active;
}

/** Chooses the implementation for the process; `native` without the addon throws, saying why. */
export function selectFileIo(choice: FileIoChoice): FileIo {
  if (choice === 'node') active = nodeFileIo;
  else if (nativeFileIo !== undefined) active = nativeFileIo;
  else if (choice === 'native') throw new Error(`CAIRN_FILE_IO=native: ${nativeFileIoUnavailable}`);
  else active = nodeFileIo;
  return active;
}

/** Why the addon is not used when it is not (undefined when it loaded). */
export function fileIoNativeUnavailable(): string | undefined {
  return nativeFileIo === undefined ? nativeFileIoUnavailable : undefined;
}
