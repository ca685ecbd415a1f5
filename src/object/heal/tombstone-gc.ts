/**
 * Tombstone GC: when may heal forget the `removed` entries of a record (record-merge.ts)?
 *
 * A removed entry exists so that a drive that missed the removal, or a replay of the removed
 * write, cannot bring the version back. Dropping it is safe only once no drive can still hold
 * the version and no replay can still arrive, so an entry is dropped only when:
 *  - every drive of the set answered (none offline: an offline drive may hold the version),
 *  - every drive holds the same record (same identity, record-recency.ts: every drive has the
 *    entry and none has the version), and
 *  - the entry is older than TOMBSTONE_GRACE_MS on every drive (a commit in flight, or a put
 *    retried by a slow drive, arrives within seconds; an hour leaves a wide margin).
 * The plan then rewrites every drive with the record minus those entries, or deletes the
 * record when nothing is left (heal-object.ts writes it, compare-and-swap per drive; a drive
 * that raced keeps its entries until the next pass).
 * Pure: decides from the copies the heal plan read and the layer's clock.
 */
import type { ObjectRecord, RemovedVersionRecord } from '../../storage/format/index.js';
import { recordIdentity } from '../record-recency.js';
import type { DriveCopy } from './heal-plan.js';

/** How old a removed entry must be (on every drive) before heal may drop it. */
export const TOMBSTONE_GRACE_MS = 60 * 60 * 1000;

export interface TombstoneGcInput {
  readonly copies: readonly DriveCopy[];
  /** The record the plan chose (held by a read quorum). */
  readonly target: ObjectRecord | undefined;
  readonly now: number;
  readonly graceMs?: number;
}

export interface TombstoneGc {
  /** The record every drive should hold now; undefined: delete it. */
  readonly target: ObjectRecord | undefined;
  readonly dropped: readonly RemovedVersionRecord[];
  readonly problem: string;
}

/** undefined when nothing may be dropped yet (see the module comment). */
export function planTombstoneGc(input: TombstoneGcInput): TombstoneGc | undefined {
  const { copies, target, now } = input;
  const grace = input.graceMs ?? TOMBSTONE_GRACE_MS;
  if (target === undefined || target.removed.length === 0) return undefined;
  const want = recordIdentity(target);
  if (!copies.every((c) => c.state === 'ok' && recordIdentity(c.record) === want)) return undefined;
  const isExpired = (writeId: string): boolean => copies.every((c) => {
    const entry = c.record!.removed.find((r) => r.writeId === writeId);
    return entry !== undefined && now - entry.at >= grace;
  });
  const dropped = target.removed.filter((r) => isExpired(r.writeId));
  if (dropped.length === 0) return undefined;
  const gone = new Set(dropped.map((r) => r.writeId));
  const removed = target.removed.filter((r) => !gone.has(r.writeId));
  const pruned = target.versions.length > 0 || removed.length > 0 ? { versions: target.versions, removed } : undefined;
  const what = pruned === undefined ? 'the tombstone is deleted' : `${removed.length} removed entries kept`;
  return { target: pruned, dropped, problem: `${dropped.length} removed entries older than ${grace} ms on every drive: dropped (${what})` };
}
