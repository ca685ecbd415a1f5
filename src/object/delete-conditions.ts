/**
 * Conditional deletes (AWS 2024: https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html
 * `If-Match`, `x-amz-if-match-last-modified-time`, `x-amz-if-match-size`; the same three per
 * entry of DeleteObjects). Semantics as ceph s3-tests test_delete_object_*_if_match* check them:
 *  - the target is the version named by versionId, else the key's latest entry — a delete
 *    marker included (a key whose latest entry is a marker "still exists": If-Match `*`
 *    matches it, any etag, size or time does not, except a marker's own Last-Modified);
 *  - a key or version that does not exist satisfies every condition (the delete goes on and
 *    answers 204, as an unconditional delete of a missing key does);
 *  - otherwise any condition that does not hold fails with PreconditionFailedError (412).
 * `deleteConditionGuard` re-checks them against each drive's record inside the commit, so a
 * write from another process between the check and the delete cannot slip through.
 */
import { PreconditionFailedError } from '../errors/domain-errors.js';
import type { ObjectRecord, ObjectVersionRecord } from '../storage/format/index.js';
import { etagMatches } from './conditions.js';
import type { DeleteConditions } from './object-layer.js';

const seconds = (ms: number): number => Math.floor(ms / 1000);

function hasConditions(cond: DeleteConditions | undefined): cond is DeleteConditions {
  return cond !== undefined
    && (cond.ifMatch !== undefined || cond.ifMatchLastModifiedTime !== undefined || cond.ifMatchSize !== undefined);
}

/** The version a delete addresses: by id, else the latest entry; undefined when absent. */
function deleteTarget(record: ObjectRecord | undefined, versionId: string | undefined): ObjectVersionRecord | undefined {
  const versions = record?.versions ?? [];
  return versionId === undefined ? versions[0] : versions.find((v) => v.versionId === versionId);
}

/** Throws PreconditionFailedError when a condition does not hold for the addressed version. */
export function checkDeleteConditions(
  record: ObjectRecord | undefined, versionId: string | undefined, cond: DeleteConditions | undefined,
): void {
  if (!hasConditions(cond)) return;
  const target = deleteTarget(record, versionId);
  if (!target) return;
  if (cond.ifMatch !== undefined) {
    const matches = cond.ifMatch.trim() === '*' || (!target.isDeleteMarker && etagMatches(cond.ifMatch, target.etag));
    if (!matches) throw new PreconditionFailedError('If-Match');
  }
  if (cond.ifMatchLastModifiedTime !== undefined
    && seconds(target.mtime) !== seconds(cond.ifMatchLastModifiedTime.getTime())) {
    throw new PreconditionFailedError('x-amz-if-match-last-modified-time');
  }
  if (cond.ifMatchSize !== undefined && (target.isDeleteMarker || target.size !== cond.ifMatchSize)) {
    throw new PreconditionFailedError('x-amz-if-match-size');
  }
}

/** The conditions as a commitVersion guard; undefined when there is nothing to check. */
export function deleteConditionGuard(
  versionId: string | undefined, cond: DeleteConditions | undefined,
): ((current: ObjectRecord | undefined) => void) | undefined {
  if (!hasConditions(cond)) return undefined;
  return (record) => checkDeleteConditions(record, versionId, cond);
}
