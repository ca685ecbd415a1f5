/**
 * Reads the frames of one erasure block from the drives of a set until k verified shards are
 * in hand: data shards first (no decode needed when they are all good), then parity from the
 * other drives to replace any missing, offline or corrupt one. Every drive of the set is
 * tried before a block gives up, so a read fails only when fewer than k shards of that block
 * verify.
 *
 * Two kinds of failure, remembered differently:
 *  - a drive that cannot serve the file at all (offline, file missing, I/O error) is skipped
 *    for the rest of the object (`#unusable`);
 *  - a frame that fails its checksum is bad for that block only: bitrot is per frame, so the
 *    same drive is asked again for the next block. (Marking it bad for the whole object
 *    would fail a read whose blocks are each readable from different drives.)
 * A drive that timed out is skipped too, but asked once more, as a last resort, for a block
 * that could not otherwise reach k shards.
 * `bad` reports every drive that failed in either way (heal queueing).
 * A drive that offers openFile() has its shard file opened once and kept until close().
 */
import { DriveOfflineError, QuorumError } from '../../errors/domain-errors.js';
import type { Drive, DriveFileReader } from '../drive/drive.js';
import { openFrame } from './bitrot.js';
import { DriveDeadlineError, withDriveTimeout } from './drive-timeout.js';
import type { FrameBufferPool } from './frame-buffer-pool.js';
import type { CheckedLayout } from './layout-check.js';
import type { ShardGeometry } from './shard-geometry.js';

/** Why a shard of one block was not usable. */
type ShardFailure = 'corrupt' | 'timeout' | 'unusable';

export class BlockFetcher {
  readonly #drives: readonly Drive[];
  readonly #checked: CheckedLayout;
  readonly #path: string;
  readonly #geo: ShardGeometry;
  /** Drive indexes that failed at least once (missing, offline, timed out or a corrupt frame). */
  readonly bad = new Set<number>();
  /** Drives skipped for the rest of the object, and why. */
  readonly #unusable = new Map<number, Exclude<ShardFailure, 'corrupt'>>();
  /** Drive indexes never used as sources (e.g. heal targets). */
  readonly #excluded: ReadonlySet<number>;
  readonly #timeoutMs: number;
  #lastError: unknown = undefined;
  /** Per drive: the shard file opened once for this fetcher (drives with openFile only). */
  readonly #readers = new Map<number, Promise<DriveFileReader>>();
  /** Where frames read through openFile() readers are read into (recycled by a GET). */
  readonly #frames: FrameBufferPool | undefined;
  #closed = false;

  constructor(opts: {
    drives: readonly Drive[]; checked: CheckedLayout; path: string; geo: ShardGeometry; timeoutMs: number;
    exclude?: ReadonlySet<number>; frames?: FrameBufferPool;
  }) {
    this.#frames = opts.frames;
    this.#drives = opts.drives;
    this.#timeoutMs = opts.timeoutMs;
    this.#checked = opts.checked;
    this.#path = opts.path;
    this.#geo = opts.geo;
    this.#excluded = opts.exclude ?? new Set();
  }

  /** Shards of block b indexed by shard number; at least k are present. */
  async fetch(b: number): Promise<(Buffer | undefined)[]> {
    const { layout, shardToDrive } = this.#checked;
    const n = shardToDrive.length;
    const k = layout.k;
    const shards = new Array<Buffer | undefined>(n).fill(undefined);
    const tried = new Set<number>();
    let good = 0;
    // Each round reads (k - good) untried shards, data shards first; every shard is tried at
    // most once per block (the last-resort round only retries timed-out ones): bounded by 2n.
    const pick = (usable: (d: number) => boolean): number[] => {
      const batch: number[] = [];
      for (let s = 0; s < n && batch.length < k - good; s++) {
        const d = shardToDrive[s]!;
        if (tried.has(s) || this.#excluded.has(d) || !usable(d)) continue;
        if (!this.#drives[d]!.isOnline()) { this.#markUnusable(d, 'unusable'); continue; }
        batch.push(s);
      }
      return batch;
    };
    const isFresh = (d: number): boolean => !this.#unusable.has(d);
    for (;;) {
      let batch = pick(isFresh);
      if (batch.length === 0 && good < k) {
        // Last resort: drives that only timed out earlier get one more chance for this block.
        batch = pick((d) => this.#unusable.get(d) === 'timeout');
        for (const s of batch) this.#unusable.delete(shardToDrive[s]!);
      }
      if (batch.length === 0) break;
      for (const s of batch) tried.add(s);
      const results = await Promise.all(batch.map((s) => this.#readShard(shardToDrive[s]!, b)));
      batch.forEach((s, i) => {
        const p = results[i];
        if (p !== undefined) { shards[s] = p; good++; }
      });
      if (good >= k) return shards;
    }
    throw new QuorumError('read', k, good, { cause: this.#lastError });
  }

  /** One verified shard frame of block b from drive d, or undefined (the failure is recorded). */
  async #readShard(d: number, b: number): Promise<Buffer | undefined> {
    const drive = this.#drives[d]!;
    try {
      const algo = this.#checked.algo;
      const { frame, crc32c } = await withDriveTimeout(this.#read(d, drive, this.#geo.frameOffset(b), this.#geo.frameSize(b), algo.crc32cFrom), this.#timeoutMs, drive.endpoint);
      const payload = crc32c === undefined ? openFrame(algo, frame) : algo.verifySum!(frame, crc32c) ? frame.subarray(algo.checksumSize) : undefined;
      if (payload === undefined) {
        this.#lastError = new Error(`checksum mismatch on drive ${d} (${drive.endpoint}) in block ${b}`);
        this.bad.add(d);
        return undefined;
      }
      return payload;
    } catch (err) {
      this.#lastError = err;
      this.#markUnusable(d, isTimeout(err, drive) ? 'timeout' : 'unusable');
      return undefined;
    }
  }

  #markUnusable(d: number, why: Exclude<ShardFailure, 'corrupt'>): void {
    this.bad.add(d);
    this.#unusable.set(d, why);
  }

  /** Close every file opened by this fetcher (also ones whose open answered late); never throws. */
  async close(): Promise<void> {
    this.#closed = true;
    const readers = [...this.#readers.values()];
    this.#readers.clear();
    await Promise.all(readers.map((r) => r.then((reader) => reader.close(), () => undefined)));
  }

  /**
   * The frame at `offset`, and its CRC-32C from `sumFrom` on when the algorithm's check is one
   * and the drive's reader sums what it reads (off the event loop); else the caller checks it.
   */
  async #read(d: number, drive: Drive, offset: number, length: number, sumFrom: number | undefined): Promise<{ frame: Buffer; crc32c?: number }> {
    if (drive.openFile === undefined || this.#closed) return { frame: await drive.readFile(this.#path, offset, length) };
    let opening = this.#readers.get(d);
    if (opening === undefined) {
      opening = drive.openFile(this.#path);
      opening.catch(() => undefined); // observed below
      this.#readers.set(d, opening);
    }
    const reader = await opening;
    const into = this.#frames?.take(length);
    if (sumFrom === undefined || reader.readSummed === undefined) return { frame: await reader.read(offset, length, into) };
    const r = await reader.readSummed(offset, length, into, sumFrom);
    return { frame: r.bytes, crc32c: r.crc32c };
  }
}

/** A deadline miss by a drive that is still online (withDriveTimeout's DriveOfflineError). */
function isTimeout(err: unknown, drive: Drive): boolean {
  return err instanceof DriveOfflineError && err.cause instanceof DriveDeadlineError && drive.isOnline();
}
