/**
 * DeleteObject, as S3 behaves per bucket versioning state:
 *  - with versionId: remove exactly that version (a missing version is success); the result
 *    says whether it was a delete marker.
 *  - Enabled, no versionId: add a delete marker with a new versionId.
 *  - Suspended, no versionId: a null delete marker replaces the null version.
 *  - Unversioned: remove the null version (the record goes when no version is left).
 * Removals name the writeId observed by a quorum read under the key lock, so a newer write
 * racing the delete is never removed on any drive (record-merge.ts), and leave a `removed`
 * entry (the version's mtime, the removal time) so that a drive that missed the removal, or a
 * replay of the removed write, cannot bring it back. Data dirs that lose their last reference
 * are deleted after the commit.
 *
 * Object Lock: a removal of a version (by versionId, or of the null version) is refused with
 * ObjectLockedError while the version is under a legal hold or active retention (GOVERNANCE
 * unless `bypassGovernanceRetention`; COMPLIANCE always, whoever asks): object-lock-rules.ts.
 * The rule is checked on the quorum read and again inside the arbiter drive's transaction
 * (commitVersion `guard`), so a retention set by another process in between is respected.
 * Adding a delete marker (versioned delete without versionId) removes nothing and is allowed.
 */
import { InvalidVersionIdError, ObjectLockedError } from '../errors/domain-errors.js';
import type { ObjectRecord, ObjectVersionRecord } from '../storage/format/index.js';
import { commitVersion, removeOrphanedData, type CommitResult } from './commit-version.js';
import { checkDeleteConditions, deleteConditionGuard } from './delete-conditions.js';
import { isValidVersionId, newId, NULL_VERSION_ID } from './ids.js';
import { DEFAULT_STORAGE_CLASS, lockName, type LayerContext } from './layer-context.js';
import { validateObjectKey } from './object-info.js';
import { lockSettingsOf } from './object-lock-metadata.js';
import { deletionBlock } from './object-lock-rules.js';
import type { DeleteObjectRequest, DeleteObjectResult } from './object-layer.js';
import { readKey } from './record-quorum.js';

function deleteMarker(ctx: LayerContext, versioned: boolean): ObjectVersionRecord {
  const writeId = newId();
  return {
    versionId: versioned ? writeId : NULL_VERSION_ID,
    writeId,
    isDeleteMarker: true,
    mtime: ctx.nextMtime(),
    size: 0,
    etag: '',
    contentType: '',
    userMetadata: {},
    systemMetadata: {},
    storageClass: DEFAULT_STORAGE_CLASS,
  };
}

/** ObjectLockedError unless version `target` may be removed now. */
function assertRemovable(ctx: LayerContext, req: DeleteObjectRequest, target: ObjectVersionRecord): void {
  const clock = { now: new Date(ctx.now()), bypassGovernance: req.bypassGovernanceRetention === true };
  const block = deletionBlock(lockSettingsOf(target.systemMetadata), clock);
  if (block !== undefined) throw new ObjectLockedError(req.bucket, req.key, target.versionId, block);
}

export async function deleteObject(ctx: LayerContext, opts: DeleteObjectRequest): Promise<DeleteObjectResult> {
  const { bucket, key } = opts;
  validateObjectKey(key);
  if (opts.versionId !== undefined && !isValidVersionId(opts.versionId)) throw new InvalidVersionIdError(opts.versionId);
  const set = ctx.storage.setFor(bucket, key);
  let committed: CommitResult | undefined;
  const onPartial = (): void => ctx.onHealNeeded(bucket, key);
  // Conditional deletes are re-checked inside the arbiter drive's transaction (other processes).
  const conditionGuard = deleteConditionGuard(opts.versionId, opts.conditions);
  const extra = { onPartial, ...(conditionGuard ? { guard: conditionGuard } : {}) };
  const result = await ctx.locks.withLock(lockName(bucket, key), async (): Promise<DeleteObjectResult> => {
    const read = await readKey(ctx, bucket, key);
    const versions = read.record?.versions ?? [];
    checkDeleteConditions(read.record, opts.versionId, opts.conditions);
    const remove = async (target: ObjectVersionRecord | undefined): Promise<void> => {
      if (!target) return;
      assertRemovable(ctx, opts, target);
      const removal = { writeId: target.writeId, mtime: target.mtime, at: ctx.nextMtime() };
      const guard = (current: ObjectRecord | undefined): void => {
        conditionGuard?.(current);
        const now = current?.versions.find((v) => v.writeId === target.writeId);
        if (now !== undefined) assertRemovable(ctx, opts, now);
      };
      committed = await commitVersion({ set, bucket, key, change: { remove: [removal] }, ...extra, guard });
    };
    if (opts.versionId !== undefined) {
      const target = versions.find((v) => v.versionId === opts.versionId);
      await remove(target);
      return { versionId: opts.versionId, isDeleteMarker: target?.isDeleteMarker ?? false };
    }
    const mode = opts.versioning ?? 'Unversioned';
    if (mode === 'Unversioned') {
      await remove(versions.find((v) => v.versionId === NULL_VERSION_ID));
      return { isDeleteMarker: false };
    }
    if (mode === 'Suspended') {
      // The null delete marker replaces the null version: a removal of that version.
      const nullVersion = versions.find((v) => v.versionId === NULL_VERSION_ID);
      if (nullVersion) assertRemovable(ctx, opts, nullVersion);
    }
    const marker = deleteMarker(ctx, mode === 'Enabled');
    committed = await commitVersion({ set, bucket, key, change: { put: marker }, ...extra });
    return { versionId: marker.versionId, isDeleteMarker: true };
  });
  if (committed) {
    ctx.usage.committed(committed.usage);
    await removeOrphanedData(set, committed);
  }
  return result;
}
