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
 *    writeId the deleter observed, so a newer write racing the delete is never removed.
 *  - in-place metadata update (tags): rewrites the systemMetadata of the version with the
 *    named writeId (mtime, data, ETag unchanged) when the update's metaWriteId is newer than
 *    the version's; a missing target is a no-op. Last writer by metaWriteId wins on every
 *    drive whatever the order, and it commutes with puts and removals of other versions.
 * Versions stay sorted newest first (compareVersions).
 * The merge also reports which data dirs lost their last reference on this drive
 * (refs(old) ∪ refs(incoming) − refs(new)) so they can be deleted after the commit.
 */
import { compareVersions, type ObjectRecord, type ObjectVersionRecord } from '../storage/format/index.js';
import { NULL_VERSION_ID } from './ids.js';

export interface MergeChange {
  /** Version to add (with this drive's inline shard, if inline). */
  readonly put?: ObjectVersionRecord;
  /** writeIds of versions to remove. */
  readonly removeWriteIds?: readonly string[];
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
  /** undefined: the key has no versions left (delete the record). */
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

export function mergeRecord(current: ObjectRecord | undefined, change: MergeChange): MergeResult {
  const before = current ? current.versions : [];
  let versions = before.slice();
  const remove = new Set(change.removeWriteIds ?? []);
  if (remove.size > 0) versions = versions.filter((v) => !remove.has(v.writeId));
  let isPutApplied = false;
  const put = change.put;
  if (put) {
    if (versions.some((v) => v.writeId === put.writeId)) {
      isPutApplied = true; // idempotent replay
    } else if (put.versionId === NULL_VERSION_ID) {
      const idx = versions.findIndex((v) => v.versionId === NULL_VERSION_ID);
      const stored = idx >= 0 ? versions[idx]! : undefined;
      if (!stored || compareVersions(put, stored) < 0) {
        if (idx >= 0) versions.splice(idx, 1);
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
  const oldRefs = dataRefs(before);
  const newRefs = dataRefs(versions);
  const candidates = new Set(oldRefs);
  if (put?.dataId !== undefined) candidates.add(put.dataId);
  const orphanedDataIds = [...candidates].filter((id) => !newRefs.has(id));
  const addedDataIds = [...newRefs].filter((id) => !oldRefs.has(id));
  return {
    record: versions.length > 0 ? { versions } : undefined,
    isPutApplied,
    removed,
    orphanedDataIds,
    addedDataIds,
    ...(upd.from ? { updatedFrom: upd.from } : {}),
    isUpdateApplied: upd.isApplied,
  };
}
