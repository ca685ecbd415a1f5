/**
 * readShards: a byte stream of [start, end] of an erasure-coded object (and readShardRange: the
 * same bytes read whole, for small ranges), reading only the
 * frames of the blocks that cover the range, verifying each, and decoding from parity when a
 * shard is missing or corrupt. One block is prefetched while the previous one is consumed,
 * so memory stays at ~2 blocks (plus up to k + 1 released frames kept for reuse when the
 * caller passes a FrameBufferPool); destroy() stops further reads.
 */
import { Readable } from 'node:stream';
import { InvalidRangeError } from '../../errors/domain-errors.js';
import type { Drive } from '../drive/drive.js';
import type { ShardReadOptions } from '../storage.js';
import { abortError } from './abort.js';
import { BlockFetcher } from './block-fetcher.js';
import type { FrameBufferPool } from './frame-buffer-pool.js';
import { checkLayout } from './layout-check.js';
import type { ReedSolomonCodec } from './reed-solomon-codec.js';
import { shardGeometry, type ShardGeometry } from './shard-geometry.js';

export class ShardReadStream extends Readable {
  readonly #read: RangeRead;
  readonly #lastBlock: number;
  readonly #onDegraded: ((bad: readonly number[]) => void) | undefined;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort: () => void;
  readonly #frames: FrameBufferPool | undefined;
  #nextBlock: number;
  #prefetch: Promise<Buffer[]> | undefined = undefined;
  #busy = false;

  constructor(drives: readonly Drive[], codec: ReedSolomonCodec, opts: ShardReadOptions, driveTimeoutMs: number) {
    super();
    this.#read = new RangeRead(drives, codec, opts, driveTimeoutMs);
    this.#frames = opts.frames;
    this.#nextBlock = this.#read.firstBlock;
    this.#lastBlock = this.#read.lastBlock;
    this.#onDegraded = opts.onDegraded;
    this.#signal = opts.signal;
    this.#onAbort = () => this.destroy(abortError(this.#signal!));
    if (this.#signal !== undefined) {
      if (this.#signal.aborted) process.nextTick(this.#onAbort);
      else this.#signal.addEventListener('abort', this.#onAbort, { once: true });
    }
  }

  override _read(): void {
    if (this.#busy) return;
    if (this.#nextBlock > this.#lastBlock) {
      this.push(null);
      return;
    }
    this.#busy = true;
    const b = this.#nextBlock++;
    const current = this.#prefetch ?? this.#block(b);
    this.#prefetch = undefined;
    current.then(
      (parts) => {
        this.#busy = false;
        if (this.destroyed) return;
        if (this.#nextBlock <= this.#lastBlock) {
          const p = this.#block(this.#nextBlock);
          p.catch(() => undefined); // observed when consumed
          this.#prefetch = p;
        }
        // Chunks pointing into pooled frames come back through frames.release (consumer).
        this.#frames?.lend(parts);
        for (const part of parts) this.push(part);
        if (this.#nextBlock > this.#lastBlock) this.push(null);
      },
      (err: unknown) => {
        this.#busy = false;
        this.destroy(err instanceof Error ? err : new Error(String(err)));
      },
    );
  }

  override _destroy(err: Error | null, cb: (error?: Error | null) => void): void {
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#prefetch = undefined;
    this.#read.close(this.#onDegraded);
    cb(err);
  }

  #block(b: number): Promise<Buffer[]> {
    return this.#read.block(b);
  }
}

/**
 * One read of [start, end] of a shard file set: the range checked (InvalidRangeError), the
 * blocks it covers, each block's requested bytes, and the close that gives the files back and
 * reports failed drives. Shared by ShardReadStream and readShardRange.
 */
class RangeRead {
  readonly #codec: ReedSolomonCodec;
  readonly #geo: ShardGeometry;
  readonly #fetcher: BlockFetcher;
  readonly #frames: FrameBufferPool | undefined;
  readonly #start: number;
  readonly #end: number;
  readonly firstBlock: number;
  /** -1 for the whole of an empty file (nothing to read). */
  readonly lastBlock: number;

  constructor(drives: readonly Drive[], codec: ReedSolomonCodec, opts: ShardReadOptions, driveTimeoutMs: number) {
    const checked = checkLayout(opts.layout, drives.length);
    const size = opts.size;
    const start = opts.start ?? 0;
    const end = opts.end ?? size - 1;
    const emptyWhole = size === 0 && opts.start === undefined && opts.end === undefined;
    if (!emptyWhole && (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start || end >= size)) {
      throw new InvalidRangeError(size);
    }
    const bs = opts.layout.blockSize;
    this.#codec = codec;
    this.#geo = shardGeometry(opts.layout, size, checked.algo.checksumSize);
    this.#frames = opts.frames;
    this.#fetcher = new BlockFetcher({
      drives, checked, path: opts.path, geo: this.#geo, timeoutMs: driveTimeoutMs, ...(opts.frames ? { frames: opts.frames } : {}),
    });
    this.#start = start;
    this.#end = end;
    this.firstBlock = emptyWhole ? 0 : Math.floor(start / bs);
    this.lastBlock = emptyWhole ? -1 : Math.floor(end / bs);
  }

