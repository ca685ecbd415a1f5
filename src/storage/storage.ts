/**
 * What storage/ offers the object layer: a topology of erasure sets over drives, and the
 * erasure-coded data path of one set (streamed shard files with per-block bitrot checksums,
 * and small inline payloads). Object semantics (versions, records, listing) live in object/.
 */
import type { Readable } from 'node:stream';
import type { Drive } from './drive/drive.js';
import type { FrameBufferPool } from './erasure/frame-buffer-pool.js';

export interface ErasureLayout {
  /** Data shards. */
  readonly k: number;
  /** Parity shards. */
  readonly m: number;
  /** Bytes of object data per erasure block (last block may be shorter). */
  readonly blockSize: number;
  /**
   * distribution[i] = the shard index (0-based; < k data, >= k parity) stored on drive i of
   * the set. Chosen per object (rotated by a hash of the key) so parity load is spread.
   */
  readonly distribution: readonly number[];
  /** Bitrot algorithm id, recorded so it can change later (e.g. 'crc32c-1'). */
  readonly bitrot: string;
}

export interface ShardWriteResult {
  /** Object bytes consumed from the body. */
  readonly size: number;
  /** Per drive of the set: true when its shard file is durable (fsynced). */
  readonly written: readonly boolean[];
  /** Per drive: the error that failed it, for logging and quorum errors. */
  readonly errors: readonly (Error | undefined)[];
}

export interface ShardWriteOptions {
  readonly layout: ErasureLayout;
  /** Relative path of the shard file on every drive, e.g. `data/<ab>/<dataId>`. */
  readonly path: string;
  /** The body; chunks of any size. The data path pulls with backpressure. */
  readonly body: AsyncIterable<Buffer>;
  /**
   * Optional observer of the body (hashing): called once per filled erasure block with the
   * block's data bytes (and once for the final partial block), in body order, before the
   * block is encoded and written. It may return a Promise, which is awaited before the write
   * goes on (an off-thread digester's backpressure). The buffer is a view of a block buffer
   * that later blocks (and later writes: block-pool.ts) reuse: do not keep it past the
   * returned Promise.
   * (A union, not `=> void | Promise<void>`, so that any synchronous observer still fits.)
   */
  readonly onData?: ((data: Buffer) => void) | ((data: Buffer) => Promise<void>);
  /** Fail with IncompleteBodyError unless the body is exactly this long (-1: any). */
  readonly expectedSize?: number;
  readonly signal?: AbortSignal;
  /**
   * The file is new, under a fresh random name (Drive.createFile newFile): a PUT writes its data
   * file in place, whose entry is made durable by the writer's finish(). The caller removes the
   * file when the write fails.
   */
  readonly newFile?: boolean;
  /**
   * The file's directory may exist (Drive.createFile syncEntry): the file's entry is made
   * durable by the writer's finish(). UploadPart writes in place into the upload's data dir.
   */
  readonly syncEntry?: boolean;
}

export interface ShardReadOptions {
  readonly layout: ErasureLayout;
  readonly path: string;
  /** Total object (part) size in bytes. */
  readonly size: number;
  /** Inclusive byte range within this file's data; whole file when absent. */
  readonly start?: number;
  readonly end?: number;
  /** Called (once) when a shard was missing or corrupt and parity was used. */
  readonly onDegraded?: (badDrives: readonly number[]) => void;
  readonly signal?: AbortSignal;
  /**
   * Frames are read into this pool's buffers and the pushed chunks are lent from it; a
   * consumer that calls `pool.release(chunk)` after writing each chunk lets the next frames
   * reuse them (erasure/frame-buffer-pool.ts). Without it every frame is a fresh buffer.
   */
  readonly frames?: FrameBufferPool;
}

export interface ShardHealOptions {
  readonly layout: ErasureLayout;
  readonly path: string;
  /** Object (part) bytes stored in the file. */
  readonly size: number;
  /** Drive indexes (in the set) whose file is rewritten. */
  readonly targets: readonly number[];
  /** Drive indexes that may be read from (default: every drive not in `targets`). */
  readonly sources?: readonly number[];
  /**
   * Targets whose file holds this exact content with some corrupt frames (an immutable data
   * dir): their frames that verify are used as sources too. Never list a file that may hold
   * other content (a re-uploaded multipart part).
   */
  readonly readableTargets?: readonly number[];
}

export interface ErasureSet {
  readonly index: number;
  /** The drives of the set, in format order. */
  readonly drives: readonly Drive[];
  readonly k: number;
  readonly m: number;
  readonly readQuorum: number;   // k
  readonly writeQuorum: number;  // k, or k + 1 when k === m
  /** The layout for a new object under this key (distribution rotated by key hash). */
  layoutFor(bucket: string, key: string): ErasureLayout;

  /**
   * Stream `body` into one shard file per drive. Resolves once the body ended and at least
   * writeQuorum shard files are durable; throws QuorumError('write') otherwise (and removes
   * what it wrote). Memory stays bounded by a few blocks whatever the size.
   */
  writeShards(opts: ShardWriteOptions): Promise<ShardWriteResult>;

  /**
   * Stream the bytes [start, end] back, reading only the blocks needed, verifying every block
   * checksum, reconstructing from parity when up to m shards are missing or corrupt.
   * Fails the stream with QuorumError('read') when fewer than k good shards remain.
   */
  readShards(opts: ShardReadOptions): Readable;

  /**
   * The same bytes as readShards, verified and reconstructed alike, read whole into memory:
   * the views it would push, in order (lent from `opts.frames` when given). Rejects with
   * QuorumError('read') where the stream would fail. For small ranges only: it holds all of
   * [start, end] at once.
   */
  readShardRange(opts: ShardReadOptions): Promise<Buffer[]>;

  /** Encode a small payload entirely in memory: one buffer per drive (with its checksum). */
  encodeInline(layout: ErasureLayout, data: Buffer): Promise<Buffer[]>;
  /**
   * Decode from the per-drive inline buffers (undefined = missing). Verifies checksums,
   * reconstructs up to m bad ones. `bad` lists drive indexes whose buffer was unusable.
   */
  decodeInline(layout: ErasureLayout, shards: readonly (Buffer | undefined)[], size: number): Promise<{ data: Buffer; bad: number[] }>;

  /**
   * Rebuild the shard files at `path` for the drives in `targets` from the other drives
   * (healing), or only from `sources` when given (a path reused by different contents, like a
   * re-uploaded multipart part, must not be read on drives that hold another version of it).
   * Writes via tmp + rename so a crash never leaves a torn shard.
   */
  healShards(opts: ShardHealOptions): Promise<void>;
}

export interface Storage {
  readonly deploymentId: string;
  readonly sets: readonly ErasureSet[];
  /** Every drive of the deployment (bucket records live on all of them). */
  readonly drives: readonly Drive[];
  /** Deterministic: hash(deploymentId, bucket/key) mod sets. */
  setFor(bucket: string, key: string): ErasureSet;
  /**
   * Drives that must be healed completely: found empty at start (replaced), or replaced at an
   * earlier start whose rebuild has not finished (storage/healing-marker.ts).
   */
  readonly replacedDrives: readonly Drive[];
  /** The rebuild of `drive` finished: drop its healing marker (it is no longer replaced). */
  markDriveHealed(drive: Drive): Promise<void>;
  /**
   * Re-read the healing markers of the drives listed in `replacedDrives` (another process of
   * the deployment, `--workers N`, may have finished their rebuild).
   */
  refreshHealing(): Promise<void>;
  close(): Promise<void>;
}
