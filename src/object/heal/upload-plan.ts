/**
 * Planning the heal of one pending multipart upload: read every drive's `u/` record and `p/`
 * records (upload-copies.ts), decide what the set should hold with the rules the multipart
 * reads use (multipart/upload-io.ts), and list what differs. Nothing is written here.
 *
 * The upload (status):
 *  - 'pending': at least readQuorum drives hold a decodable `u/` record (readUpload's rule)
 *    and a read quorum of them hold the same bytes. Drives that miss it, or hold a corrupt or
 *    different copy, get those bytes (uploadFixes).
 *  - 'gone' (aborted or completed): the decodable copies plus the drives that did not answer
 *    cannot reach readQuorum, so no later read can see the upload. Its leftover `u/` and `p/`
 *    records are removed from the drives that hold them (leftovers); never resurrected. The
 *    sweeper removes the upload's data dir (`multipart/<uploadId>` for a v1 upload) once the
 *    drive has no `u/` record and no committed version names it.
 *  - 'completing': some copy has `completingDataId` (a complete is in flight, or crashed and
 *    is rolled back by the next operation on the upload): reported, never touched.
 *  - 'in-flight': gone by the rule above but created less than IN_FLIGHT_GRACE_MS ago: it may
 *    be a create another process is between its first and last drive (left alone).
 *  - 'unresolved': too few drives answered, or the copies disagree with no read quorum.
 *
 * The parts of a pending upload, per part number: the partId held by the most drives (newer
 * mtime on a tie) when it is held by readQuorum drives (readParts' rule). Then per answering
 * drive: a drive with another partId, a corrupt record or none gets the chosen record and its
 * shard file rebuilt (its file at that path, if any, belongs to another upload of the part
 * number or to nothing); a drive with the chosen record gets its file rebuilt when it is
 * missing, of the wrong size or (deep) has a frame failing its checksum. Only drives holding
 * the chosen record with a good file are read from (`sources`). A part number without a
 * quorum record is invisible to ListParts and Complete and is left alone, as is a part some
 * drive holds a newer, recent (IN_FLIGHT_GRACE_MS) record of: a re-upload in flight.
 */
import type { ErasureSet } from '../../storage/storage.js';
import { idTime } from '../ids.js';
import type { LayerContext } from '../layer-context.js';
import { partPath, type PartRecord, type UploadRecord } from '../multipart/upload-record.js';
import { IN_FLIGHT_GRACE_MS } from './heal-plan.js';
import { checkShardFile, isRepairable, type ShardFile, type ShardState } from './shard-check.js';
import { readUploadCopies, type DriveUploadCopies, type UploadRef } from './upload-copies.js';

export type UploadHealStatus = 'pending' | 'gone' | 'completing' | 'in-flight' | 'unresolved';

export interface PartRecordFix {
  readonly drive: number;
  /** The drive's stored record (undefined: none), for the compare-and-swap. */
  readonly expected: Buffer | undefined;
}

export interface PartFix {
  readonly part: PartRecord;
  /** The chosen record's stored bytes (what fixed drives get). */
  readonly raw: Buffer;
  readonly file: ShardFile;
  /** Drives whose shard file is rebuilt. */
  readonly shardTargets: readonly number[];
  /** Drives whose `p/` record is rewritten (a subset of shardTargets). */
  readonly recordFixes: readonly PartRecordFix[];
  /** Drives holding the chosen record and a good file: the only ones read from. */
  readonly sources: readonly number[];
}

export interface UploadHealPlan extends UploadRef {
  readonly set: ErasureSet;
  readonly status: UploadHealStatus;
  readonly copies: readonly DriveUploadCopies[];
  /** The chosen upload record and its stored bytes (status 'pending'). */
  readonly upload: UploadRecord | undefined;
  readonly uploadRaw: Buffer | undefined;
  /** Drives that get `uploadRaw` (compare-and-swap against copies[i].upload.raw). */
  readonly uploadFixes: readonly number[];
  readonly partFixes: readonly PartFix[];
  /** Status 'gone': drives whose `u/` and `p/` records of the upload are removed. */
  readonly leftovers: readonly number[];
  /** Human-readable findings (for status and logs). */
  readonly problems: readonly string[];
}