  /**
   * The requested bytes of block b, as views (data shards directly when none is missing). The
   * frames of shards none of those views points into (a range inside another data shard, the
   * shards a rebuild read) go back to the pool at once rather than to the collector: a 64 KiB
   * range of an EC 2+2 object otherwise dropped a 512 KiB frame per GET (major collections).
   */
  async block(b: number): Promise<Buffer[]> {
    const shards = await this.#fetcher.fetch(b);
    const len = this.#geo.blockLen(b);
    const blockStart = b * this.#geo.blockSize;
    const from = Math.max(this.#start - blockStart, 0);
    const to = Math.min(this.#end - blockStart + 1, len);
    const views = this.#codec.dataViews(shards, len) ?? [await this.#codec.reconstruct(shards, len)];
    const parts = sliceViews(views, from, to);
    this.#frames?.giveBack(shards.filter((s) => s !== undefined && !parts.some((p) => p.buffer === s.buffer)));
    return parts;
  }

  /** Closes every file opened (not awaited) and reports the drives that failed, if any. */
  close(onDegraded: ((bad: readonly number[]) => void) | undefined): void {
    void this.#fetcher.close();
    if (this.#fetcher.bad.size === 0 || onDegraded === undefined) return;
    try { onDegraded([...this.#fetcher.bad].sort((a, b) => a - b)); } catch { /* observer errors must not break the read */ }
  }
}

/**
 * readShardRange: the bytes [start, end] of an erasure-coded file read whole into memory, as
 * the same verified views (lent from `opts.frames`, if given) ShardReadStream would push, but
 * without a stream: for a small range (GetObject of a small data file, issue #15) the stream's
 * per-request machinery (a Readable, its _read turns, a prefetch, the end and close events)
 * cost more than the read itself. Blocks are read in order, one at a time, so it holds what
 * the range spans: callers bound the range. Drives that failed are reported through
 * onDegraded as the stream does; every file opened is closed.
 */
export async function readShardRange(drives: readonly Drive[], codec: ReedSolomonCodec, opts: ShardReadOptions, driveTimeoutMs: number): Promise<Buffer[]> {
  const read = new RangeRead(drives, codec, opts, driveTimeoutMs);
  const out: Buffer[] = [];
  try {
    for (let b = read.firstBlock; b <= read.lastBlock; b++) {
      if (opts.signal?.aborted === true) throw abortError(opts.signal);
      const parts = await read.block(b);
      // Chunks pointing into pooled frames come back through frames.release (consumer).
      opts.frames?.lend(parts);
      for (const part of parts) out.push(part);
    }
    return out;
  } finally {
    read.close(opts.onDegraded);
  }
}

/** The bytes [from, to) of the concatenation of `views`, without copying. */
function sliceViews(views: readonly Buffer[], from: number, to: number): Buffer[] {
  const out: Buffer[] = [];
  let pos = 0;
  for (const v of views) {
    const a = Math.max(from - pos, 0);
    const b = Math.min(to - pos, v.length);
    if (a < b) out.push(a === 0 && b === v.length ? v : v.subarray(a, b));
    pos += v.length;
    if (pos >= to) break;
  }
  return out;
}
