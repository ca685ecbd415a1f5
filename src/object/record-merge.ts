/**
 * Deterministic merges applied to one drive's object record inside its metaUpdate.
 *
 * Every write to a key is expressed as a merge whose result does not depend on the order in
 * which drives see concurrent writes, so all drives of a set converge on the same record:
 *  - put of the null version: replaces the stored null version only when the incoming one is
 *    newer by (mtime, writeId); otherwise the incoming version loses (and its data is removed
 *    by its writer).
 *  - put of a new version id: inserted (idempotent on writeId).
 *  - removal (delete by versionId, unversioned delete): removes only the version with the
 *    writeId the deleter observed, so a newer write racing the delete is never removed, and
 *    records it in `removed` ({ writeId, mtime, at }, the same entry on every drive: it comes
 *    with the change) — also on a drive that never had the version. Two removals of one
 *    writeId keep the later `at`.
 *  - a put whose writeId is in `removed` is not applied: a late replay of a removed write (a
 *    slow drive, a commit still in flight) never brings it back, whichever comes first.
 *  - in-place metadata update (tags): rewrites the systemMetadata of the version with the
 *    named writeId (mtime, data, ETag unchanged) when the update's metaWriteId is newer than
 *    the version's; a missing target is a no-op. Last writer by metaWriteId wins on every
 *    drive whatever the order, and it commutes with puts and removals of other versions.
 * Versions stay sorted newest first (compareVersions), removed entries newest removal first
 * (compareRemovals). A record with no versions but removed entries is a tombstone and is
 * stored; a record with neither is deleted.
 *
 * Bound: `removed` keeps the MAX_REMOVED newest removals; heal drops entries older than a
 * grace once every drive agrees (heal/tombstone-gc.ts). The bound is a trade-off, not free:
 * a removed write whose entry was pushed out by MAX_REMOVED newer removals of the same key
 * can be re-applied by a replay of its put that arrives that late, and a drive that missed
 * that many removals keeps the old version. Both need a put or a drive outage to outlast a
 * thousand deletes of one key; the quorum read (record-quorum.ts) still out-votes such a
 * drive and heal repairs it. Without the bound a key deleted in a loop would grow without
 * limit while a drive is offline (GC needs every drive online).
 *
 * Not covered by tombstones (as before them): a null-version put older than a removed null
 * version that reaches a drive after the removal is applied there (the removal entry does not
 * say the removed version was the null one); the quorum read and recency out-vote that drive.
 *
 * The merge also reports which data dirs lost their last reference on this drive
 * (refs(old) ∪ refs(incoming) − refs(new)) so they can be deleted after the commit.
 * undoMerge rolls a merge back on one drive (commit-version.ts, when quorum was missed).
 */
import {
  compareRemovals, compareVersions, type ObjectRecord, type ObjectVersionRecord, type RemovedVersionRecord,
} from '../storage/format/index.js';
import { NULL_VERSION_ID } from './ids.js';

/** Most removed entries a record keeps (the newest removals); see the module comment. */
export const MAX_REMOVED = 1000;

export interface MergeChange {
  /** Version to add (with this drive's inline shard, if inline). */
  readonly put?: ObjectVersionRecord;
  /** Versions to remove, each with the entry it leaves in `removed`. */
  readonly remove?: readonly RemovedVersionRecord[];
  /** In-place metadata update of one version. */
  readonly update?: MetadataUpdate;
}

export interface MetadataUpdate {
  /** The version to update. */
  readonly writeId: string;
  /** newId() of this update; the newest update of a version wins. */
  readonly metaWriteId: string;
  readonly systemMetadata: Readonly<Record<string, string>>;
}

export interface MergeResult {
  /** undefined: the key has neither versions nor removed entries (delete the record). */
  readonly record: ObjectRecord | undefined;
  /** The put (if any) is in the resulting record. */
  readonly isPutApplied: boolean;
  /** Versions no longer present that were present before. */
  readonly removed: readonly ObjectVersionRecord[];
  /** Data ids referenced before or by the put, and not any more. */
  readonly orphanedDataIds: readonly string[];
  /** Data ids referenced now and not before. */
  readonly addedDataIds: readonly string[];
  /** The version as it was before `change.update` rewrote it (for rollback). */
  readonly updatedFrom?: ObjectVersionRecord;
  /** `change.update` found its target version and is in the resulting record. */
  readonly isUpdateApplied: boolean;
  /** writeIds that have a removed entry now and had none before (for rollback). */
  readonly newRemovals: readonly string[];
}

function applyUpdate(versions: ObjectVersionRecord[], u: MetadataUpdate): { from?: ObjectVersionRecord; isApplied: boolean } {
  const idx = versions.findIndex((v) => v.writeId === u.writeId);
  if (idx < 0) return { isApplied: false };
  const v = versions[idx]!;
  if (v.metaWriteId !== undefined && v.metaWriteId >= u.metaWriteId) return { isApplied: v.metaWriteId === u.metaWriteId };
  versions[idx] = { ...v, systemMetadata: { ...u.systemMetadata }, metaWriteId: u.metaWriteId };
  return { from: v, isApplied: true };
}

