/**
 * Outcomes of heals (object/heal healObject results), counted for the admin API: shard files
 * and records rewritten, and the keys whose last heal failed. The unhealable list is bounded
 * (the newest entries are kept, older ones counted as omitted) and a key leaves it as soon as
 * a later heal of it succeeds.
 */
import type { UnhealableItem, UnhealableList } from '../admin/admin-backend.js';
import type { HealResult } from '../object/heal/index.js';

export const DEFAULT_UNHEALABLE_CAPACITY = 100;

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Keys whose last heal failed, newest last; bounded. */
export class UnhealableLog {
  readonly #items = new Map<string, UnhealableItem>();
  readonly #capacity: number;
  #omitted = 0;

  constructor(capacity = DEFAULT_UNHEALABLE_CAPACITY) {
    this.#capacity = capacity;
  }

  add(item: UnhealableItem): void {
    const id = `${item.bucket}/${item.key}`;
    this.#items.delete(id);
    this.#items.set(id, item);
    if (this.#items.size > this.#capacity) {
      const oldest = this.#items.keys().next();
      if (oldest.done !== true) { this.#items.delete(oldest.value); this.#omitted++; }
    }
  }

  remove(bucket: string, key: string): void {
    this.#items.delete(`${bucket}/${key}`);
  }

  get size(): number { return this.#items.size + this.#omitted; }

  list(): UnhealableList {
    return { items: [...this.#items.values()], omitted: this.#omitted };
  }
}

/** Why a heal left a key unhealed, or undefined when it ended whole. */
export function unhealedReason(res: HealResult): string | undefined {
  if (res.isUnresolved) return `the copies disagree and none is held by a read quorum (${res.problems.join('; ')})`;
  if (res.failures.length > 0) return res.failures.join('; ');
  return undefined;
}

/** Totals over every heal reported to it. */
export class HealOutcomes {
  shards = 0;
  records = 0;
  readonly unhealable: UnhealableLog;
  readonly #now: () => Date;

  constructor(opts: { capacity?: number; now?: () => Date } = {}) {
    this.unhealable = new UnhealableLog(opts.capacity);
    this.#now = opts.now ?? (() => new Date());
  }

  /** Count a heal's result; returns the reason when the key is left unhealed. */
  record(res: HealResult): string | undefined {
    this.shards += res.shardsHealed;
    this.records += res.recordsHealed;
    const reason = unhealedReason(res);
    if (reason === undefined) this.unhealable.remove(res.bucket, res.key);
    else this.unhealable.add({ bucket: res.bucket, key: res.key, reason, at: this.#now().toISOString() });
    return reason;
  }

  /** A heal that threw (the copies could not even be read). */
  recordError(bucket: string, key: string, err: unknown): string {
    const reason = message(err);
    this.unhealable.add({ bucket, key, reason, at: this.#now().toISOString() });
    return reason;
  }
}
