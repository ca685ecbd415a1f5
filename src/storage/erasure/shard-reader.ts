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
  readonly #codec: ReedSolomonCodec;
  readonly #geo: ShardGeometry;
  readonly #fetcher: BlockFetcher;
  readonly #start: number;
  readonly #end: number;
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
    const checked = checkLayout(opts.layout, drives.length);
    this.#codec = codec;
    this.#geo = shardGeometry(opts.layout, opts.size, checked.algo.checksumSize);
    this.#frames = opts.frames;
    this.#fetcher = new BlockFetcher({
      drives, checked, path: opts.path, geo: this.#geo, timeoutMs: driveTimeoutMs, ...(opts.frames ? { frames: opts.frames } : {}),
    });
    const plan = planRange(opts);
    this.#start = plan.start;
    this.#end = plan.end;
    this.#nextBlock = plan.firstBlock;
    this.#lastBlock = plan.lastBlock;
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
    void this.#fetcher.close();
    const bad = [...this.#fetcher.bad].sort((a, b) => a - b);
    if (bad.length > 0 && this.#onDegraded !== undefined) {
      try { this.#onDegraded(bad); } catch { /* observer errors must not break the stream */ }
    }
    cb(err);
  }

  #block(b: number): Promise<Buffer[]> {
    return blockBytes(this.#fetcher, this.#codec, this.#geo, b, this.#start, this.#end, this.#frames);
  }
}

/** The blocks and bytes a read covers; throws InvalidRangeError for a range outside the data. */
interface RangePlan {
  readonly start: number;
  readonly end: number;
  readonly firstBlock: number;
  /** -1 for the whole of an empty file (nothing to read). */
  readonly lastBlock: number;
}

function planRange(opts: ShardReadOptions): RangePlan {
  const size = opts.size;
  const start = opts.start ?? 0;
  const end = opts.end ?? size - 1;
  const emptyWhole = size === 0 && opts.start === undefined && opts.end === undefined;
  if (!emptyWhole && (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start || end >= size)) {
    throw new InvalidRangeError(size);
  }
  const bs = opts.layout.blockSize;
  return { start, end, firstBlock: emptyWhole ? 0 : Math.floor(start / bs), lastBlock: emptyWhole ? -1 : Math.floor(end / bs) };
}

/**
 * The bytes [start, end] asks of block b, as views (data shards directly when none is missing).
 * The frames of shards none of those views points into (a range inside another data shard, the
 * shards a rebuild read) go back to `frames` at once rather than to the collector: a 64 KiB
 * range of an EC 2+2 object otherwise dropped a 512 KiB frame per GET (major collections).
 */
async function blockBytes(
  fetcher: BlockFetcher, codec: ReedSolomonCodec, geo: ShardGeometry, b: number, start: number, end: number, frames: FrameBufferPool | undefined,
): Promise<Buffer[]> {
  const shards = await fetcher.fetch(b);
  const len = geo.blockLen(b);
  const blockStart = b * geo.blockSize;
  const from = Math.max(start - blockStart, 0);
  const to = Math.min(end - blockStart + 1, len);
  const views = codec.dataViews(shards, len) ?? [await codec.reconstruct(shards, len)];
  const parts = sliceViews(views, from, to);
  if (frames !== undefined) frames.giveBack(shards.filter((s) => s !== undefined && !parts.some((p) => p.buffer === s.buffer)));
  return parts;
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
  const checked = checkLayout(opts.layout, drives.length);
  const geo = shardGeometry(opts.layout, opts.size, checked.algo.checksumSize);
  const plan = planRange(opts);
  const fetcher = new BlockFetcher({
    drives, checked, path: opts.path, geo, timeoutMs: driveTimeoutMs, ...(opts.frames ? { frames: opts.frames } : {}),
  });
  const out: Buffer[] = [];
  try {
    for (let b = plan.firstBlock; b <= plan.lastBlock; b++) {
      if (opts.signal?.aborted === true) throw abortError(opts.signal);
      const parts = await blockBytes(fetcher, codec, geo, b, plan.start, plan.end, opts.frames);
      // Chunks pointing into pooled frames come back through frames.release (consumer).
      opts.frames?.lend(parts);
      for (const part of parts) out.push(part);
    }
    return out;
  } finally {
    void fetcher.close();
    if (fetcher.bad.size > 0 && opts.onDegraded !== undefined) {
      try { opts.onDegraded([...fetcher.bad].sort((a, b) => a - b)); } catch { /* observer errors must not break the read */ }
    }
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
