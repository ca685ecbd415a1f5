/**
 * FrameReadPool: positional reads of one frame from an open file descriptor, with the frame's
 * checksum checked, on worker threads (frame-read-worker.ts), so reading and bitrot-verifying
 * a large GET does not take the event loop's core.
 *
 *   const pool = new FrameReadPool({ threads: 2 });
 *   const { got, ok, buf } = await pool.read({ fd, offset, length, check: 'crc32c-le-prefix' });
 *   // buf: bytes [0, got) (got < length at EOF); ok: the check passed
 *
 * The worker reads into a fresh ArrayBuffer of its own and transfers it back (zero-copy).
 * Memory is what the callers ask for: one buffer per read in flight, nothing pooled.
 * The fd stays owned by the caller, who must not close it while a read of it is in flight
 * (a reused fd number would be read instead).
 *
 * fs errors reject with an Error carrying the errno `code` (EBADF, EIO, ...) like node:fs.
 * Workers start lazily on the first read, are unref()ed (never keep the process alive) and
 * each read goes to the one with the fewest reads in flight. A worker that dies rejects its
 * pending reads with FrameReadPoolError and a new one takes its place for later reads.
 * close() terminates the workers; reads after it reject with FrameReadPoolError.
 */
import { Worker } from 'node:worker_threads';
import type { FrameCheck } from './frame-check.js';
import type { FrameReadReply, FrameReadRequest } from './frame-read-worker.js';

export type { FrameCheck } from './frame-check.js';

export interface FrameReadPoolOptions {
  readonly threads: number;
}

export interface FrameRead {
  readonly fd: number;
  readonly offset: number;
  readonly length: number;
  readonly check: FrameCheck;
}

export interface FrameReadResult {
  /** Bytes read (< length only at end of file). */
  readonly got: number;
  /** The check passed on bytes [0, got). */
  readonly ok: boolean;
  /** Bytes [0, got), in an ArrayBuffer of their own. */
  readonly buf: Buffer;
}

/** The pool could not do the read (worker died, pool closed): not an fs error, the file may be fine. */
export class FrameReadPoolError extends Error {
  override readonly name = 'FrameReadPoolError';
}

interface Pending { resolve(r: FrameReadResult): void; reject(err: Error): void }

let nextId = 1;

/** One worker thread and the reads in flight on it. */
class FrameReadThread {
  readonly worker: Worker;
  readonly pending = new Map<number, Pending>();
  #dead: Error | undefined;

  constructor(onDeath: (t: FrameReadThread) => void) {
    this.worker = new Worker(new URL('./frame-read-worker.js', import.meta.url));
    this.worker.unref();
    this.worker.on('message', (m: FrameReadReply) => this.#onMessage(m));
    const die = (err: Error) => {
      if (this.#dead !== undefined) return;
      this.#dead = err;
      const pending = [...this.pending.values()];
      this.pending.clear();
      for (const p of pending) p.reject(err);
      onDeath(this);
    };
    this.worker.on('error', (err) => die(new FrameReadPoolError(`frame read worker failed: ${err.message}`, { cause: err })));
    this.worker.on('exit', (code) => die(new FrameReadPoolError(`frame read worker exited (code ${code})`)));
  }

  read(req: FrameRead): Promise<FrameReadResult> {
    if (this.#dead !== undefined) return Promise.reject(this.#dead);
    const id = nextId++;
    return new Promise<FrameReadResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const msg: FrameReadRequest = { id, fd: req.fd, offset: req.offset, length: req.length, check: req.check };
      this.worker.postMessage(msg);
    });
  }

  #onMessage(m: FrameReadReply): void {
    const p = this.pending.get(m.id);
    if (p === undefined) return; // already failed
    this.pending.delete(m.id);
    if ('error' in m) {
      const err = Object.assign(new Error(m.error.message), m.error.code !== undefined ? { code: m.error.code, syscall: 'read' } : {});
      p.reject(err);
      return;
    }
    p.resolve({ got: m.got, ok: m.ok, buf: Buffer.from(m.buf, 0, m.got) });
  }
}

export class FrameReadPool {
  readonly #threads: (FrameReadThread | undefined)[];
  #closed = false;

  constructor(opts: FrameReadPoolOptions) {
    const { threads } = opts;
    if (!Number.isSafeInteger(threads) || threads < 1) throw new RangeError(`FrameReadPool: invalid threads ${threads}`);
    this.#threads = new Array<FrameReadThread | undefined>(threads).fill(undefined);
  }

  /** Read (up to) `length` bytes at `offset` of `fd` and check them, on the least busy worker. */
  read(req: FrameRead): Promise<FrameReadResult> {
    if (this.#closed) return Promise.reject(new FrameReadPoolError('FrameReadPool is closed'));
    if (!Number.isSafeInteger(req.offset) || req.offset < 0 || !Number.isSafeInteger(req.length) || req.length < 0) {
      return Promise.reject(new RangeError(`bad read range offset=${req.offset} length=${req.length}`));
    }
    let best: FrameReadThread | undefined;
    for (let i = 0; i < this.#threads.length; i++) {
      const t = this.#threads[i] ?? (this.#threads[i] = this.#start(i));
      if (best === undefined || t.pending.size < best.pending.size) best = t;
    }
    return best!.read(req);
  }

  /** Terminate the workers; reads in flight reject. */
  async close(): Promise<void> {
    this.#closed = true;
    const live = this.#threads.splice(0).filter((t): t is FrameReadThread => t !== undefined);
    await Promise.all(live.map((t) => t.worker.terminate()));
  }

  /** Tests: the running workers and their reads in flight. */
  workersForTest(): { worker: Worker; inFlight: number }[] {
    return this.#threads.filter((t): t is FrameReadThread => t !== undefined)
      .map((t) => ({ worker: t.worker, inFlight: t.pending.size }));
  }

  #start(i: number): FrameReadThread {
    return new FrameReadThread((dead) => {
      if (this.#threads[i] === dead) this.#threads[i] = undefined;
    });
  }
}
