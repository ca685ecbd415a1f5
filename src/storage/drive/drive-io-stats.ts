/**
 * Per-drive I/O counters: for each I/O kind a latency histogram over fixed buckets, a count of
 * failed calls and the calls in flight. HealthTrackedDrive (and its file reader and writer)
 * updates them around every call that reaches the drive.
 *
 * Hot path (every frame of every GET passes here): all state lives in typed arrays sized once
 * in the constructor; begin() and end() allocate nothing (performance.now() is a double, the
 * bucket is found by a linear scan of 15 bounds). snapshot() copies the arrays for a reader.
 */
import { performance } from 'node:perf_hooks';
import { FileNotFoundError } from '../../errors/domain-errors.js';

/**
 * I/O kinds: shard file reads (readFile, readAll, an opened file's reads), shard file writes
 * (createFile, write, writev, finish), metadata reads (metaGet, metaGetMany, metaRange),
 * metadata writes (metaBatch, metaUpdate), and filesystem operations (statFile, rename,
 * remove, list, info, format record).
 */
export const IO_KINDS = ['read', 'write', 'meta_read', 'meta_write', 'fs'] as const;
export type IoKind = (typeof IO_KINDS)[number];
export const IO_READ = 0;
export const IO_WRITE = 1;
export const IO_META_READ = 2;
export const IO_META_WRITE = 3;
export const IO_FS = 4;

/** Upper bounds of the latency buckets, seconds: 50 µs .. 10 s (+Inf implied). */
export const IO_LATENCY_BUCKETS: readonly number[] = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 10,
];
const NB = IO_LATENCY_BUCKETS.length;
const BOUNDS_MS = Float64Array.from(IO_LATENCY_BUCKETS, (s) => s * 1000);

/** One kind's figures: `buckets[i]` counts calls that took <= IO_LATENCY_BUCKETS[i] (cumulative). */
export interface IoKindStats {
  readonly kind: IoKind;
  readonly buckets: readonly number[];
  readonly count: number;
  readonly sumSeconds: number;
  /** Calls that failed (a missing file is an answer, not counted). */
  readonly errors: number;
  readonly inFlight: number;
}

export class DriveIoStats {
  /** Non-cumulative bucket counts, kind-major: [kind * NB + bucket]. */
  readonly #hits = new Float64Array(IO_KINDS.length * NB);
  readonly #count = new Float64Array(IO_KINDS.length);
  readonly #sumMs = new Float64Array(IO_KINDS.length);
  readonly #errors = new Float64Array(IO_KINDS.length);
  readonly #inFlight = new Float64Array(IO_KINDS.length);

  /** A call of this kind starts; returns its start time for end(). */
  begin(kind: number): number {
    this.#inFlight[kind]!++;
    return performance.now();
  }

  /** The call begun at `startMs` ended; `err` when it failed. */
  end(kind: number, startMs: number, err?: unknown): void {
    const ms = performance.now() - startMs;
    this.#inFlight[kind]!--;
    this.#count[kind]!++;
    this.#sumMs[kind]! += ms;
    let b = 0;
    while (b < NB && ms > BOUNDS_MS[b]!) b++;
    if (b < NB) this.#hits[kind * NB + b]!++;
    if (err !== undefined && !(err instanceof FileNotFoundError)) this.#errors[kind]!++;
  }

  snapshot(): IoKindStats[] {
    return IO_KINDS.map((kind, k) => {
      const buckets: number[] = new Array<number>(NB);
      let acc = 0;
      for (let b = 0; b < NB; b++) {
        acc += this.#hits[k * NB + b]!;
        buckets[b] = acc;
      }
      return {
        kind, buckets, count: this.#count[k]!, sumSeconds: this.#sumMs[k]! / 1000,
        errors: this.#errors[k]!, inFlight: this.#inFlight[k]!,
      };
    });
  }
}
