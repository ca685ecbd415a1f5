/**
 * Reads the frames of one erasure block from the drives of a set until k verified shards are
 * in hand: data shards first (no decode needed when they are all good), then parity from the
 * other drives to replace any missing, offline or corrupt one. Drives found bad are
 * remembered for the rest of the object so later blocks skip them. A drive that offers
 * openFile() has its shard file opened once and kept until close(), not once per frame.
 */
import { QuorumError } from '../../errors/domain-errors.js';
import type { Drive, DriveFileReader } from '../drive/drive.js';
import { openFrame } from './bitrot.js';
import { withDriveTimeout } from './drive-timeout.js';
import type { FrameBufferPool } from './frame-buffer-pool.js';
import type { CheckedLayout } from './layout-check.js';
import type { ShardGeometry } from './shard-geometry.js';

export class BlockFetcher {
  readonly #drives: readonly Drive[];
  readonly #checked: CheckedLayout;
  readonly #path: string;
  readonly #geo: ShardGeometry;
  /** Drive indexes that were missing, offline or corrupt. */
  readonly bad = new Set<number>();
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
    const { layout, shardToDrive, algo } = this.#checked;
    const n = shardToDrive.length;
    const k = layout.k;
    const shards = new Array<Buffer | undefined>(n).fill(undefined);
    const offset = this.#geo.frameOffset(b);
    const length = this.#geo.frameSize(b);
    let good = 0;
    let next = 0;
    // Each round reads (k - good) untried shards; every shard is tried at most once: bounded by n.
    while (good < k) {
      const batch: number[] = [];
      while (batch.length < k - good && next < n) {
        const s = next++;
        const d = shardToDrive[s]!;
        if (this.#excluded.has(d) || this.bad.has(d)) continue;
        if (!this.#drives[d]!.isOnline()) { this.bad.add(d); continue; }
        batch.push(s);
      }
      if (batch.length === 0) throw new QuorumError('read', k, good, { cause: this.#lastError });
      const results = await Promise.all(batch.map(async (s) => {
        const d = shardToDrive[s]!;
        try {
          const drive = this.#drives[d]!;
          const frame = await withDriveTimeout(this.#read(d, drive, offset, length), this.#timeoutMs, drive.endpoint);
          const payload = openFrame(algo, frame);
          if (payload === undefined) throw new Error(`checksum mismatch on drive ${d}`);
          return payload;
        } catch (err) {
          this.#lastError = err;
          this.bad.add(d);
          return undefined;
        }
      }));
      batch.forEach((s, i) => {
        const p = results[i];
        if (p !== undefined) { shards[s] = p; good++; }
      });
    }
    return shards;
  }

  /** Close every file opened by this fetcher (also ones whose open answered late); never throws. */
  async close(): Promise<void> {
    this.#closed = true;
    const readers = [...this.#readers.values()];
    this.#readers.clear();
    await Promise.all(readers.map((r) => r.then((reader) => reader.close(), () => undefined)));
  }

  async #read(d: number, drive: Drive, offset: number, length: number): Promise<Buffer> {
    if (drive.openFile === undefined || this.#closed) return drive.readFile(this.#path, offset, length);
    let opening = this.#readers.get(d);
    if (opening === undefined) {
      opening = drive.openFile(this.#path);
      opening.catch(() => undefined); // observed below
      this.#readers.set(d, opening);
    }
    const reader = await opening;
    return reader.read(offset, length, this.#frames?.take(length));
  }
}
