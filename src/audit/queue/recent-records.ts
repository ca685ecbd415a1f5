/**
 * The records a durable queue appended last and has not handed out yet, kept in memory so the
 * sender gets them without reading them back from the segment (no read, no line scan, no CRC
 * check, no UTF-8 decode per record). Records are numbered in append order across the life of
 * the queue object (`index`); the window holds one contiguous run of them. It stops taking
 * records when full (a target that is down lets the queue grow far beyond it) and starts a new
 * run once the reader has consumed the old one: records outside the run are read from disk as
 * before, so the window only ever saves work, it never decides what is delivered.
 */
export interface RecentRecord {
  readonly json: string;
  /** Where the queue's read cursor stands after this record. */
  readonly end: { readonly segment: number; readonly offset: number };
}

export interface RecentLimits {
  readonly records: number;
  /** JSON characters in the window at most (about its memory in Latin-1 text). */
  readonly chars: number;
}

export const DEFAULT_RECENT_LIMITS: RecentLimits = { records: 10_000, chars: 8 * 1024 * 1024 };

export class RecentRecords {
  readonly #limits: RecentLimits;
  #run: RecentRecord[] = [];
  /** Index of #run[#head] (entries before #head were consumed and await compaction). */
  #first = 0;
  #head = 0;
  #chars = 0;
  /** Set when a record was left out: nothing more joins the run until it is consumed. */
  #full = false;

  constructor(limits: RecentLimits = DEFAULT_RECENT_LIMITS) {
    this.#limits = limits;
  }

  get size(): number { return this.#run.length - this.#head; }

  /** Offers the record appended as number `index` (called in append order). */
  offer(index: number, record: RecentRecord): void {
    if (this.size === 0) {
      this.#run = [];
      this.#head = 0;
      this.#chars = 0;
      this.#first = index;
      this.#full = false;
    }
    if (this.#full || this.size >= this.#limits.records || this.#chars + record.json.length > this.#limits.chars) {
      this.#full = true;
      return;
    }
    this.#run.push(record);
    this.#chars += record.json.length;
  }

  /**
   * Up to `max` records starting at number `index`, or none when the run does not hold that
   * record (the caller reads the disk then).
   */
  take(index: number, max: number): RecentRecord[] {
    this.forget(index);
    if (this.size === 0 || index !== this.#first) return [];
    return this.#run.slice(this.#head, this.#head + max);
  }

  /** Drops every record numbered below `index` (the reader is past them). */
  forget(index: number): void {
    while (this.size > 0 && this.#first < index) {
      this.#chars -= this.#run[this.#head]!.json.length;
      this.#head++;
      this.#first++;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#run.length) {
      this.#run = this.#run.slice(this.#head);
      this.#head = 0;
    }
  }
}
