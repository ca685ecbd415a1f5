/**
 * healUpload: bring every online drive of a pending multipart upload's set back to the records
 * and staged part files the set should hold (upload-plan.ts), holding the upload's lock (the
 * one UploadPart's commit, Complete and Abort take), so no in-process change to the upload
 * interleaves. Every record write is a compare-and-swap against the bytes the plan read: a
 * write that raced the heal (another process) leaves the drive alone and is reported.
 *
 * A pending upload, per part (UploadPart's order, so a record always describes the file
 * beside it): a drive's stale or corrupt `p/` record is deleted first; then the part's shard
 * files are rebuilt (ErasureSet.healShards, reading only drives that hold the chosen record);
 * then the `u/` record is written where it is missing or differs; then each rebuilt drive gets
 * the chosen `p/` record, only while its `u/` record is the chosen one (no orphan parts).
 * An upload that is gone loses its leftover `u/` and `p/` records on the drives that kept
 * them; the sweeper removes their `multipart/<uploadId>` dir later.
 * Failures are reported in the result, never thrown, except while reading the copies.
 */
import type { Drive, MetaOp } from '../../storage/drive/drive.js';
import type { LayerContext } from '../layer-context.js';
import { partKey, uploadKey } from '../multipart/upload-record.js';
import { sameBytes } from './heal-record.js';
import type { UploadRef } from './upload-copies.js';
import { planUploadHeal, type PartFix, type UploadHealPlan, type UploadHealRequest, type UploadHealStatus } from './upload-plan.js';

export interface UploadHealResult extends UploadRef {
  readonly status: UploadHealStatus;
  /** What was found wrong before healing (empty: healthy). */
  readonly problems: readonly string[];
  /** `u/` and `p/` records written (one per drive and record). */
  readonly recordsHealed: number;
  /** Staged part files rebuilt (one per drive and part). */
  readonly shardsHealed: number;
  /** Parts that got at least one record or file back. */
  readonly partsHealed: number;
  /** Leftover `u/` and `p/` records removed from the drives of an upload that is gone. */
  readonly recordsRemoved: number;
  readonly failures: readonly string[];
}

interface Expect { readonly key: string; readonly expected: Buffer | undefined }

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Apply `ops` in one transaction iff every checked key still holds the bytes expected. */
async function compareAndSet(drive: Drive, checks: readonly Expect[], ops: readonly MetaOp[]): Promise<boolean> {
  return drive.metaUpdate(checks.map((c) => c.key), (cur) =>
    (checks.every((c, i) => sameBytes(cur[i], c.expected)) ? { ops, result: true } : { ops: [], result: false }));
}

class Tally {
  recordsHealed = 0;
  shardsHealed = 0;
  partsHealed = 0;
  recordsRemoved = 0;
  readonly failures: string[] = [];

  /** Run one drive-level step; false (and a failure noted) when it raced or threw. */
  async step(what: string, fn: () => Promise<boolean>): Promise<boolean> {
    try {
      if (await fn()) return true;
      this.failures.push(`${what}: changed during heal`);
    } catch (err) {
      this.failures.push(`${what}: ${message(err)}`);
    }
    return false;
  }

  result(plan: UploadHealPlan): UploadHealResult {
    const { bucket, key, uploadId, status, problems } = plan;
    const { recordsHealed, shardsHealed, partsHealed, recordsRemoved, failures } = this;
    return { bucket, key, uploadId, status, problems, recordsHealed, shardsHealed, partsHealed, recordsRemoved, failures };
  }
}

export async function healUpload(ctx: LayerContext, req: UploadHealRequest): Promise<UploadHealResult> {
  return ctx.uploadLocks.withLock(req.uploadId, async () => {
    const plan = await planUploadHeal(ctx, req);
    const tally = new Tally();
    if (plan.status === 'gone') await removeLeftovers(plan, tally);
    if (plan.status === 'pending') await healPending(plan, tally);
    return tally.result(plan);
  });
}

