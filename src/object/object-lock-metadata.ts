/**
 * Where a version's Object Lock state lives: three entries of its system metadata, named as
 * the S3 headers that carry them, so that it is stored, merged, rolled back and healed with
 * the record like any other system metadata (see update-version-metadata.ts):
 *   x-amz-object-lock-mode               GOVERNANCE | COMPLIANCE
 *   x-amz-object-lock-retain-until-date  ISO 8601 (Date.toISOString())
 *   x-amz-object-lock-legal-hold         ON | OFF
 * Mode and date are stored together or not at all. A copy never inherits its source's lock
 * state (`withoutLock`).
 */
import type { ObjectLockSettings } from './object-layer.js';

export const LOCK_MODE_METADATA = 'x-amz-object-lock-mode';
export const LOCK_RETAIN_UNTIL_METADATA = 'x-amz-object-lock-retain-until-date';
export const LOCK_LEGAL_HOLD_METADATA = 'x-amz-object-lock-legal-hold';
const LOCK_NAMES = [LOCK_MODE_METADATA, LOCK_RETAIN_UNTIL_METADATA, LOCK_LEGAL_HOLD_METADATA];

/** The lock state recorded in a version's system metadata; undefined when none. */
export function lockSettingsOf(systemMetadata: Readonly<Record<string, string>>): ObjectLockSettings | undefined {
  const mode = systemMetadata[LOCK_MODE_METADATA];
  const until = systemMetadata[LOCK_RETAIN_UNTIL_METADATA];
  const hold = systemMetadata[LOCK_LEGAL_HOLD_METADATA];
  const retainUntil = until === undefined ? undefined : new Date(until);
  const hasRetention = (mode === 'GOVERNANCE' || mode === 'COMPLIANCE') && retainUntil !== undefined && !Number.isNaN(retainUntil.getTime());
  if (!hasRetention && hold === undefined) return undefined;
  return {
    ...(hasRetention ? { retention: { mode, retainUntil } } : {}),
    ...(hold !== undefined ? { legalHold: hold === 'ON' } : {}),
  };
}

/** The system metadata without any lock entry. */
export function withoutLock(systemMetadata: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = { ...systemMetadata };
  for (const name of LOCK_NAMES) delete out[name];
  return out;
}

/** The system metadata with its lock entries replaced by `settings` (none when undefined). */
export function withLock(systemMetadata: Readonly<Record<string, string>>, settings: ObjectLockSettings | undefined): Record<string, string> {
  const out = withoutLock(systemMetadata);
  if (settings?.retention !== undefined) {
    out[LOCK_MODE_METADATA] = settings.retention.mode;
    out[LOCK_RETAIN_UNTIL_METADATA] = settings.retention.retainUntil.toISOString();
  }
  if (settings?.legalHold !== undefined) out[LOCK_LEGAL_HOLD_METADATA] = settings.legalHold ? 'ON' : 'OFF';
  return out;
}
