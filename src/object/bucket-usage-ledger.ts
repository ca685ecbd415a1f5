/**
 * The usage figure bucket quotas are checked against, per process:
 *   usage(bucket) = the bucket's total bytes (all versions) in the last scanner figure
 *                 + the bytes this process's commits added or freed that the figure did not see.
 *
 * Every commit of an object record (put, copy, multipart complete, delete, an overwrite that
 * replaces the null version) is one change: its key (set, metadata key), its byte delta (the
 * put's size minus the sizes of the versions it removed), its writeIds (the put's, the removed
 * ones) and times. A completed scanner pass comes with its trace (usage-scan-trace.ts: the
 * recent writeIds of every record it counted), so each change is settled exactly:
 *  - made about the pass or later (its mtime / removal time at or after the trace's
 *    `recentSince`): the figure holds it iff the record the pass counted shows it (the put's
 *    version or its removal; the removal entry of a delete); held: dropped, else it stays;
 *  - older: it ended before the pass began and is in the figure: dropped (unless it was still
 *    committing when the pass began, over a minute after its mtime: then a change that adds
 *    bytes stays and one that frees bytes is dropped, both erring on refusing).
 * So writes during a pass are not counted twice, and deletes free their bytes at once.
 * A figure without a trace (the stored copy read at start) settles nothing: every change of
 * this process came after it. Before the first figure (fresh deployment) the base is 0.
 *
 * `--workers N`: each process keeps its own changes; the process running the scanner (slot 0)
 * sends every completed figure with its trace to the others (cluster-mode IPC), which settle
 * their changes against it the same way. Memory is bounded: past MAX_CHANGES, the changes are
 * folded into one per bucket and sign, settled by time only (a pass that began after all of
 * them drops them; until then those adding bytes stay counted, those freeing bytes are not).
 *
 * Quota documents are cached for QUOTA_CACHE_MS per bucket; a change made through this
 * process's layer drops the cached entry at once.
 */
import type { UsageSnapshot } from './bucket-usage.js';
import { recentIndex, removalId, type ScanTrace } from './usage-scan-trace.js';

/** How long a bucket's quota document is reused without reading it again. */
export const QUOTA_CACHE_MS = 1_000;

/** Changes kept per process before they are folded per bucket (see the header). */
export const MAX_CHANGES = 100_000;

/** One committed change of a key's record, as the ledger keeps it. */
export interface UsageChange {
  readonly bucket: string;
  /** Erasure set index; -1 for a folded change (no single key). */
  readonly set: number;
  readonly metaKey: string;
  /** Bytes added (> 0) or freed (< 0). */
  readonly bytes: number;
  /** writeId of the version the change put (undefined: none). */
  readonly put: string | undefined;
  /** writeIds the change removed with a removed entry (a delete). */
  readonly removed: readonly string[];
  /** The earliest mtime / removal time the change wrote (ms). */
  readonly since: number;
  /** Date.now() before the commit began and after it ended. */
  readonly startedAt: number;
  readonly endedAt: number;
}

type Seen = 'seen' | 'unseen' | 'unknown';

function seenBy(trace: ScanTrace, recent: Map<string, ReadonlySet<string>>, c: UsageChange): Seen {
  if (c.set >= 0 && c.since >= trace.recentSince) {
    const ids = recent.get(`${c.set}\n${c.metaKey}`);
    if (ids === undefined) return 'unseen';
    const putSeen = c.put === undefined || ids.has(c.put) || ids.has(removalId(c.put));
    return putSeen && c.removed.every((id) => ids.has(removalId(id))) ? 'seen' : 'unseen';
  }
  if (trace.startedAt > c.endedAt) return 'seen';
  if (trace.endedAt < c.startedAt) return 'unseen';
  return 'unknown';
}

export class BucketUsageLedger {
  #figure: UsageSnapshot | undefined;
  /** Changes the figure did not see (or may not have seen, when they add bytes). */
  #changes: UsageChange[] = [];
  /** Sum of #changes per bucket. */
  #pending = new Map<string, number>();
  readonly #quotas = new Map<string, { readonly quota: number; readonly at: number }>();
  readonly #now: () => number;
  readonly #maxChanges: number;

  constructor(now: () => number = Date.now, maxChanges = MAX_CHANGES) {
    this.#now = now;
    this.#maxChanges = maxChanges;
  }

  /** The last scanner figure (undefined before the first pass and without a stored one). */
  get figure(): UsageSnapshot | undefined { return this.#figure; }

  /** Changes held (tests, status). */
  get changeCount(): number { return this.#changes.length; }

  /** The stored figure read at start; a pass that completed since wins. */
  load(figure: UsageSnapshot): void {
    this.#figure ??= figure;
  }

  /** A completed pass: its figure replaces the last one, and the changes it saw are dropped. */
  passCompleted(figure: UsageSnapshot, trace: ScanTrace): void {
    this.#figure = figure;
    const kept: UsageChange[] = [];
    const recent = recentIndex(trace);
    for (const c of this.#changes) {
      const seen = seenBy(trace, recent, c);
      if (seen === 'unseen' || (seen === 'unknown' && c.bytes > 0)) kept.push(c);
    }
    this.#setChanges(kept);
  }

  /** A commit of this process changed `bytes` of the bucket (see UsageChange). */
  committed(change: UsageChange): void {
    if (change.bytes === 0) return;
    this.#changes.push(change);
    this.#pending.set(change.bucket, (this.#pending.get(change.bucket) ?? 0) + change.bytes);
    if (this.#changes.length > this.#maxChanges) this.#fold();
  }

  /** The quota check's usage figure for `bucket` (see the header); never below 0. */
  usage(bucket: string): number {
    return Math.max(0, (this.#figure?.buckets[bucket]?.totalBytes ?? 0) + (this.#pending.get(bucket) ?? 0));
  }

  /** A bucket was deleted: what was counted for it no longer holds (a new bucket of the name starts at 0). */
  bucketDeleted(bucket: string): void {
    this.#setChanges(this.#changes.filter((c) => c.bucket !== bucket));
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

  #setChanges(changes: UsageChange[]): void {
    this.#changes = changes;
    this.#pending = new Map();
    for (const c of changes) this.#pending.set(c.bucket, (this.#pending.get(c.bucket) ?? 0) + c.bytes);
  }

  /** One change per bucket and sign, spanning the times of those it replaces. */
  #fold(): void {
    const folded = new Map<string, { -readonly [K in keyof UsageChange]: UsageChange[K] }>();
    for (const c of this.#changes) {
      const id = `${c.bytes > 0 ? '+' : '-'}${c.bucket}`;
      const f = folded.get(id);
      if (f === undefined) {
        folded.set(id, { bucket: c.bucket, set: -1, metaKey: '', bytes: c.bytes, put: undefined, removed: [], since: c.since, startedAt: c.startedAt, endedAt: c.endedAt });
      } else {
        f.bytes += c.bytes;
        f.since = Math.min(f.since, c.since);
        f.startedAt = Math.min(f.startedAt, c.startedAt);
        f.endedAt = Math.max(f.endedAt, c.endedAt);
      }
    }
    this.#setChanges([...folded.values()]);
  }
}
