/**
 * healObject: bring every online drive of a key's erasure set back to the record and shard
 * files the set should hold (heal-plan.ts), under the key's lock so no in-process write to
 * the key interleaves:
 *  1. shard files first: ErasureSet.healShards rebuilds missing / wrong-size / corrupt files
 *     on their drives from the good ones (tmp + fsync + rename: never a torn shard);
 *  2. then records: drives with a missing, stale or corrupt record, or a damaged inline shard,
 *     get the chosen record with their own re-encoded inline shards (heal-record.ts), so a
 *     drive never vouches for data it does not hold.
 * A drive that is offline is skipped (the scanner finds it again later). Failures are reported
 * in the result, never thrown, except a QuorumError / drive error while reading the copies.
 */
import type { LayerContext } from '../layer-context.js';
import { lockName } from '../layer-context.js';
import { planObjectHeal, recordForDrive } from './heal-plan.js';
import { writeDriveRecord } from './heal-record.js';

export interface HealResult {
  readonly bucket: string;
  readonly key: string;
  /** What was found wrong before healing (empty: healthy). */
  readonly problems: readonly string[];
  /** Records rewritten (one per drive). */
  readonly recordsHealed: number;
  /** Shard files rebuilt (one per drive and file). */
  readonly shardsHealed: number;
  /** The copies disagree with no read quorum for any of them: left untouched. */
  readonly isUnresolved: boolean;
  readonly failures: readonly string[];
  /** Object bytes verified frame by frame (deep heals). */
  readonly bytesVerified: number;
}

export interface HealObjectOptions {
  /** Verify every frame of every shard file (bitrot), not only existence and size. */
  readonly deep?: boolean;
}

/** The key to heal, and how deep. */
export interface ObjectHealRequest extends HealObjectOptions {
  readonly bucket: string;
  readonly key: string;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function healObject(ctx: LayerContext, req: ObjectHealRequest): Promise<HealResult> {
  const { bucket, key } = req;
  return ctx.locks.withLock(lockName(bucket, key), async () => {
    const plan = await planObjectHeal(ctx, req);
    const failures: string[] = [];
    let shardsHealed = 0;
    let recordsHealed = 0;
    if (!plan.isResolved) {
      return { bucket, key, problems: plan.problems, recordsHealed, shardsHealed, isUnresolved: true, failures, bytesVerified: plan.bytesVerified };
    }
    for (const fix of plan.shardFixes) {
      try {
        await plan.set.healShards({
          layout: fix.file.layout, path: fix.file.path, size: fix.file.size, targets: fix.targets, readableTargets: fix.readableTargets,
        });
        shardsHealed += fix.targets.length;
      } catch (err) {
        failures.push(`${fix.file.path}: ${message(err)}`);
      }
    }
    for (const i of plan.recordFixes) {
      try {
        const outcome = await writeDriveRecord({
          drive: plan.set.drives[i]!, bucket, key, expected: plan.copies[i]!.raw, desired: recordForDrive(plan, i),
        });
        if (outcome === 'written') recordsHealed++;
        else failures.push(`drive ${i}: record changed during heal`);
      } catch (err) {
        failures.push(`drive ${i}: ${message(err)}`);
      }
    }
    return { bucket, key, problems: plan.problems, recordsHealed, shardsHealed, isUnresolved: false, failures, bytesVerified: plan.bytesVerified };
  });
}
