/**
 * updateObjectTags: rewrite the tag set of one version IN PLACE on every drive of its set.
 * Same versionId, data, ETag and Last-Modified (mtime); only the version's system metadata
 * entry `x-amz-tagging` (canonical URL-query form `k1=v1&k2=v2`, the form PutObject's
 * x-amz-tagging stores) changes, and the version gets a new `metaWriteId`.
 *
 * The change is a record-merge `update` committed through commitVersion (write quorum as a
 * put, rollback to the previous metadata below quorum). Concurrent updates of one version
 * converge on every drive to the one with the newest metaWriteId; a concurrent put that
 * replaces the version (null version overwrite) or a delete wins over the update, which is
 * then a no-op on the drives that no longer hold the target. The arbiter drive checks the
 * target still exists inside its transaction (other processes), else VersionNotFoundError
 * (or ObjectNotFoundError for the latest version).
 *
 * Addressing is GET's: no versionId → the latest version (a delete marker there →
 * ObjectDeletedError); versionId → that version (malformed → InvalidVersionIdError, unknown →
 * VersionNotFoundError, a delete marker → VersionIsDeleteMarkerError).
 */
import { ObjectNotFoundError, VersionNotFoundError } from '../errors/domain-errors.js';
import { commitVersion } from './commit-version.js';
import { selectVersion } from './get-object.js';
import { newId } from './ids.js';
import { lockName, type LayerContext } from './layer-context.js';
import { toObjectInfo, validateObjectKey } from './object-info.js';
import type { ObjectInfo, UpdateObjectTagsRequest } from './object-layer.js';
import { readKey } from './record-quorum.js';

/** System metadata name of the stored tag set (same as s3/handlers/common/object-tags.ts). */
export const TAGS_METADATA = 'x-amz-tagging';

function encodeTags(tags: Readonly<Record<string, string>> | undefined): string | undefined {
  if (tags === undefined) return undefined;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(tags)) q.append(k, v);
  const s = q.toString();
  return s === '' ? undefined : s;
}

export async function updateObjectTags(ctx: LayerContext, req: UpdateObjectTagsRequest): Promise<ObjectInfo> {
  const { bucket, key } = req;
  validateObjectKey(key);
  const set = ctx.storage.setFor(bucket, key);
  return ctx.locks.withLock(lockName(bucket, key), async (): Promise<ObjectInfo> => {
    const read = await readKey(ctx, bucket, key);
    const { version, isLatest } = selectVersion(req, read.record);
    const systemMetadata: Record<string, string> = { ...version.systemMetadata };
    delete systemMetadata[TAGS_METADATA];
    const encoded = encodeTags(req.tags);
    if (encoded !== undefined) systemMetadata[TAGS_METADATA] = encoded;
    const update = { writeId: version.writeId, metaWriteId: newId(), systemMetadata };
    await commitVersion({
      set,
      bucket,
      key,
      change: { update },
      guard: (current) => {
        if (current?.versions.some((v) => v.writeId === version.writeId)) return;
        if (req.versionId !== undefined) throw new VersionNotFoundError(bucket, key, req.versionId);
        throw new ObjectNotFoundError(bucket, key);
      },
      onPartial: () => ctx.onHealNeeded(bucket, key),
    });
    return toObjectInfo(req, { ...version, systemMetadata }, isLatest);
  });
}
