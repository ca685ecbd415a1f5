/**
 * The Drive interface: everything the erasure layer needs from one drive.
 *
 * A drive holds two things:
 *  - an ordered, durable key-value store for metadata (LMDB for a local drive). Keys are
 *    strings ordered by their UTF-8 bytes (the S3 listing order). Values are opaque bytes.
 *  - files of shard data, addressed by engine-generated relative paths built only from
 *    opaque ids (`tmp/<uuid>/part.1`, `data/<ab>/<dataId>`, `data/<ab>/<dataId>/part.<N>`, `multipart/<uploadId>/...`),
 *    never from object keys. Implementations must reject any path containing `..`, a NUL or
 *    an absolute path (DrivePathError) so nothing can reach outside the drive.
 *
 * All methods throw domain errors: DriveOfflineError (the drive cannot be used),
 * DriveFullError (ENOSPC), FileNotFoundError (missing path). Writes are durable when the
 * returned promise resolves (fsync for files, synced commit for metadata).
 *
 * Implementations: LocalDrive (a directory + LMDB), HealthTrackedDrive (decorator: marks a
 * failing drive offline and probes it back), FaultyDrive (test decorator), RemoteDrive (later,
 * over cluster RPC). All pass test/contracts/drive.contract.ts.
 */

import type { ObjectRecord } from '../format/object-record.js';

export interface DriveInfo {
  readonly endpoint: string;   // what the operator typed, e.g. /data/d1
  readonly totalBytes: number;
  readonly freeBytes: number;
  readonly usedBytes: number;
}

export interface MetaEntry {
  readonly key: string;
  readonly value: Buffer;
}

export type MetaOp =
  | {
    readonly key: string;
    readonly value: Buffer;
    /**
     * Only on an object record put (`o/...`): the record `value` encodes, from which the store
     * makes the listing summary without decoding `value` again (listing-summary-index.ts).
     */
    readonly record?: ObjectRecord;
  }                                                           // put
  | { readonly key: string; readonly value: null };           // delete

export interface MetaRangeOptions {
  /** Inclusive lower bound (or upper bound when reverse). */
  readonly start?: string;
  /** Exclusive upper bound (or lower bound when reverse). */
  readonly end?: string;
  readonly limit?: number;
  readonly reverse?: boolean;
  /** Keys only: every entry's value is empty (the drive reads no value), e.g. to count copies. */
  readonly keysOnly?: boolean;
  /**
   * Copies the caller already holds (e.g. another drive's entries of the same range), asked for
   * each entry's key in the scan's order: an entry whose value is byte-identical to
   * `known(key)` comes back with that very Buffer instead of a copy, so the caller can tell
   * equal copies by identity. A hint: a drive may ignore it and return copies.
   */
  readonly known?: (key: string) => Buffer | undefined;
}

/** Options of Drive.createFile. */
export interface CreateFileOptions {
  /**
   * The file is new, named by a fresh random id, in a directory that usually exists: createFile
   * creates it exclusively (fails if it exists) with one open, makes the directory (and its
   * missing parents) only when the open finds it missing, and starts the fsync of its directory
   * (and of the parents of directories made here) at once, so that it overlaps the writes;
   * finish() awaits it after the data is synced. This is how a PUT writes its data file
   * `data/<ab>/<dataId>` in place, without a staging file, a rename or a directory of its own.
   */
  readonly newFile?: boolean;
  /**
   * With newFile: the caller will most likely write the whole file with one finishWith() (a
   * shard of one erasure block). Nothing is opened until the writer's first call, so a drive
   * that cannot create the file fails that call, not createFile; a LocalDrive then writes
   * the whole file in one call of its file layer (local-new-file-writer.ts).
   */
  readonly singleWrite?: boolean;
  /**
   * The file will rarely be read (a parity shard: GETs read the data shards): once synced,
   * its pages leave the page cache, so they do not crowd out what is read. In a container
   * whose memory limit counts the page cache, that leaves the room to the data shards.
   */
  readonly dropCache?: boolean;
  /**
   * The file goes into a directory that may exist (made when missing): finish() also makes the
   * file's entry durable (fsync of its directory, and of the parents of directories made here),
   * once the data is synced (a directory fsync started earlier made the journal flush the
   * part's data while it was still being written: no faster in A/B runs of 5 MiB parts). This
   * is how UploadPart writes a part in place into its upload's data dir, without a staging
   * file and a rename.
   */
  readonly syncEntry?: boolean;
}

