/**
 * The bucket usage change of one committed record change (commit-version.ts), for the quota
 * ledger (bucket-usage-ledger.ts): the put's size if the put was applied (a delete marker has
 * none) minus the sizes of the versions the change removed (a deleted version, the null version
 * an unversioned overwrite replaced). Drives can disagree (one missed an earlier write); the
 * largest delta of the drives that committed is taken, so a quota never counts too little.
 */
import type { ObjectVersionRecord } from '../storage/format/index.js';
import type { UsageChange } from './bucket-usage-ledger.js';
import type { MergeResult } from './record-merge.js';

export interface UsageChangeInput {
  readonly bucket: string;
  readonly set: number;
  readonly metaKey: string;
  readonly put: ObjectVersionRecord | undefined;
  /** The removals of the change (writeId and removal time). */
  readonly remove: readonly { readonly writeId: string; readonly at: number }[] | undefined;
  readonly merges: readonly (MergeResult | undefined)[];
  readonly startedAt: number;
  readonly endedAt: number;
}

const bytesOf = (v: ObjectVersionRecord): number => (v.isDeleteMarker ? 0 : v.size);

export function usageChangeOf(c: UsageChangeInput): UsageChange {
  let bytes: number | undefined;
  for (const m of c.merges) {
    if (m === undefined) continue;
    let delta = m.isPutApplied && c.put !== undefined ? bytesOf(c.put) : 0;
    for (const v of m.removed) delta -= bytesOf(v);
    if (bytes === undefined || delta > bytes) bytes = delta;
  }
  const removed = (c.remove ?? []).map((r) => r.writeId);
  const since = Math.min(c.put?.mtime ?? Infinity, ...(c.remove ?? []).map((r) => r.at), c.startedAt);
  return { bucket: c.bucket, set: c.set, metaKey: c.metaKey, bytes: bytes ?? 0, put: c.put?.writeId, removed, since, startedAt: c.startedAt, endedAt: c.endedAt };
}
