/**
 * What heal could not fix, kept so an operator can see it (admin heal status): per key the
 * newest reason and when. A later heal of the key that leaves nothing wrong removes it.
 * Bounded: past `capacity` keys the oldest entry is dropped and counted.
 */
import type { HealResult } from '../object/heal/index.js';

export interface UnhealableEntry {
  readonly bucket: string;
  readonly key: string;
  readonly reason: string;
  readonly at: Date;
}

export const DEFAULT_UNHEALABLE_CAPACITY = 1_000;

export class UnhealableLog {
  readonly #entries = new Map<string, UnhealableEntry>();
  readonly #capacity: number;
  #dropped = 0;

  constructor(capacity = DEFAULT_UNHEALABLE_CAPACITY) {
    this.#capacity = capacity;
  }

  /** Record the outcome of one heal: unresolved or failed keys are kept, clean ones cleared. */
  record(res: HealResult): void {
    if (res.isUnresolved || res.failures.length > 0) {
      const reason = res.failures.length > 0 ? res.failures.join('; ') : res.problems.join('; ');
      this.add(res.bucket, res.key, reason);
    } else {
      this.#entries.delete(`${res.bucket}/${res.key}`);
    }
  }

  /** A heal that threw (e.g. not enough drives answered). */
  add(bucket: string, key: string, reason: string): void {
    const id = `${bucket}/${key}`;
    this.#entries.delete(id); // re-insert: newest last
    this.#entries.set(id, { bucket, key, reason, at: new Date() });
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) { this.#entries.delete(oldest.value); this.#dropped++; }
    }
  }

  get size(): number { return this.#entries.size; }
  /** Entries dropped because the log was full. */
  get dropped(): number { return this.#dropped; }
  /** Newest first. */
  entries(): UnhealableEntry[] { return [...this.#entries.values()].reverse(); }
}
