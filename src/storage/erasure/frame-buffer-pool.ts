/**
 * FrameBufferPool: the shard frames one GET reads, recycled once the bytes were sent.
 *
 * Without it a large GET allocates a fresh ~1 MiB buffer per frame; V8 counts those as
 * external memory and runs a full mark-compact every few dozen MiB (measured: 120 in 5 s of
 * 64 MiB GETs, ~30% of the server's CPU). With it a GET reuses a handful of buffers.
 *
 * Ownership protocol (all by ArrayBuffer identity; every buffer handed out by take() owns its
 * ArrayBuffer alone: allocUnsafeSlow, or a SharedArrayBuffer in a `shared` pool):
 *   take(length)  a buffer to read a frame into: a recycled one of that length, or a new one.
 *   lend(chunks)  the stream pushed these chunks (views into frames it took): each frame is
 *                 now owed one release per chunk that points into it.
 *   release(c)    the consumer is done with chunk c (its bytes were handed to the socket).
 *                 When every chunk of a frame came back, the frame is free for take(). Only
 *                 the very chunk objects lent are accepted, each once.
 * A pool made with `shared` hands out frames in shared memory (SharedArrayBuffer): a worker
 * thread given a chunk reads the very bytes the drive read (SSE packages opened in place,
 * object/sse/sse-open-batches.ts), so such a chunk is released only once the worker is done.
 * A chunk that is never released (a consumer that does not know the protocol, a client that
 * went away mid-write) just leaves its frame to the garbage collector (lent frames are held
 * weakly, so a dropped chunk never keeps its frame alive): forgetting a release costs an
 * allocation, never correctness. A frame is only reused after all its chunks came
 * back, so bytes still being sent are never overwritten.
 */

/** Frames below this size are not worth pooling (and small allocations share Node's slab). */
const MIN_POOLED_BYTES = 64 * 1024;

export class FrameBufferPool {
  readonly #maxFree: number;
  /** Free frames by byte length. */
  readonly #freeLists = new Map<number, ArrayBufferLike[]>();
  /** Frames handed out by take() and not yet lent or dropped. */
  readonly #taken = new WeakSet<ArrayBufferLike>();
  /**
   * Lent frames: chunks still owed back. Weak: a frame whose chunks a consumer dropped (a
   * CopyObject's store, a client gone mid-write) is collected with them, not kept here.
   */
  readonly #owed = new WeakMap<ArrayBufferLike, number>();
  /** Frames entered in #owed and not yet given back whole (tests; dropped ones stay counted). */
  #owedCount = 0;
  /**
   * The chunk objects lent, each accepted back once: a chunk a consumer split or copied is not
   * one of them, so a frame can never be released more often than it was lent.
   */
  readonly #lent = new WeakSet<Buffer>();

  readonly #maxFreeBytes: number;
  #freeBytes = 0;
  readonly #shared: boolean;

  /**
   * maxFree: free frames kept per length (k + 1 is enough for the next block's reads of one
   * GET); maxFreeBytes: bound on all free frames together (a pool shared by every GET, whose
   * frame lengths vary with the object sizes); shared: new frames are SharedArrayBuffers
   * (zero-filled when made, so only worth it where they are reused).
   */
  constructor(maxFree = 8, maxFreeBytes = Number.POSITIVE_INFINITY, opts: { readonly shared?: boolean } = {}) {
    this.#maxFree = Math.max(0, maxFree);
    this.#maxFreeBytes = Math.max(0, maxFreeBytes);
    this.#shared = opts.shared === true;
  }

  /** A buffer of exactly `length` bytes to read a frame into (contents undefined). */
  take(length: number): Buffer {
    if (length < MIN_POOLED_BYTES) return Buffer.allocUnsafe(length);
    const reused = this.#freeLists.get(length)?.pop();
    if (reused !== undefined) this.#freeBytes -= reused.byteLength;
    const ab = reused ?? (this.#shared ? new SharedArrayBuffer(length) : Buffer.allocUnsafeSlow(length).buffer);
    this.#taken.add(ab);
    return Buffer.from(ab, 0, length);
  }

  /**
   * Frames read by take() whose bytes nobody was given (a range that needed only another data
   * shard of the block): free for the next take() at once, as if lent and released. Buffers
   * that are not an unlent frame of this pool (lent, foreign, small) are ignored.
   */
  giveBack(frames: readonly (Buffer | undefined)[]): void {
    for (const f of frames) {
      const ab = f?.buffer;
      if (ab === undefined || !this.#taken.has(ab)) continue;
      this.#taken.delete(ab);
      this.#free(ab);
    }
  }

  /** These chunks were pushed to the consumer; their frames wait for one release per chunk. */
  lend(chunks: readonly Buffer[]): void {
    for (const c of chunks) {
      const ab = c.buffer;
      if ((!this.#taken.has(ab) && !this.#owed.has(ab)) || this.#lent.has(c)) continue;
      this.#taken.delete(ab);
      this.#lent.add(c);
      const n = this.#owed.get(ab);
      if (n === undefined) this.#owedCount++;
      this.#owed.set(ab, (n ?? 0) + 1);
    }
  }

  /** The consumer is done with `chunk`; unknown chunks are ignored. */
  readonly release = (chunk: Buffer): void => {
    if (!this.#lent.has(chunk)) return;
    this.#lent.delete(chunk);
    const ab = chunk.buffer;
    const n = this.#owed.get(ab);
    if (n === undefined) return;
    if (n > 1) { this.#owed.set(ab, n - 1); return; }
    this.#owed.delete(ab);
    this.#owedCount--;
    this.#free(ab);
  };

  /** Onto the free list for its length, within the bounds (else left to the GC). */
  #free(ab: ArrayBufferLike): void {
    let list = this.#freeLists.get(ab.byteLength);
    if (list === undefined) { list = []; this.#freeLists.set(ab.byteLength, list); }
    if (list.length < this.#maxFree && this.#freeBytes + ab.byteLength <= this.#maxFreeBytes) {
      list.push(ab);
      this.#freeBytes += ab.byteLength;
    }
  }

  /** Tests: frames free for reuse, and frames lent and not yet given back whole. */
  statsForTest(): { free: number; owed: number } {
    let free = 0;
    for (const l of this.#freeLists.values()) free += l.length;
    return { free, owed: this.#owedCount };
  }
}
