/**
 * Commit a change of one key's object record on the drives of its erasure set.
 *
 * Stable contract (put, delete, copy and multipart complete all commit through here):
 *
 *   const res = await commitVersion({ set, bucket, key, change, drives, inlineShards, extraOps });
 *
 *  - `change.put`: the version to add, WITHOUT `inline`; for an inline object pass
 *    `inlineShards[i]` = drive i's buffer from set.encodeInline. Data-dir objects set
 *    `dataId` and must have renamed their shard files to dataPath(dataId) on the drives first.
 *  - `change.remove`: versions to remove, each leaving a `removed` entry (see record-merge.ts).
 *  - `change.update`: in-place metadata update of one version (rolled back to the version's
 *    previous state on the drives that applied it when quorum is not reached).
 *  - `drives[i]` false skips drive i (e.g. its shard write failed); default all.
 *  - `extraOps`: more ops for the same transaction on every drive (e.g. delete the `u/` key
 *    of a completed multipart upload).
 *  - `onPartial`: called when the commit reached quorum but not every drive (pass
 *    `() => ctx.onHealNeeded(bucket, key)` so the missing copies get healed).
 *  - The record merge and the `d/<dataId>` index updates happen in ONE metaUpdate per drive,
 *    all drives in parallel. Fewer than set.writeQuorum successes → the change is rolled back
 *    on the drives that applied it and QuorumError('write') is thrown.
 *  - On success the caller must (after answering is fine, before is not required) call
 *    removeOrphanedData(set, res) to delete data dirs that lost their last reference; the
 *    function never deletes anything before the commit reached quorum.
 *  - `guard` (conditional writes): checked against the current record INSIDE the metaUpdate
 *    of one arbiter drive — the first drive of the set that takes part and is online — which
 *    commits first; the other drives follow in parallel once it applied. LMDB serializes
 *    write transactions across processes, so of several processes racing conditional writes
 *    on one key only one passes the arbiter (the in-process key lock alone would not cover
 *    `--workers N`). A guard that throws commits nothing anywhere and its error is rethrown.
 *    An arbiter that fails for another reason (I/O) hands the role to the next drive.
 */
import type { MetaOp } from '../storage/drive/drive.js';
import type { ErasureSet } from '../storage/storage.js';
import { DriveOfflineError, QuorumError } from '../errors/domain-errors.js';
import {
  decodeObjectRecord, encodeDataIndexRecord, type ObjectRecord, type ObjectVersionRecord,
} from '../storage/format/index.js';
import { dataPath } from './ids.js';
import { dataIndexKey, objectKey } from './meta-keys.js';
import { objectRecordOp } from './record-op.js';
import type { UsageChange } from './bucket-usage-ledger.js';
import { usageChangeOf } from './usage-change.js';
import { mergeRecord, undoMerge, type MergeChange, type MergeResult, type UndoChange } from './record-merge.js';

export interface CommitOptions {
  readonly set: ErasureSet;
  readonly bucket: string;
  readonly key: string;
  readonly change: MergeChange;
  readonly inlineShards?: readonly (Buffer | undefined)[];
  readonly drives?: readonly boolean[];
  readonly extraOps?: readonly MetaOp[];
  /** Precondition on the arbiter drive's current record (see above); throw to refuse. */
  readonly guard?: (current: ObjectRecord | undefined) => void;
  /** Called when quorum was reached but some drive of the set did not commit (heal it). */
  readonly onPartial?: () => void;
}

export interface CommitResult {
  /** Per drive: the merge applied there (undefined: skipped or failed). */
  readonly merges: readonly (MergeResult | undefined)[];
  readonly errors: readonly (Error | undefined)[];
  readonly committed: number;
  /** The put is in the record on at least one drive that committed. */
  readonly isPutApplied: boolean;
  /** What the change did to the bucket's usage, for the quota ledger (`ctx.usage.committed`). */
  readonly usage: UsageChange;
}

function decodeOrNone(buf: Buffer | undefined): ObjectRecord | undefined {
  if (buf === undefined) return undefined;
  try {
    return decodeObjectRecord(buf);
  } catch {
    return undefined; // a corrupt copy is overwritten by the merge result (healing would do the same)
  }
}

function withInline(v: ObjectVersionRecord, inline: Buffer | undefined): ObjectVersionRecord {
  return inline === undefined ? v : { ...v, inline };
}

async function applyOnDrive(opts: CommitOptions, i: number, guard?: CommitOptions['guard']): Promise<MergeResult> {
  const drive = opts.set.drives[i]!;
  const okey = objectKey(opts.bucket, opts.key);
  const put = opts.change.put ? withInline(opts.change.put, opts.inlineShards?.[i]) : undefined;
  const change: MergeChange = { ...opts.change, ...(put ? { put } : {}) };
  return drive.metaUpdate([okey], (cur) => {
    const current = decodeOrNone(cur[0]);
    guard?.(current);
    const merged = mergeRecord(current, change);
    const ops: MetaOp[] = [objectRecordOp(okey, merged.record)];
    for (const id of merged.orphanedDataIds) ops.push({ key: dataIndexKey(id), value: null });
    for (const id of merged.addedDataIds) {
      const v = merged.record!.versions.find((x) => x.dataId === id)!;
      ops.push({ key: dataIndexKey(id), value: encodeDataIndexRecord({ bucket: opts.bucket, key: opts.key, writeId: v.writeId }) });
    }
    if (opts.extraOps) ops.push(...opts.extraOps);
    return { ops, result: merged };
  });
}

