/**
 * OpenBatchPool: SSE packages of large GETs opened (authenticated and decrypted) on worker
 * threads (open-batch-worker.ts), so the event loop keeps reading shards and writing sockets
 * while a core decrypts.
 *
 * A batch is a list of views of shared memory (SharedArrayBuffer) holding whole stored
 * packages in order, sent with an output buffer owning its ArrayBuffer: the views are shared
 * (the worker reads the bytes where they are, so the caller must not reuse that memory before
 * the answer), the output is transferred there and back with the plaintext.
 * The pool holds no memory of its own: the caller bounds the batches it has in flight
 * (sse-open-batches.ts). A batch goes to the worker with the fewest batches pending; answers
 * of one worker come back in the order sent. Workers start lazily and are unref()ed; a worker
 * that dies fails its pending batches and is replaced on the next batch. close() terminates them.
 * A worker runs the ciphers on the engine the main thread had selected when it started
 * (crypto/aead-engine.ts, CAIRN_SSE_ENGINE).
 */
import { Worker } from 'node:worker_threads';
import { aeadEngine, type PackageBatch } from '../../crypto/index.js';
import type { OpenBatchAnswer, OpenBatchJob, OpenWorkerData, SharedSegment } from './open-batch-worker.js';

/** A batch's plaintext (a view of the output buffer sent) and, if a package failed, why. */
export interface OpenedPlain {
  readonly plain: Buffer;
  readonly error?: string;
}

interface Pending { resolve(p: OpenedPlain): void; reject(err: Error): void }

class OpenThread {
  readonly worker: Worker;
  readonly pending = new Map<number, Pending>();
  #dead = false;

  constructor(onDeath: (t: OpenThread) => void) {
    const workerData: OpenWorkerData = { aeadEngine: aeadEngine().name };
    this.worker = new Worker(new URL('./open-batch-worker.js', import.meta.url), { workerData });
    this.worker.unref();
    this.worker.on('message', (m: OpenBatchAnswer) => {
      const p = this.pending.get(m.id);
      if (p === undefined) return;
      this.pending.delete(m.id);
      if ('failure' in m) p.reject(new Error(`SSE open worker: ${m.failure}`));
      else p.resolve({ plain: Buffer.from(m.out, 0, m.plainLength), ...(m.error !== undefined ? { error: m.error } : {}) });
    });
    const die = (err: Error): void => {
      if (this.#dead) return;
      this.#dead = true;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      onDeath(this);
    };
    this.worker.on('error', (err) => die(new Error(`SSE open worker failed: ${err.message}`, { cause: err })));
    this.worker.on('exit', (code) => die(new Error(`SSE open worker exited (code ${code})`)));
  }

  get dead(): boolean { return this.#dead; }
}

let nextId = 1;

function ownsWhole(b: Buffer): boolean {
  return b.byteOffset === 0 && b.length === b.buffer.byteLength;
}

export class OpenBatchPool {
  readonly #threads: (OpenThread | undefined)[];
  #closed = false;

  constructor(opts: { readonly threads: number }) {
    if (!Number.isSafeInteger(opts.threads) || opts.threads < 1) throw new RangeError(`OpenBatchPool: invalid threads ${opts.threads}`);
    this.#threads = new Array<OpenThread | undefined>(opts.threads).fill(undefined);
  }

  /**
   * Opens the stored bytes `segments` (in order; each a view of a SharedArrayBuffer, left
   * untouched until the answer) into `out`, which must own its whole ArrayBuffer (transferred:
   * unusable here afterwards) of at least crypto batchPlainLength(total) bytes. `key` is a
   * copy with a buffer of its own.
   */
  open(batch: Omit<PackageBatch, 'key'> & { readonly key: Uint8Array }, segments: readonly Buffer[], out: Buffer): Promise<OpenedPlain> {
    if (this.#closed) return Promise.reject(new Error('OpenBatchPool is closed'));
    const outAb = out.buffer;
    if (!ownsWhole(out) || !(outAb instanceof ArrayBuffer)) return Promise.reject(new RangeError('a batch\'s output must own its whole ArrayBuffer'));
    const shared: SharedSegment[] = [];
    for (const s of segments) {
      if (!(s.buffer instanceof SharedArrayBuffer)) return Promise.reject(new RangeError('a batch\'s stored bytes must be in shared memory'));
      shared.push({ buf: s.buffer, offset: s.byteOffset, length: s.length });
    }
    const t = this.#leastBusy();
    const id = nextId++;
    return new Promise<OpenedPlain>((resolve, reject) => {
      t.pending.set(id, { resolve, reject });
      const job: OpenBatchJob = {
        id, key: batch.key, cipher: batch.cipher, firstSequence: batch.firstSequence, lastIsFinal: batch.lastIsFinal, segments: shared, out: outAb,
      };
      t.worker.postMessage(job, [outAb]);
    });
  }

  /** Terminate the workers; pending batches reject. */
  async close(): Promise<void> {
    this.#closed = true;
    const live = this.#threads.splice(0).filter((t): t is OpenThread => t !== undefined);
    await Promise.all(live.map((t) => t.worker.terminate()));
  }

  /** Tests: the running workers. */
  workersForTest(): Worker[] {
    return this.#threads.filter((t): t is OpenThread => t !== undefined).map((t) => t.worker);
  }

  #leastBusy(): OpenThread {
    let best: OpenThread | undefined;
    for (let i = 0; i < this.#threads.length; i++) {
      let t = this.#threads[i];
      if (t === undefined || t.dead) {
        t = new OpenThread((dead) => { if (this.#threads[i] === dead) this.#threads[i] = undefined; });
        this.#threads[i] = t;
      }
      if (best === undefined || t.pending.size < best.pending.size) best = t;
    }
    return best!;
  }
}
