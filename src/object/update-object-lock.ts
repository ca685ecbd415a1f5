/**
 * updateObjectLock (PutObjectRetention, PutObjectLegalHold): set the retention and/or the
 * legal hold of one version in place (update-version-metadata.ts), after the lock rules
 * (object-lock-rules.ts) allowed the change against the state it replaces: active COMPLIANCE
 * retention can only be extended; active GOVERNANCE retention can be shortened, removed or
 * have its mode changed only with `bypassGovernanceRetention`. Refusals are ObjectLockedError.
 */
import { ObjectLockedError } from '../errors/domain-errors.js';
import type { LayerContext } from './layer-context.js';
import type { ObjectInfo, UpdateObjectLockRequest } from './object-layer.js';
import { lockSettingsOf, withLock } from './object-lock-metadata.js';
import { mayChangeRetention } from './object-lock-rules.js';
import { updateVersionMetadata } from './update-version-metadata.js';

export async function updateObjectLock(ctx: LayerContext, req: UpdateObjectLockRequest): Promise<ObjectInfo> {
  return updateVersionMetadata(ctx, req, (version) => {
    const current = lockSettingsOf(version.systemMetadata) ?? {};
    let retention = current.retention;
    if (req.retention !== undefined) {
      const next = req.retention ?? undefined;
      const clock = { now: new Date(ctx.now()), bypassGovernance: req.bypassGovernanceRetention === true };
      if (!mayChangeRetention(current.retention, next, clock)) {
        throw new ObjectLockedError(req.bucket, req.key, version.versionId, 'retention');
      }
      retention = next;
    }
    const legalHold = req.legalHold ?? current.legalHold;
    return withLock(version.systemMetadata, {
      ...(retention !== undefined ? { retention } : {}),
      ...(legalHold !== undefined ? { legalHold } : {}),
    });
  });
}
