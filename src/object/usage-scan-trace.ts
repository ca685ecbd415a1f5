/**
 * What a scanner pass saw of recent writes: what the quota ledger (bucket-usage-ledger.ts)
 * needs to tell whether the pass's usage figure holds a given write.
 *
 * For each key it reads, the scanner counts the versions of the record the set should hold.
 * The trace keeps, per key, the writeIds in that record that are recent: versions with an
 * mtime, and removed entries (record-merge.ts tombstones) with a removal time, at or after
 * `recentSince` (the pass start minus RECENT_MARGIN_MS). So for a write made about the time
 * of the pass or later, the ledger knows exactly whether the figure counted it: a put's
 * writeId among the key's versions, a delete's removed writeId among its removed entries.
 * A write older than that ended before the pass began (the margin covers the time between
 * taking an mtime and the commit's end) and is in the figure. The trace is as large as the
 * writes made during the pass, not the keyspace.
 *
 * Times are ms since the epoch (`Date.now()`, the record's mtime / removal time): one clock
 * for every process of the machine, `--workers` included. Plain arrays only: the trace
 * crosses the `--workers` IPC channel as JSON.
 */

/** How far before its start a pass records writes (longer than any commit takes). */
export const RECENT_MARGIN_MS = 60_000;

export interface ScanTrace {
  /** When the pass began (before any read). */
  readonly startedAt: number;
  /** When the pass ended (after every read). */
  readonly endedAt: number;
  /** Writes at or after this time are in `recent` if the pass counted them. */
  readonly recentSince: number;
  /** [set index, metadata key, writeIds of recent versions and removalId()s of recent removals] per key read with any. */
  readonly recent: readonly (readonly [number, string, readonly string[]])[];
}

/** A write as the scanner's record shows it: a version (at = mtime) or a removed entry (at = removal time). */
export interface RecordWrite {
  readonly writeId: string;
  readonly at: number;
  readonly isRemoval: boolean;
}

/** How a removal is written in `recent` (a version is its plain writeId). */
export const removalId = (writeId: string): string => `-${writeId}`;

/** Records a pass as the scanner walks it (one per pass; a resumed pass continues it). */
export class ScanTraceBuilder {
  readonly startedAt: number;
  readonly recentSince: number;
  readonly #recent: [number, string, string[]][] = [];

  constructor(now: number) {
    this.startedAt = now;
    this.recentSince = now - RECENT_MARGIN_MS;
  }

  /** The pass counted the record of `metaKey` (set `set`) holding these writes. */
  read(set: number, metaKey: string, writes: readonly RecordWrite[]): void {
    let ids: string[] | undefined;
    for (const w of writes) if (w.at >= this.recentSince) (ids ??= []).push(w.isRemoval ? removalId(w.writeId) : w.writeId);
    if (ids !== undefined) this.#recent.push([set, metaKey, ids]);
  }

  finish(now: number): ScanTrace {
    return { startedAt: this.startedAt, endedAt: now, recentSince: this.recentSince, recent: this.#recent };
  }
}

/** The trace's recent writeIds by set and key, for lookups. */
export function recentIndex(trace: ScanTrace): Map<string, ReadonlySet<string>> {
  const m = new Map<string, ReadonlySet<string>>();
  for (const [set, metaKey, ids] of trace.recent) m.set(`${set}\n${metaKey}`, new Set(ids));
  return m;
}

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A trace received from another process; undefined when it is not one. */
export function parseScanTrace(v: unknown): ScanTrace | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as { startedAt?: unknown; endedAt?: unknown; recentSince?: unknown; recent?: unknown };
  if (!isTime(o.startedAt) || !isTime(o.endedAt) || !isTime(o.recentSince) || !Array.isArray(o.recent)) return undefined;
  for (const e of o.recent as unknown[]) {
    if (!Array.isArray(e) || e.length !== 3 || !Number.isSafeInteger(e[0]) || typeof e[1] !== 'string') return undefined;
    if (!Array.isArray(e[2]) || !(e[2] as unknown[]).every((id) => typeof id === 'string')) return undefined;
  }
  return { startedAt: o.startedAt, endedAt: o.endedAt, recentSince: o.recentSince, recent: o.recent as [number, string, string[]][] };
}