export interface UploadHealRequest extends UploadRef {
  /** Verify every frame of every staged part file (bitrot), not only existence and size. */
  readonly deep?: boolean;
}

/** True when healUpload would write or remove something. */
export const hasUploadFixes = (p: UploadHealPlan): boolean =>
  p.uploadFixes.length + p.partFixes.length + p.leftovers.length > 0;

interface Choice { readonly raw: Buffer; readonly record: UploadRecord; readonly holders: number }

/** The most-held byte-identical upload record; undefined on a tie between different bytes. */
function chooseUpload(copies: readonly DriveUploadCopies[]): Choice | undefined {
  const groups: { raw: Buffer; record: UploadRecord; holders: number }[] = [];
  for (const { upload } of copies) {
    if (upload.record === undefined) continue;
    const g = groups.find((x) => x.raw.equals(upload.raw!));
    if (g) g.holders++; else groups.push({ raw: upload.raw!, record: upload.record, holders: 1 });
  }
  groups.sort((a, b) => b.holders - a.holders);
  if (groups.length > 1 && groups[1]!.holders === groups[0]!.holders) return undefined;
  return groups[0];
}

/** The part record of `partNumber` by readParts' rule (most drives, then newest), with its vote count. */
function choosePart(copies: readonly DriveUploadCopies[], partNumber: number): { raw: Buffer; part: PartRecord; n: number } | undefined {
  const byId = new Map<string, { raw: Buffer; part: PartRecord; n: number }>();
  for (const c of copies) {
    const pc = c.parts?.get(partNumber);
    if (pc?.record === undefined) continue;
    const v = byId.get(pc.record.partId);
    if (v) v.n++; else byId.set(pc.record.partId, { raw: pc.raw, part: pc.record, n: 1 });
  }
  let best: { raw: Buffer; part: PartRecord; n: number } | undefined;
  for (const v of byId.values()) if (!best || v.n > best.n || (v.n === best.n && v.part.mtime > best.part.mtime)) best = v;
  return best;
}

interface PlanBase extends UploadRef {
  readonly set: ErasureSet;
  readonly copies: readonly DriveUploadCopies[];
  readonly problems: string[];
}

const empty = (base: PlanBase, status: UploadHealStatus): UploadHealPlan => ({
  ...base, status, upload: undefined, uploadRaw: undefined, uploadFixes: [], partFixes: [], leftovers: [],
});

export async function planUploadHeal(ctx: LayerContext, req: UploadHealRequest): Promise<UploadHealPlan> {
  const set = ctx.storage.setFor(req.bucket, req.key);
  const copies = await readUploadCopies(set, req);
  const base: PlanBase = { bucket: req.bucket, key: req.key, uploadId: req.uploadId, set, copies, problems: [] };
  const { problems } = base;
  const offline = copies.filter((c) => c.upload.state === 'offline').length;
  const answered = copies.length - offline;
  if (answered < set.readQuorum) {
    problems.push(`only ${answered} drives answered (${set.readQuorum} needed)`);
    return empty(base, 'unresolved');
  }
  const completing = copies.findIndex((c) => c.upload.record?.completingDataId !== undefined);
  if (completing >= 0) {
    problems.push(`drive ${completing}: a complete is in flight (completingDataId ${copies[completing]!.upload.record!.completingDataId})`);
    return empty(base, 'completing');
  }
  const decoded = copies.filter((c) => c.upload.state === 'ok').length;
  if (decoded + offline < set.readQuorum) return planGone(ctx, base);
  const choice = chooseUpload(copies);
  if (decoded < set.readQuorum || choice === undefined || choice.holders < set.readQuorum) {
    problems.push(`no upload record held by a read quorum (${choice?.holders ?? 0} of ${set.readQuorum} needed, ${offline} drives offline)`);
    return empty(base, 'unresolved');
  }
  const uploadFixes: number[] = [];
  copies.forEach((c, i) => {
    if (c.upload.state === 'offline' || c.upload.raw?.equals(choice.raw) === true) return;
    uploadFixes.push(i);
    problems.push(`drive ${i}: upload record ${c.upload.state === 'ok' ? 'stale' : c.upload.state === 'absent' ? 'missing' : 'corrupt'}`);
  });
  const partFixes = await planParts(ctx, base, choice.record, req.deep === true);
  return { ...base, status: 'pending', upload: choice.record, uploadRaw: choice.raw, uploadFixes, partFixes, leftovers: [] };
}

