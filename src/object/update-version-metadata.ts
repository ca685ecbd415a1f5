/**
 * In-place update of one version's system metadata (object tags, Object Lock state): same
 * versionId, data, ETag and Last-Modified (mtime); the version gets a new `metaWriteId`.
 *
 * The change is a record-merge `update` committed through commitVersion (write quorum as a
 * put, rollback to the previous metadata below quorum). It is a compare-and-swap: `edit`
 * computes the new system metadata from the version as read (and may refuse by throwing, e.g.
 * ObjectLockedError), and the arbiter drive commits it only if the version still has the
 * metaWriteId that was read (commitVersion `guard`, serialized across processes by LMDB).
 * If another update got there first, the read-edit-commit is retried on the new state, so a
 * tag update never drops a retention set meanwhile by another process, and a lock rule is
 * always checked against the state it replaces. Concurrent updates converge on every drive
 * to the newest metaWriteId; a concurrent put that replaces the version (null version
 * overwrite) or a delete wins, and the update then fails with VersionNotFoundError (or
 * ObjectNotFoundError for the latest version).
 *
 * Addressing is GET's: no versionId → the latest version (a delete marker there →
 * ObjectDeletedError); versionId → that version (malformed → InvalidVersionIdError, unknown →
 * VersionNotFoundError, a delete marker → VersionIsDeleteMarkerError).
 */
import { ObjectNotFoundError, VersionNotFoundError } from '../errors/domain-errors.js';
import type { ObjectRecord, ObjectVersionRecord } from '../storage/format/index.js';
import { commitVersion } from './commit-version.js';
import { selectVersion, type VersionAddress } from './get-object.js';
import { newId } from './ids.js';
import { lockName, type LayerContext } from './layer-context.js';
import { toObjectInfo, validateObjectKey } from './object-info.js';
import type { ObjectInfo } from './object-layer.js';
import { readKey } from './record-quorum.js';

/** Attempts before giving up when other processes keep updating the same version. */
const MAX_ATTEMPTS = 8;

/** The new system metadata of `version` (throw to refuse the update). */
export type MetadataEdit = (version: ObjectVersionRecord) => Record<string, string>;

/** The arbiter holds a newer metaWriteId than the one read: retry from its record. */
class StaleVersion extends Error {
  constructor(readonly current: ObjectRecord) { super('stale version metadata'); }
}

export async function updateVersionMetadata(ctx: LayerContext, at: VersionAddress, edit: MetadataEdit): Promise<ObjectInfo> {
  const { bucket, key } = at;
  validateObjectKey(key);
  const set = ctx.storage.setFor(bucket, key);
  return ctx.locks.withLock(lockName(bucket, key), async (): Promise<ObjectInfo> => {
    // The first attempt edits the quorum read; a retry edits the arbiter's record, which holds
    // the update that won (the other drives may not have applied it yet, so re-reading the
    // quorum could return the same stale state again).
    let record = (await readKey(ctx, bucket, key)).record;
    for (let attempt = 1; ; attempt++) {
      const { version, isLatest } = selectVersion(at, record);
      const systemMetadata = edit(version);
      const update = { writeId: version.writeId, metaWriteId: newId(), systemMetadata };
      try {
        await commitVersion({
          set,
          bucket,
          key,
          change: { update },
          guard: (current) => {
            const now = current?.versions.find((v) => v.writeId === version.writeId);
            if (now === undefined) {
              if (at.versionId !== undefined) throw new VersionNotFoundError(bucket, key, at.versionId);
              throw new ObjectNotFoundError(bucket, key);
            }
            if (now.metaWriteId !== version.metaWriteId) throw new StaleVersion(current!);
          },
          onPartial: () => ctx.onHealNeeded(bucket, key),
        });
      } catch (err) {
        if (err instanceof StaleVersion && attempt < MAX_ATTEMPTS) { record = err.current; continue; }
        throw err;
      }
      return toObjectInfo(at, { ...version, systemMetadata }, isLatest);
    }
  });
}
