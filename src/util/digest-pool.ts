/**
 * DigestPool: md5 + S3 checksums of bodies computed on worker threads (digest-worker.ts), so
 * hashing a large PUT does not take the event loop's core.
 *
 * Memory is bounded and fixed: each worker owns `slotsPerThread` SharedArrayBuffer slots of
 * `slotBytes` (default 4 × 1 MiB), allocated when it starts; nothing else is buffered.
 * `update(buf)` cuts buf into slot-sized pieces; each waits (FIFO) for a free slot of its
 * worker, is copied in and posted. It resolves once the bytes are copied, not hashed: the
 * slots are the backpressure, the worker frees a slot after hashing it.
 *
 *   const pool = new DigestPool({ threads: 2 });
 *   const d = pool.open(['CRC32C'], size);           // binds to the least busy worker
 *   for each block: await d.update(block);           // in body order, one at a time
 *   const { size, md5, checksums } = await d.digests();
 *   (or d.abort() on failure)
 *
 * Messages are few (digest-worker.ts): the digest opens with its first slot, and a body of
 * declared size (`size` >= 0, never exceeded by the caller) ends with the slot that completes
 * it, so a body that fits one slot is one message each way; the worker's answer then waits
 * for digests().
 *
 * Workers start lazily on the first open and are unref()ed (never keep the process alive).
 * If a worker dies, every digest bound to it rejects; a new worker takes its place for
 * later opens. close() terminates the workers.
 */
import { Worker } from 'node:worker_threads';
import type { ChecksumAlgorithm } from './checksums.js';
import type { Digests, StreamDigester } from './digest-stream.js';
import type { FromWorker, ToWorker } from './digest-worker.js';

export interface DigestPoolOptions {
  readonly threads: number;
  /** Bytes per shared slot (default 1 MiB). */
  readonly slotBytes?: number;
  /** Slots per worker (default 4). */
  readonly slotsPerThread?: number;
}

interface Waiter { resolve(slot: number): void; reject(err: Error): void }

/** One worker thread with its slots and the digests bound to it. */
class DigestThread {
  readonly worker: Worker;
  readonly views: Buffer[];
  readonly digests = new Map<number, OffThreadDigest>();
  readonly #free: number[];
  readonly #waiters: Waiter[] = [];
  #dead: Error | undefined;
  /** Slots handed out and not yet freed; maxInUse is the high-water mark (tests). */
  inUse = 0;
  maxInUse = 0;

