/**
 * The heal queue: keys that a read (or the scanner) found degraded. Deduplicated (a key is
 * queued at most once until it is taken), bounded (when full new keys are dropped and
 * counted: the scanner finds them again on its next pass), FIFO.
 */
export interface HealItem {
  readonly bucket: string;
  readonly key: string;
}

export const DEFAULT_HEAL_QUEUE_CAPACITY = 10_000;

export class HealQueue {
  readonly capacity: number;
  readonly #items = new Map<string, HealItem>();
  #waiters: (() => void)[] = [];
  #dropped = 0;
  #queued = 0;

  constructor(capacity: number = DEFAULT_HEAL_QUEUE_CAPACITY) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`bad heal queue capacity ${capacity}`);
    this.capacity = capacity;
  }

  /** Queue a key; true when queued (or already queued), false when dropped (full). */
  add(bucket: string, key: string): boolean {
    const id = `${bucket}/${key}`; // bucket names hold no '/': unambiguous
    if (this.#items.has(id)) return true;
    if (this.#items.size >= this.capacity) { this.#dropped++; return false; }
    this.#items.set(id, { bucket, key });
    this.#queued++;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
    return true;
  }

  /** The oldest item without waiting, or undefined. */
  poll(): HealItem | undefined {
    const first = this.#items.entries().next();
    if (first.done) return undefined;
    this.#items.delete(first.value[0]);
    return first.value[1];
  }

  /** The oldest item, waiting for one; undefined once the signal aborts. */
  async take(signal: AbortSignal): Promise<HealItem | undefined> {
    for (;;) {
      if (signal.aborted) return undefined;
      const item = this.poll();
      if (item) return item;
      await new Promise<void>((resolve) => {
        const onAbort = (): void => resolve();
        signal.addEventListener('abort', onAbort, { once: true });
        this.#waiters.push(() => { signal.removeEventListener('abort', onAbort); resolve(); });
      });
    }
  }

  get size(): number { return this.#items.size; }
  /** Keys dropped because the queue was full. */
  get dropped(): number { return this.#dropped; }
  /** Keys accepted so far. */
  get queued(): number { return this.#queued; }
}