/** Sequential writer of one file; durable (fsynced, closed) once finish() resolves. */
export interface DriveFileWriter {
  write(chunk: Buffer): Promise<void>;
  /**
   * Optional: append several buffers in order in one call (gathered write, no concatenation).
   * Same semantics as write() of their concatenation; callers fall back to write() when absent.
   */
  writev?(chunks: readonly Buffer[]): Promise<void>;
  /**
   * writev(), where each `[header, data]` index pair of `sums` first gets the CRC-32C
   * (little-endian) of chunks[data] written into the 4-byte chunks[header], summed where the
   * bytes are written (a thread-pool thread for a local drive's native file calls): a shard
   * frame's header without a pass over its shard on the event loop. Absent: callers sum.
   */
  writevSummed?(chunks: readonly Buffer[], sums: readonly number[]): Promise<void>;
  finish(): Promise<void>;
  /**
   * Optional: writev(chunks) (writevSummed with `sums`), then finish(), as one call the drive
   * may make cheaper (a LocalDrive's singleWrite file: one thread-pool job for the whole
   * file). Absent: callers make the two calls.
   */
  finishWith?(chunks: readonly Buffer[], sums?: readonly number[]): Promise<void>;
  /** Close and remove the partial file; never throws. */
  abort(): Promise<void>;
}

/** What DriveFileReader.readSummed answers. */
export interface SummedRead {
  readonly bytes: Buffer;
  /** CRC-32C of `bytes` from `sumFrom` on (0 when that is empty). */
  readonly crc32c: number;
}

/** A shard file opened once for many positional reads; close() never throws. */
export interface DriveFileReader {
  /**
   * Exactly `length` bytes at `offset` (a short-read error otherwise), like Drive.readFile.
   * With `into` (exactly `length` bytes long) the bytes are read into it and it is returned.
   */
  read(offset: number, length: number, into?: Buffer): Promise<Buffer>;
  /**
   * read(), plus the CRC-32C of the bytes from `sumFrom` on, summed where they were read (a
   * thread-pool thread for a local drive's native file calls): a shard frame's bitrot check
   * without a pass over its bytes on the event loop. Absent: callers sum read()'s bytes.
   */
  readSummed?(offset: number, length: number, into: Buffer | undefined, sumFrom: number): Promise<SummedRead>;
  close(): Promise<void>;
}

export interface Drive {
  /** Stable for the life of the process: the endpoint string. */
  readonly endpoint: string;

  /** False once the drive has failed health checks; calls then throw DriveOfflineError. */
  isOnline(): boolean;
  info(): Promise<DriveInfo>;
  close(): Promise<void>;

  // ---- format record (JSON document at a fixed place on the drive) ----
  /** undefined when the drive has never been formatted (fresh or replaced drive). */
  readFormat(): Promise<Buffer | undefined>;
  writeFormat(doc: Buffer): Promise<void>;

  // ---- metadata ----
  metaGet(key: string): Promise<Buffer | undefined>;
  /** Many keys in one read transaction; result aligned with keys. */
  metaGetMany(keys: readonly string[]): Promise<(Buffer | undefined)[]>;
  /** Apply all ops atomically and durably. */
  metaBatch(ops: readonly MetaOp[]): Promise<void>;
  /**
   * Atomic read-modify-write: `fn` receives the current values of `keys` (in the same write
   * transaction) and returns the ops to apply. `fn` must be synchronous and pure; throwing
   * from it aborts the transaction and rejects with that error.
   * Concurrent writers (also other processes on the same drive) are serialized.
   */
  metaUpdate<T>(keys: readonly string[], fn: (current: (Buffer | undefined)[]) => { ops: readonly MetaOp[]; result: T }): Promise<T>;
  metaRange(opts: MetaRangeOptions): Promise<MetaEntry[]>;

  // ---- shard files ----
  /** Creates parent directories as needed; truncates an existing file. */
  createFile(path: string, opts?: CreateFileOptions): Promise<DriveFileWriter>;
  /** Reads exactly `length` bytes at `offset` (FileNotFoundError, or a short-read error). */
  readFile(path: string, offset: number, length: number): Promise<Buffer>;
  /**
   * Optional: open a file once for many reads (FileNotFoundError when missing); the caller
   * must close it. Callers fall back to readFile() when absent.
   */
  openFile?(path: string): Promise<DriveFileReader>;
  /** Whole small file. */
  readAll(path: string): Promise<Buffer>;
  /** Size in bytes, or undefined when missing. */
  statFile(path: string): Promise<{ size: number; mtimeMs: number } | undefined>;
  /** Atomic rename of a file or directory; replaces an existing empty target dir; parent dirs created. */
  rename(src: string, dst: string): Promise<void>;
  /** Removes a file or a directory tree; missing is not an error. */
  remove(path: string): Promise<void>;
  /** Names directly under a directory ([] when missing). */
  list(path: string): Promise<string[]>;
}

/** A drive that can check itself cheaply; what HealthTrackedDrive needs of the drive it wraps. */
export interface ProbedDrive extends Drive {
  /**
   * A cheap end-to-end check that the drive is still the one opened and usable (for a local
   * drive: same root directory, same inode, a small file written and read back, a metadata
   * read). Resolves when healthy; rejects with DriveOfflineError (the cause inside) when not.
   */
  probe(): Promise<void>;
}
