/**
 * Paces a background pass so foreground requests keep the drives: at most `objectsPerSecond`
 * objects and `bytesPerSecond` bytes (0 or undefined: no limit on that measure) on average
 * since the pass began. `pace()` after each object sleeps for whatever the pass is ahead of
 * its budget; it returns false when the signal aborted the sleep.
 */
import { sleep } from './sleep.js';

export interface RateLimits {
  readonly objectsPerSecond?: number;
  readonly bytesPerSecond?: number;
}

export class RateLimiter {
  readonly #limits: RateLimits;
  readonly #now: () => number;
  #began: number;
  #objects = 0;
  #bytes = 0;

  constructor(limits: RateLimits, now: () => number = Date.now) {
    for (const [name, v] of Object.entries(limits)) {
      if (v !== undefined && !(Number.isFinite(v) && v >= 0)) throw new RangeError(`bad rate ${name}: ${String(v)}`);
    }
    this.#limits = limits;
    this.#now = now;
    this.#began = now();
  }

  /** How long (ms) the pass must wait now to stay within its budget after `objects`/`bytes` more. */
  delayFor(objects: number, bytes: number): number {
    this.#objects += objects;
    this.#bytes += bytes;
    const { objectsPerSecond: ops, bytesPerSecond: bps } = this.#limits;
    const budgetMs = Math.max(ops ? (this.#objects * 1000) / ops : 0, bps ? (this.#bytes * 1000) / bps : 0);
    return Math.max(0, budgetMs - (this.#now() - this.#began));
  }

  async pace(objects: number, bytes: number, signal?: AbortSignal): Promise<boolean> {
    const wait = this.delayFor(objects, bytes);
    return wait > 0 ? sleep(wait, signal) : !(signal?.aborted ?? false);
  }
}