function dataRefs(versions: readonly ObjectVersionRecord[]): Set<string> {
  const s = new Set<string>();
  for (const v of versions) if (v.dataId !== undefined) s.add(v.dataId);
  return s;
}

/** The current removed entries plus `incoming` (the later `at` per writeId), newest first, bounded. */
function mergeRemovals(current: readonly RemovedVersionRecord[], incoming: readonly RemovedVersionRecord[]): RemovedVersionRecord[] {
  if (incoming.length === 0) return current.slice();
  const byId = new Map(current.map((r) => [r.writeId, r]));
  for (const r of incoming) {
    const had = byId.get(r.writeId);
    if (!had || r.at > had.at) byId.set(r.writeId, { writeId: r.writeId, mtime: r.mtime, at: r.at });
  }
  return [...byId.values()].sort(compareRemovals).slice(0, MAX_REMOVED);
}

function orphansAndAdds(before: readonly ObjectVersionRecord[], after: readonly ObjectVersionRecord[], incoming?: string): { orphaned: string[]; added: string[] } {
  const oldRefs = dataRefs(before);
  const newRefs = dataRefs(after);
  const candidates = new Set(oldRefs);
  if (incoming !== undefined) candidates.add(incoming);
  return {
    orphaned: [...candidates].filter((id) => !newRefs.has(id)),
    added: [...newRefs].filter((id) => !oldRefs.has(id)),
  };
}

const recordOf = (versions: readonly ObjectVersionRecord[], removed: readonly RemovedVersionRecord[]): ObjectRecord | undefined =>
  (versions.length > 0 || removed.length > 0 ? { versions, removed } : undefined);

export function mergeRecord(current: ObjectRecord | undefined, change: MergeChange): MergeResult {
  const before = current ? current.versions : [];
  const removedBefore = current ? current.removed : [];
  const removals = mergeRemovals(removedBefore, change.remove ?? []);
  const gone = new Set(removals.map((r) => r.writeId));
  for (const r of change.remove ?? []) gone.add(r.writeId); // also when pushed out by the bound
  let versions = before.filter((v) => !gone.has(v.writeId));
  let isPutApplied = false;
  const put = change.put;
  if (put && !gone.has(put.writeId)) {
    if (versions.some((v) => v.writeId === put.writeId)) {
      isPutApplied = true; // idempotent replay
    } else if (put.versionId === NULL_VERSION_ID) {
      const idx = versions.findIndex((v) => v.versionId === NULL_VERSION_ID);
      const stored = idx >= 0 ? versions[idx]! : undefined;
      if (!stored || compareVersions(put, stored) < 0) {
        versions = versions.filter((_, i) => i !== idx);
        versions.push(put);
        isPutApplied = true;
      }
    } else if (!versions.some((v) => v.versionId === put.versionId)) {
      versions.push(put);
      isPutApplied = true;
    }
  }
  const upd = change.update ? applyUpdate(versions, change.update) : { isApplied: false };
  versions.sort(compareVersions);
  const after = new Set(versions.map((v) => v.writeId));
  const removed = before.filter((v) => !after.has(v.writeId));
  const { orphaned, added } = orphansAndAdds(before, versions, put?.dataId);
  const hadRemoval = new Set(removedBefore.map((r) => r.writeId));
  return {
    record: recordOf(versions, removals),
    isPutApplied,
    removed,
    orphanedDataIds: orphaned,
    addedDataIds: added,
    ...(upd.from ? { updatedFrom: upd.from } : {}),
    isUpdateApplied: upd.isApplied,
    newRemovals: removals.filter((r) => !hadRemoval.has(r.writeId)).map((r) => r.writeId),
  };
}

/** What a rollback takes back on one drive (commit-version.ts). */
export interface UndoChange {
  /** Versions to drop WITHOUT a removed entry (the rolled-back put or update). */
  readonly dropWriteIds: readonly string[];
  /** Removed entries the rolled-back removal added. */
  readonly forgetRemovals: readonly string[];
  /** Versions to put back (those the rolled-back change removed or rewrote). */
  readonly restore: readonly ObjectVersionRecord[];
}

export interface UndoResult {
  readonly record: ObjectRecord | undefined;
  readonly orphanedDataIds: readonly string[];
  readonly addedDataIds: readonly string[];
}

/** Undo a merge on one drive: drop what it added, forget its removals, restore what it removed. */
export function undoMerge(current: ObjectRecord | undefined, undo: UndoChange): UndoResult {
  const drop = new Set(undo.dropWriteIds);
  const forget = new Set(undo.forgetRemovals);
  let record = current
    ? recordOf(current.versions.filter((v) => !drop.has(v.writeId)), current.removed.filter((r) => !forget.has(r.writeId)))
    : undefined;
  for (const v of undo.restore) record = mergeRecord(record, { put: v }).record;
  const { orphaned, added } = orphansAndAdds(current?.versions ?? [], record?.versions ?? []);
  return { record, orphanedDataIds: orphaned, addedDataIds: added };
}