function planGone(ctx: LayerContext, base: PlanBase): UploadHealPlan {
  const leftovers = base.copies.flatMap((c, i) =>
    (c.upload.state === 'ok' || c.upload.state === 'corrupt' || (c.parts?.size ?? 0) > 0 ? [i] : []));
  if (leftovers.length === 0) return empty(base, 'gone');
  if (ctx.now() - idTime(base.uploadId) < IN_FLIGHT_GRACE_MS) {
    base.problems.push(`upload record on a minority of drives (${leftovers.join(', ')}), created less than ${IN_FLIGHT_GRACE_MS} ms ago (create in flight?)`);
    return empty(base, 'in-flight');
  }
  base.problems.push(`upload absent on a read quorum: leftover records on drive ${leftovers.join(', ')}`);
  return { ...empty(base, 'gone'), leftovers };
}

async function planParts(ctx: LayerContext, base: PlanBase, upload: UploadRecord, deep: boolean): Promise<PartFix[]> {
  const { set, copies, problems } = base;
  const numbers = new Set<number>();
  for (const c of copies) for (const n of c.parts?.keys() ?? []) numbers.add(n);
  const fixes: PartFix[] = [];
  for (const n of [...numbers].sort((a, b) => a - b)) {
    const best = choosePart(copies, n);
    if (best === undefined || best.n < set.readQuorum) {
      problems.push(`part ${n}: no record held by a read quorum (left alone)`);
      continue;
    }
    const now = ctx.now();
    const isNewerInFlight = copies.some((c) => {
      const r = c.parts?.get(n)?.record;
      return r !== undefined && r.partId !== best.part.partId && r.mtime > best.part.mtime && now - r.mtime < IN_FLIGHT_GRACE_MS;
    });
    if (isNewerInFlight) {
      problems.push(`part ${n}: a newer upload of the part was committed less than ${IN_FLIGHT_GRACE_MS} ms ago (left alone)`);
      continue;
    }
    const { problems: found, ...fix } = await planPart(set, copies, { ...best, upload, deep });
    problems.push(...found);
    if (fix.shardTargets.length > 0) fixes.push(fix);
  }
  return fixes;
}

type PartRecordState = 'record missing' | 'record stale' | 'record corrupt';
const isRecordState = (s: string): s is PartRecordState => s.startsWith('record ');

async function planPart(
  set: ErasureSet, copies: readonly DriveUploadCopies[],
  chosen: { raw: Buffer; part: PartRecord; upload: UploadRecord; deep: boolean },
): Promise<PartFix & { problems: string[] }> {
  const { part, upload } = chosen;
  const file: ShardFile = { layout: upload.layout, path: partPath(upload, part), size: part.size };
  const states = await Promise.all(copies.map(async (c, i): Promise<ShardState | PartRecordState> => {
    if (c.parts === undefined) return 'unreachable';
    const mine = c.parts.get(part.partNumber);
    if (mine === undefined) return 'record missing';
    if (mine.record === undefined) return 'record corrupt';
    if (mine.record.partId !== part.partId) return 'record stale';
    return checkShardFile(set.drives[i]!, file, chosen.deep);
  }));
  const problems: string[] = [];
  const shardTargets: number[] = [];
  const recordFixes: PartRecordFix[] = [];
  const sources: number[] = [];
  states.forEach((s, i) => {
    if (s === 'ok') sources.push(i);
    if (!isRecordState(s) && !isRepairable(s)) return;
    shardTargets.push(i);
    if (isRecordState(s)) recordFixes.push({ drive: i, expected: copies[i]!.parts!.get(part.partNumber)?.raw });
    problems.push(`drive ${i}: part ${part.partNumber} ${s}`);
  });
  return { part, raw: chosen.raw, file, shardTargets, recordFixes, sources, problems };
}