  constructor(slotBytes: number, slots: number, onDeath: (t: DigestThread) => void) {
    const sabs = Array.from({ length: slots }, () => new SharedArrayBuffer(slotBytes));
    this.views = sabs.map((s) => Buffer.from(s));
    this.#free = sabs.map((_, i) => i);
    this.worker = new Worker(new URL('./digest-worker.js', import.meta.url));
    this.worker.unref();
    this.worker.on('message', (m: FromWorker) => this.#onMessage(m));
    const die = (err: Error) => {
      if (this.#dead !== undefined) return;
      this.#dead = err;
      for (const w of this.#waiters.splice(0)) w.reject(err);
      for (const d of [...this.digests.values()]) d.fail(err);
      this.digests.clear();
      onDeath(this);
    };
    this.worker.on('error', (err) => die(new Error(`digest worker failed: ${err.message}`, { cause: err })));
    this.worker.on('exit', (code) => die(new Error(`digest worker exited (code ${code})`)));
    this.post({ type: 'init', slots: sabs });
  }

  post(msg: ToWorker): void {
    if (this.#dead === undefined) this.worker.postMessage(msg);
  }

  /** A free slot index, in FIFO order of the callers. */
  acquire(): Promise<number> {
    if (this.#dead !== undefined) return Promise.reject(this.#dead);
    const slot = this.#free.shift();
    if (slot !== undefined) { this.#take(); return Promise.resolve(slot); }
    return new Promise((resolve, reject) => this.#waiters.push({ resolve: (s) => { this.#take(); resolve(s); }, reject }));
  }

  /** Give a slot back (to the first waiter if any). */
  release(slot: number): void {
    this.inUse--;
    const w = this.#waiters.shift();
    if (w !== undefined) w.resolve(slot);
    else this.#free.push(slot);
  }

  #take(): void {
    this.inUse++;
    if (this.inUse > this.maxInUse) this.maxInUse = this.inUse;
  }

  #onMessage(m: FromWorker): void {
    if (m.type === 'free') { this.release(m.slot); return; }
    if (m.type === 'digests' && m.freed !== undefined) this.release(m.freed); // whether or not the digest is still wanted
    const d = this.digests.get(m.id);
    if (d === undefined) return; // dropped or already failed
    this.digests.delete(m.id);
    if (m.type === 'error') { d.fail(new Error(`digest failed: ${m.message}`)); return; }
    const checksums: Partial<Record<ChecksumAlgorithm, Buffer>> = {};
    for (const [alg, v] of Object.entries(m.checksums) as [ChecksumAlgorithm, Uint8Array][]) {
      checksums[alg] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    }
    d.finish({ size: m.size, md5: Buffer.from(m.md5.buffer, m.md5.byteOffset, m.md5.byteLength), checksums });
  }
}

let nextId = 1;

/** One body's digest on a worker thread (see DigestPool). */
export class OffThreadDigest implements StreamDigester {
  readonly #thread: DigestThread;
  readonly #id = nextId++;
  readonly #slotBytes: number;
  readonly #algs: readonly ChecksumAlgorithm[];
  /** Declared body size, -1 when unknown: the update reaching it ends the digest. */
  readonly #expected: number;
  #size = 0;
  /** The worker has the digest's state (its first message carried the algorithms). */
  #opened = false;
  #failed: Error | undefined;
  #closed = false;
  #result: Promise<Digests> | undefined;
  #settle: { resolve(d: Digests): void; reject(e: Error): void } | undefined;

  constructor(thread: DigestThread, slotBytes: number, algs: readonly ChecksumAlgorithm[], expectedSize: number) {
    this.#thread = thread;
    this.#slotBytes = slotBytes;
    this.#algs = [...algs];
    this.#expected = expectedSize;
    thread.digests.set(this.#id, this);
  }

  /** Copy buf into slots and post them; resolves once copied (bound: usable as a callback). */
  readonly update = async (buf: Buffer): Promise<void> => {
    for (let off = 0; off < buf.length; off += this.#slotBytes) {
      this.#check();
      const slot = await this.#thread.acquire();
      if (this.#failed !== undefined || this.#closed) { this.#thread.release(slot); this.#check(); }
      const len = Math.min(this.#slotBytes, buf.length - off);
      buf.copy(this.#thread.views[slot]!, 0, off, off + len);
      this.#size += len;
      const last = this.#size === this.#expected;
      const msg: ToWorker = {
        type: 'data', id: this.#id, slot, len,
        ...(this.#opened ? {} : { algs: this.#algs }),
        ...(last ? { last: true as const } : {}),
      };
      this.#opened = true;
      if (last) this.#end();
      this.#thread.post(msg);
    }
    if (this.#failed !== undefined) throw this.#failed;
  };

  digests(): Promise<Digests> {
    if (this.#result === undefined) {
      if (this.#failed !== undefined) return Promise.reject(this.#failed);
      if (this.#closed) return Promise.reject(new Error('digest was aborted'));
      const opened = this.#opened;
      const result = this.#end();
      this.#thread.post({ type: 'end', id: this.#id, ...(opened ? {} : { algs: this.#algs }) });
      return result;
    }
    return this.#result;
  }

  /** Forget the digest; slots it filled are freed as the worker reaches them. */
  abort(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#thread.digests.delete(this.#id);
    if (this.#opened) this.#thread.post({ type: 'drop', id: this.#id });
  }

  /** @internal (DigestThread) */
  fail(err: Error): void {
    this.#failed ??= err;
    this.#settle?.reject(err);
  }

  /** @internal (DigestThread) */
  finish(d: Digests): void { this.#settle?.resolve(d); }

  /**
   * No more updates: the answer is awaited from now on. Its rejection is marked handled here
   * (a digest ended by its last update may be dropped by a failing write before digests()).
   */
  #end(): Promise<Digests> {
    this.#closed = true;
    this.#opened = true;
    const result = new Promise<Digests>((resolve, reject) => {
      this.#settle = { resolve, reject };
      if (this.#failed !== undefined) reject(this.#failed);
    });
    result.catch(() => undefined);
    this.#result = result;
    return result;
  }

  #check(): void {
    if (this.#failed !== undefined) throw this.#failed;
    if (this.#closed) throw new Error('digest already ended or aborted');
  }
}

export class DigestPool {
  readonly #threads: (DigestThread | undefined)[];
  readonly #slotBytes: number;
  readonly #slotsPerThread: number;
  #closed = false;

  constructor(opts: DigestPoolOptions) {
    const { threads, slotBytes = 1024 * 1024, slotsPerThread = 4 } = opts;
    for (const [name, v] of [['threads', threads], ['slotBytes', slotBytes], ['slotsPerThread', slotsPerThread]] as const) {
      if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`DigestPool: invalid ${name} ${v}`);
    }
    this.#threads = new Array<DigestThread | undefined>(threads).fill(undefined);
    this.#slotBytes = slotBytes;
    this.#slotsPerThread = slotsPerThread;
  }

  /**
   * Start a digest on the worker with the fewest open digests. `expectedSize` (>= 0) is the
   * body's declared size, which the caller's updates must never exceed; -1 when unknown.
   */
  open(algs: readonly ChecksumAlgorithm[] = [], expectedSize = -1): OffThreadDigest {
    if (this.#closed) throw new Error('DigestPool is closed');
    let best: DigestThread | undefined;
    for (let i = 0; i < this.#threads.length; i++) {
      const t = this.#threads[i] ?? (this.#threads[i] = this.#start(i));
      if (best === undefined || t.digests.size < best.digests.size) best = t;
    }
    return new OffThreadDigest(best!, this.#slotBytes, algs, expectedSize);
  }

  /** Terminate the workers; open digests reject. */
  async close(): Promise<void> {
    this.#closed = true;
    const live = this.#threads.splice(0).filter((t): t is DigestThread => t !== undefined);
    await Promise.all(live.map((t) => t.worker.terminate()));
  }

  /** Tests: the running workers, their slot accounting. */
  workersForTest(): { worker: Worker; inUse: number; maxInUse: number; slots: number }[] {
    return this.#threads.filter((t): t is DigestThread => t !== undefined)
      .map((t) => ({ worker: t.worker, inUse: t.inUse, maxInUse: t.maxInUse, slots: t.views.length }));
  }

  #start(i: number): DigestThread {
    return new DigestThread(this.#slotBytes, this.#slotsPerThread, (dead) => {
      if (this.#threads[i] === dead) this.#threads[i] = undefined;
    });
  }
}
