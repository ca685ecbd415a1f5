/**
 * The usage figure bucket quotas are checked against, per process:
 *   usage(bucket) = the bucket's total bytes (all versions) in the last scanner figure
 *                 + the bytes this process committed to the bucket since the START of the
 *                   scanner pass that produced that figure.
 * Window: a write made while a pass runs may be counted twice (by the pass, if it reaches the
 * key after the write, and here) until the next pass ends; deletes and overwritten versions
 * free nothing until the next pass. Both err on the side of refusing, never of letting a
 * bucket grow past its quota unnoticed. Before the first figure (fresh deployment, nothing
 * stored yet) the base is 0. Another `--workers` process's writes are seen only through the
 * next scanner figure.
 *
 * The figure comes from the scanner (passStarted / passCompleted, wired by compose/) or from
 * the stored copy at start (load). Quota documents are cached for QUOTA_CACHE_MS per bucket;
 * a change made through this process's layer drops the cached entry at once.
 */
import type { UsageSnapshot } from './bucket-usage.js';

/** How long a bucket's quota document is reused without reading it again. */
export const QUOTA_CACHE_MS = 1_000;

export class BucketUsageLedger {
  #figure: UsageSnapshot | undefined;
  /** Bytes committed per bucket since the start of the pass that produced #figure. */
  #sinceFigure = new Map<string, number>();
  /** Bytes committed per bucket since the start of the pass under way (undefined: none). */
  #sincePassStart: Map<string, number> | undefined;
  readonly #quotas = new Map<string, { readonly quota: number; readonly at: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** The last scanner figure (undefined before the first pass and without a stored one). */
  get figure(): UsageSnapshot | undefined { return this.#figure; }

  /** The stored figure read at start; a pass that completed since wins. */
  load(figure: UsageSnapshot): void {
    this.#figure ??= figure;
  }

  passStarted(): void {
    this.#sincePassStart = new Map();
  }

  passCompleted(figure: UsageSnapshot): void {
    this.#figure = figure;
    this.#sinceFigure = this.#sincePassStart ?? new Map();
    this.#sincePassStart = undefined;
  }

  /** `bytes` were committed to `bucket` by this process. */
  committed(bucket: string, bytes: number): void {
    if (!(bytes > 0)) return;
    this.#sinceFigure.set(bucket, (this.#sinceFigure.get(bucket) ?? 0) + bytes);
    if (this.#sincePassStart !== undefined) this.#sincePassStart.set(bucket, (this.#sincePassStart.get(bucket) ?? 0) + bytes);
  }

  /** The quota check's usage figure for `bucket` (see the header). */
  usage(bucket: string): number {
    return (this.#figure?.buckets[bucket]?.totalBytes ?? 0) + (this.#sinceFigure.get(bucket) ?? 0);
  }

  /** A bucket was deleted: what was counted for it no longer holds (a new bucket of the name starts at 0). */
  bucketDeleted(bucket: string): void {
    this.#sinceFigure.delete(bucket);
    this.#sincePassStart?.delete(bucket);
    this.#quotas.delete(bucket);
    const f = this.#figure;
    if (f !== undefined && bucket in f.buckets) {
      const { [bucket]: _gone, ...rest } = f.buckets;
      this.#figure = { lastUpdate: f.lastUpdate, buckets: rest };
    }
  }

  /** The cached quota of `bucket` (0 = none) if read less than QUOTA_CACHE_MS ago. */
  cachedQuota(bucket: string): number | undefined {
    const q = this.#quotas.get(bucket);
    return q !== undefined && this.#now() - q.at < QUOTA_CACHE_MS ? q.quota : undefined;
  }

  rememberQuota(bucket: string, quota: number): void {
    this.#quotas.set(bucket, { quota, at: this.#now() });
  }

  forgetQuota(bucket: string): void {
    this.#quotas.delete(bucket);
  }
}