/** Undo a merge on one drive: drop what it added, forget its removals, restore what it removed. */
async function rollbackOnDrive(opts: CommitOptions, i: number, applied: MergeResult): Promise<void> {
  const dropWriteIds = applied.isPutApplied && opts.change.put ? [opts.change.put.writeId] : [];
  const restore = [...applied.removed];
  if (applied.updatedFrom) { dropWriteIds.push(applied.updatedFrom.writeId); restore.push(applied.updatedFrom); }
  await undoOnDrive(opts, i, { dropWriteIds, forgetRemovals: applied.newRemovals, restore });
}

async function undoOnDrive(opts: CommitOptions, i: number, undo: UndoChange): Promise<void> {
  const drive = opts.set.drives[i]!;
  const okey = objectKey(opts.bucket, opts.key);
  await drive.metaUpdate([okey], (cur) => {
    const { record, orphanedDataIds, addedDataIds } = undoMerge(decodeOrNone(cur[0]), undo);
    const ops: MetaOp[] = [objectRecordOp(okey, record)];
    for (const id of orphanedDataIds) ops.push({ key: dataIndexKey(id), value: null });
    for (const id of addedDataIds) {
      const v = record!.versions.find((x) => x.dataId === id)!;
      ops.push({ key: dataIndexKey(id), value: encodeDataIndexRecord({ bucket: opts.bucket, key: opts.key, writeId: v.writeId }) });
    }
    return { ops, result: undefined };
  });
}

/** A guarded commit: the first usable drive applies (and checks) first; a refusal is thrown. */
async function applyOnArbiter(opts: CommitOptions, merges: (MergeResult | undefined)[], errors: (Error | undefined)[]): Promise<void> {
  const { set } = opts;
  for (let i = 0; i < set.drives.length; i++) {
    if (opts.drives && !opts.drives[i]) continue;
    const drive = set.drives[i]!;
    if (!drive.isOnline()) { errors[i] = new DriveOfflineError(drive.endpoint); continue; }
    let refused: { err: unknown } | undefined;
    const guard = opts.guard!;
    try {
      merges[i] = await applyOnDrive(opts, i, (cur) => {
        try { guard(cur); } catch (err) { refused = { err }; throw err; }
      });
      return;
    } catch (err) {
      if (refused) throw refused.err;
      errors[i] = err instanceof Error ? err : new Error(String(err));
    }
  }
}

export async function commitVersion(opts: CommitOptions): Promise<CommitResult> {
  const { set } = opts;
  const startedAt = Date.now();
  const n = set.drives.length;
  const merges: (MergeResult | undefined)[] = new Array(n).fill(undefined);
  const errors: (Error | undefined)[] = new Array(n).fill(undefined);
  if (opts.guard) await applyOnArbiter(opts, merges, errors);
  await Promise.all(set.drives.map(async (drive, i) => {
    if (opts.drives && !opts.drives[i]) return;
    if (merges[i] !== undefined || errors[i] !== undefined) return; // the arbiter (guarded commit)
    if (!drive.isOnline()) { errors[i] = new DriveOfflineError(drive.endpoint); return; }
    try {
      merges[i] = await applyOnDrive(opts, i);
    } catch (err) {
      errors[i] = err instanceof Error ? err : new Error(String(err));
    }
  }));
  const committed = merges.filter((m) => m !== undefined).length;
  if (committed < set.writeQuorum) {
    await Promise.all(merges.map(async (m, i) => {
      if (!m) return;
      try { await rollbackOnDrive(opts, i, m); } catch { /* the drive's copy is stale; heal fixes it */ }
    }));
    throw new QuorumError('write', set.writeQuorum, committed, { cause: errors.find((e) => e !== undefined) });
  }
  if (committed < n) opts.onPartial?.();
  const usage = usageChangeOf({
    bucket: opts.bucket, set: set.index, metaKey: objectKey(opts.bucket, opts.key), put: opts.change.put, remove: opts.change.remove, merges, startedAt, endedAt: Date.now(),
  });
  return { merges, errors, committed, isPutApplied: merges.some((m) => m?.isPutApplied), usage };
}

/** Delete, on each drive, the data dirs that lost their last reference in `res`. Never throws. */
export async function removeOrphanedData(set: ErasureSet, res: CommitResult): Promise<void> {
  await Promise.all(res.merges.map(async (m, i) => {
    if (!m) return;
    for (const id of m.orphanedDataIds) {
      try { await set.drives[i]!.remove(dataPath(id)); } catch { /* swept later: no d/ entry */ }
    }
  }));
}