async function removeLeftovers(plan: UploadHealPlan, tally: Tally): Promise<void> {
  const ukey = uploadKey(plan.bucket, plan.key, plan.uploadId);
  await Promise.all(plan.leftovers.map(async (i) => {
    const copy = plan.copies[i]!;
    const checks: Expect[] = [{ key: ukey, expected: copy.upload.raw }];
    for (const p of copy.parts?.values() ?? []) checks.push({ key: p.key, expected: p.raw });
    const ops = checks.filter((c) => c.expected !== undefined).map((c): MetaOp => ({ key: c.key, value: null }));
    if (await tally.step(`drive ${i}: leftover records`, () => compareAndSet(plan.set.drives[i]!, checks, ops))) {
      tally.recordsRemoved += ops.length;
    }
  }));
}

async function healPending(plan: UploadHealPlan, tally: Tally): Promise<void> {
  const { set } = plan;
  const ukey = uploadKey(plan.bucket, plan.key, plan.uploadId);
  const rebuilt = new Map<PartFix, Set<number>>();
  for (const fix of plan.partFixes) {
    const pkey = partKey(plan.uploadId, fix.part.partNumber);
    // A drive's record must not vouch for the file while it is replaced: drop it first.
    const dropped = await Promise.all(fix.recordFixes.map(async (r) => (r.expected === undefined
      || await tally.step(`drive ${r.drive}: part ${fix.part.partNumber} record`, () =>
        compareAndSet(set.drives[r.drive]!, [{ key: pkey, expected: r.expected }], [{ key: pkey, value: null }])))));
    const blocked = new Set(fix.recordFixes.filter((_, j) => !dropped[j]).map((r) => r.drive));
    rebuilt.set(fix, await rebuildShards(plan, fix, fix.shardTargets.filter((t) => !blocked.has(t)), tally));
  }
  await Promise.all(plan.uploadFixes.map(async (i) => {
    const ok = await tally.step(`drive ${i}: upload record`, () =>
      compareAndSet(set.drives[i]!, [{ key: ukey, expected: plan.copies[i]!.upload.raw }], [{ key: ukey, value: plan.uploadRaw! }]));
    if (ok) tally.recordsHealed++;
  }));
  for (const fix of plan.partFixes) {
    const pkey = partKey(plan.uploadId, fix.part.partNumber);
    const done = rebuilt.get(fix)!;
    let records = 0;
    await Promise.all(fix.recordFixes.filter((r) => done.has(r.drive)).map(async (r) => {
      const checks: Expect[] = [{ key: ukey, expected: plan.uploadRaw }, { key: pkey, expected: undefined }];
      const ok = await tally.step(`drive ${r.drive}: part ${fix.part.partNumber} record`, () =>
        compareAndSet(set.drives[r.drive]!, checks, [{ key: pkey, value: fix.raw }]));
      if (ok) records++;
    }));
    tally.recordsHealed += records;
    tally.shardsHealed += done.size;
    if (records + done.size > 0) tally.partsHealed++;
  }
}

/**
 * Rebuild the part's file on `targets`; the drives where it was rebuilt. One healShards call
 * for all of them; when it fails, each target again on its own to learn which ones failed
 * (a record is written only beside a file that is known to be rebuilt).
 */
async function rebuildShards(plan: UploadHealPlan, fix: PartFix, targets: readonly number[], tally: Tally): Promise<Set<number>> {
  const heal = (t: readonly number[]): Promise<void> =>
    plan.set.healShards({ layout: fix.file.layout, path: fix.file.path, size: fix.file.size, targets: t, sources: fix.sources });
  if (targets.length === 0) return new Set();
  try {
    await heal(targets);
    return new Set(targets);
  } catch (err) {
    if (targets.length === 1) {
      tally.failures.push(`drive ${targets[0]}: ${fix.file.path}: ${message(err)}`);
      return new Set();
    }
  }
  const done = new Set<number>();
  for (const t of targets) {
    try {
      await heal([t]);
      done.add(t);
    } catch (err) {
      tally.failures.push(`drive ${t}: ${fix.file.path}: ${message(err)}`);
    }
  }
  return done;
}
