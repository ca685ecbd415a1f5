/**
 * The Object Lock rules, pure (the time comes in as `now`). AWS S3 User Guide, "How S3 Object
 * Lock works" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html):
 *  - A retention period protects a version until its retain-until date; once the date has
 *    passed the version is no longer protected by it (`isRetentionActive`).
 *  - COMPLIANCE: nobody, the root user included, can delete the version or shorten or remove
 *    its retention, or change its mode, while it is active. Extending it is allowed.
 *  - GOVERNANCE: deleting the version, shortening or removing its retention or changing its
 *    mode needs `x-amz-bypass-governance-retention: true` and the permission
 *    s3:BypassGovernanceRetention (`bypassGovernance` = both). Extending it (same mode, a later
 *    or equal date) needs neither.
 *  - A legal hold (ON) prevents deletion whatever the retention, and has no expiry; changing
 *    a legal hold is never refused by these rules (it needs s3:PutObjectLegalHold only).
 *  - A delete without versionId in a versioned bucket only adds a delete marker: not a
 *    deletion of a version, so not checked here.
 */
import type { ObjectLockSettings, ObjectRetention } from './object-layer.js';

export interface LockClock {
  readonly now: Date;
  /** The caller asked to bypass governance retention and is allowed to. */
  readonly bypassGovernance: boolean;
}

export type LockBlock = 'retention' | 'legal-hold';

export function isRetentionActive(retention: ObjectRetention | undefined, now: Date): retention is ObjectRetention {
  return retention !== undefined && retention.retainUntil.getTime() > now.getTime();
}

/** Why a version with lock state `state` may not be deleted now, or undefined when it may. */
export function deletionBlock(state: ObjectLockSettings | undefined, clock: LockClock): LockBlock | undefined {
  if (state?.legalHold === true) return 'legal-hold';
  const r = state?.retention;
  if (!isRetentionActive(r, clock.now)) return undefined;
  if (r.mode === 'GOVERNANCE' && clock.bypassGovernance) return undefined;
  return 'retention';
}

/**
 * May the retention `current` be replaced by `next` (undefined: removed) now? True when the
 * change only keeps or extends protection, when the current retention is over, or when it is
 * GOVERNANCE and the caller bypasses governance.
 */
export function mayChangeRetention(current: ObjectRetention | undefined, next: ObjectRetention | undefined, clock: LockClock): boolean {
  if (!isRetentionActive(current, clock.now)) return true;
  const isExtension = next !== undefined && next.mode === current.mode
    && next.retainUntil.getTime() >= current.retainUntil.getTime();
  if (isExtension) return true;
  return current.mode === 'GOVERNANCE' && clock.bypassGovernance;
}
