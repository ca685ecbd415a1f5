/**
 * The narrow interface background workers (src/workers) heal through. They see the storage
 * topology (sets and drives, to walk keys and sweep files) and these operations, never the
 * object layer's whole context (locks, clocks, digest pools, the inline threshold).
 */
import type { ErasureSet, Storage } from '../../storage/storage.js';
import type { VersionSize } from '../bucket-usage.js';
import type { RecordWrite } from '../usage-scan-trace.js';
import type { LayerContext } from '../layer-context.js';
import { healBucketRecords, type BucketHealResult } from './heal-buckets.js';
import { healObject, type HealResult, type ObjectHealRequest } from './heal-object.js';
import { planObjectHeal } from './heal-plan.js';
import { healSetUploads, type SetUploadHealOptions, type SetUploadHealStats } from './heal-set-uploads.js';

export interface ObjectCheck {
  /** Something on some drive differs from what the set should hold. */
  readonly needsHeal: boolean;
  readonly problems: readonly string[];
  /**
   * Sizes of the versions of the record the set should hold (newest first; empty for a
   * tombstone), read from the record: what the scanner's usage count needs. Absent when no
   * copy could be read.
   */
  readonly versions?: readonly VersionSize[];
  /** The writes that record shows (versions and removed entries), for the scanner's usage trace. */
  readonly writes?: readonly RecordWrite[];
}

export interface ObjectHealer {
  readonly storage: Storage;
  /** Bring every online drive of the key's set to the record and shard files it should hold. */
  healObject(req: ObjectHealRequest): Promise<HealResult>;
  /** Read-only check (the scanner): what healObject would fix. `deep` verifies every frame. */
  checkObject(req: ObjectHealRequest): Promise<ObjectCheck>;
  /** Bucket records and bucket config documents onto every drive. */
  healBuckets(): Promise<BucketHealResult>;
  /** Every pending multipart upload of a set: u/ and p/ records and staged part files. */
  healUploads(set: ErasureSet, opts?: SetUploadHealOptions): Promise<SetUploadHealStats>;
}

export function createObjectHealer(ctx: LayerContext): ObjectHealer {
  return {
    storage: ctx.storage,
    healObject: (req) => healObject(ctx, req),
    checkObject: async (req) => {
      const plan = await planObjectHeal(ctx, req);
      const needsHeal = plan.recordFixes.length > 0 || plan.shardFixes.length > 0;
      if (plan.target === undefined) return { needsHeal, problems: plan.problems };
      const versions = plan.target.versions.map((v) => ({ size: v.size, isDeleteMarker: v.isDeleteMarker }));
      const writes = [
        ...plan.target.versions.map((v) => ({ writeId: v.writeId, at: v.mtime, isRemoval: false })),
        ...plan.target.removed.map((r) => ({ writeId: r.writeId, at: r.at, isRemoval: true })),
      ];
      return { needsHeal, problems: plan.problems, versions, writes };
    },
    healBuckets: () => healBucketRecords(ctx),
    healUploads: (set, opts) => healSetUploads(ctx, set, opts),
  };
}
