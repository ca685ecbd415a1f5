/**
 * One heal pass: bucket records and config documents onto every drive, then every object key
 * of the chosen erasure sets healed in key order (records and shard files; `deep` verifies
 * every frame of every shard on every drive and rebuilds what fails), then every pending
 * multipart upload of the set (u/ and p/ records, staged part files). Paced by a RateLimiter,
 * stopped between two keys by the signal. Used by the replaced-drive healer, the scrub and
 * the admin's heal sequences; each result goes to `onResult` (the unhealable log).
 */
import type { HealResult, ObjectHealer } from '../object/heal/index.js';
import type { ErasureSet } from '../storage/storage.js';
import { RateLimiter, type RateLimits } from './rate-limiter.js';
import { nextKeyBatch } from './set-key-walker.js';

export interface HealPassStats {
  readonly objectsChecked: number;
  readonly objectsHealed: number;
  readonly shardsHealed: number;
  readonly recordsHealed: number;
  /** Keys left unhealed (unresolved, a failed fix, or a heal that threw). */
  readonly unhealable: number;
  readonly bytesVerified: number;
  readonly bucketRecordsHealed: number;
  /** Pending multipart uploads checked, and those that got records or part files back. */
  readonly uploadsChecked: number;
  readonly uploadsHealed: number;
  /** Index of the set being walked (sets.length once every set is done). */
  readonly setsDone: number;
  readonly setsTotal: number;
  /** Every key of every chosen set was visited (false: aborted). */
  readonly isComplete: boolean;
}

export interface HealPassOptions {
  readonly deep: boolean;
  /** Default: every set of the storage. */
  readonly sets?: readonly ErasureSet[];
  readonly limits?: RateLimits;
  readonly signal?: AbortSignal;
  readonly batchSize?: number;
  /** Every object heal, as it finishes. */
  readonly onResult?: (res: HealResult) => void;
  /** A heal that threw (the key could not even be read). */
  readonly onError?: (bucket: string, key: string, err: unknown) => void;
  /** After every key. */
  readonly onProgress?: (stats: HealPassStats) => void;
  /** Called before and after each key; false makes the pass incomplete (a drive left meanwhile). */
  readonly isStillValid?: () => boolean;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function runHealPass(healer: ObjectHealer, opts: HealPassOptions): Promise<HealPassStats & { readonly invalidated: boolean }> {
  const sets = opts.sets ?? healer.storage.sets;
  const limiter = new RateLimiter(opts.limits ?? {});
  const batchSize = opts.batchSize ?? 200;
  let stats: HealPassStats = {
    objectsChecked: 0, objectsHealed: 0, shardsHealed: 0, recordsHealed: 0, unhealable: 0, bytesVerified: 0,
    bucketRecordsHealed: 0, uploadsChecked: 0, uploadsHealed: 0, setsDone: 0, setsTotal: sets.length, isComplete: false,
  };
  let invalidated = false;
  const stillValid = (): boolean => {
    if (opts.isStillValid !== undefined && !opts.isStillValid()) invalidated = true;
    return !invalidated;
  };
  try {
    const b = await healer.healBuckets();
    stats = { ...stats, bucketRecordsHealed: b.bucketRecordsHealed + b.configRecordsHealed, unhealable: b.failures.length };
  } catch (err) {
    stats = { ...stats, unhealable: stats.unhealable + 1 };
    opts.onError?.('', '', err);
  }
  for (const set of sets) {
    let after: string | undefined;
    // Bounded: every batch advances `after` past at least one key, or is the last one.
    for (;;) {
      if (opts.signal?.aborted) return { ...stats, invalidated };
      const batch = await nextKeyBatch(set, after, batchSize);
      for (const item of batch.items) {
        if (opts.signal?.aborted) return { ...stats, invalidated };
        stillValid();
        let bytes = 0;
        try {
          const res = await healer.healObject({ bucket: item.bucket, key: item.key, deep: opts.deep });
          bytes = res.bytesVerified;
          const bad = res.isUnresolved || res.failures.length > 0;
          stats = {
            ...stats,
            objectsChecked: stats.objectsChecked + 1,
            objectsHealed: stats.objectsHealed + (res.recordsHealed + res.shardsHealed > 0 ? 1 : 0),
            shardsHealed: stats.shardsHealed + res.shardsHealed,
            recordsHealed: stats.recordsHealed + res.recordsHealed,
            unhealable: stats.unhealable + (bad ? 1 : 0),
            bytesVerified: stats.bytesVerified + bytes,
          };
          opts.onResult?.(res);
        } catch (err) {
          stats = { ...stats, objectsChecked: stats.objectsChecked + 1, unhealable: stats.unhealable + 1 };
          opts.onError?.(item.bucket, item.key, new Error(message(err), { cause: err }));
        }
        stillValid();
        after = item.metaKey;
        opts.onProgress?.(stats);
        if (!(await limiter.pace(1, bytes, opts.signal))) return { ...stats, invalidated };
      }
      if (batch.next === undefined) break;
      after = batch.next;
    }
    let uploadShards = 0;
    const uploads = await healer.healUploads(set, {
      deep: opts.deep, batchSize,
      ...(opts.signal ? { signal: opts.signal } : {}),
      onUpload: (r) => {
        uploadShards += r.shardsHealed;
        if (r.failures.length > 0) opts.onError?.(r.bucket, r.key, new Error(`upload ${r.uploadId}: ${r.failures.join('; ')}`));
      },
      onError: (err, u) => opts.onError?.(u.bucket, u.key, new Error(`upload ${u.uploadId}: ${message(err)}`, { cause: err })),
    });
    if (!uploads.isComplete) return { ...stats, invalidated };
    stats = {
      ...stats,
      uploadsChecked: stats.uploadsChecked + uploads.uploadsScanned,
      uploadsHealed: stats.uploadsHealed + uploads.uploadsHealed,
      shardsHealed: stats.shardsHealed + uploadShards,
      unhealable: stats.unhealable + uploads.failures,
      setsDone: stats.setsDone + 1,
    };
  }
  stats = { ...stats, isComplete: true };
  opts.onProgress?.(stats);
  return { ...stats, invalidated };
}
