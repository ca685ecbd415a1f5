/**
 * Planning the heal of one key: read every drive's copy of `o/<bucket>/<key>`, choose the
 * record the set should hold (the same rule as reads: record-quorum.ts pickRecord), and list
 * what differs from it:
 *  - recordFixes: online drives whose record is missing, stale, corrupt, or whose inline shard
 *    of some version is not the exact re-encoded shard (inline bitrot), or that lack a `d/`
 *    reverse-index entry of a version's data dir (the sweeper would reap it);
 *  - shardFixes: per shard file (data dir part) the online drives where it is missing, of the
 *    wrong size, or (deep mode) has a frame that fails its bitrot checksum.
 * Nothing is written here: the plan is used by the scanner (is anything wrong?) and by
 * healObject (fix it). Records are fixed only when the chosen record is held by a read quorum
 * of drives; otherwise the key is reported unresolved and left alone (a torn state is better
 * left to the next write than guessed at). The chosen record may be a tombstone (versions
 * removed by hard deletes, no version left): drives that missed the removal get it too.
 * Tombstone GC (tombstone-gc.ts): when every drive holds the same record and some removed
 * entries are past the grace, the plan rewrites every drive without them (or deletes an empty
 * tombstone).
 */
import { CorruptRecordError } from '../../errors/domain-errors.js';
import { decodeObjectRecord, type ObjectRecord, type ObjectVersionRecord } from '../../storage/format/index.js';
import type { Drive } from '../../storage/drive/drive.js';
import type { ErasureSet } from '../../storage/storage.js';
import { idTime, shardPathOf } from '../ids.js';
import type { LayerContext } from '../layer-context.js';
import { dataIndexKey, objectKey } from '../meta-keys.js';
import { pickRecord } from '../record-quorum.js';
import { compareRecency, recordIdentity as identity } from '../record-recency.js';
import { checkShardFile, isRepairable, type ShardFile } from './shard-check.js';
import { planTombstoneGc } from './tombstone-gc.js';

export type CopyState = 'offline' | 'absent' | 'ok' | 'corrupt';

export interface DriveCopy {
  readonly state: CopyState;
  /** The stored bytes (for a compare-and-swap when rewriting). */
  readonly raw?: Buffer;
  readonly record?: ObjectRecord;
}

export interface ShardFix {
  readonly file: ShardFile;
  readonly targets: readonly number[];
  /** Targets whose file has the right size but corrupt frames: their good frames are sources too. */
  readonly readableTargets: readonly number[];
}

export interface ObjectHealPlan {
  readonly bucket: string;
  readonly key: string;
  readonly set: ErasureSet;
  readonly copies: readonly DriveCopy[];
  /** The record the set should hold (per-drive inline shards come from `inline`). */
  readonly target: ObjectRecord | undefined;
  /** The target is held by at least readQuorum drives and every inline version decoded. */
  readonly isResolved: boolean;
  /** writeId → the exact inline shard of every drive (re-encoded from the good copies). */
  readonly inline: ReadonlyMap<string, readonly Buffer[]>;
  readonly recordFixes: readonly number[];
  readonly shardFixes: readonly ShardFix[];
  /** Human-readable findings (for status and logs). */
  readonly problems: readonly string[];
  /** Object bytes whose shards were read and verified (deep mode; the scrub's rate limit). */
  readonly bytesVerified: number;
}

async function readCopies(set: ErasureSet, okey: string): Promise<DriveCopy[]> {
  return Promise.all(set.drives.map(async (d): Promise<DriveCopy> => {
    if (!d.isOnline()) return { state: 'offline' };
    let raw: Buffer | undefined;
    try {
      raw = await d.metaGet(okey);
    } catch {
      return { state: 'offline' };
    }
    if (raw === undefined) return { state: 'absent' };
    try {
      return { state: 'ok', raw, record: decodeObjectRecord(raw) };
    } catch {
      return { state: 'corrupt', raw };
    }
  }));
}

async function isIndexIncomplete(drive: Drive, dataIds: readonly string[]): Promise<boolean> {
  try {
    const refs = await drive.metaGetMany(dataIds.map(dataIndexKey));
    return refs.some((r) => r === undefined);
  } catch {
    return false; // unreachable now: nothing to fix on it this time
  }
}

/** The shard files of a version with data files: its data file, `part.1`, or one per multipart part. */
export function shardFilesOf(v: ObjectVersionRecord): ShardFile[] {
  if (v.isDeleteMarker || v.dataId === undefined || v.erasure === undefined) return [];
  const parts = v.parts ?? [{ number: 1, size: v.size }];
  return parts.map((p) => ({ layout: v.erasure!, path: shardPathOf(v, p), size: p.size }));
}

/** Re-encode an inline version from the drives' copies; undefined when it cannot be decoded. */
async function reencodeInline(set: ErasureSet, copies: readonly DriveCopy[], v: ObjectVersionRecord): Promise<Buffer[] | undefined> {
  if (v.size === 0) return set.drives.map(() => Buffer.alloc(0));
  const shards = copies.map((c) => c.record?.versions.find((x) => x.writeId === v.writeId)?.inline);
  try {
    const { data } = await set.decodeInline(v.erasure!, shards, v.size);
    return await set.encodeInline(v.erasure!, data);
  } catch {
    return undefined;
  }
}

function inlineMatches(copy: DriveCopy, inline: ReadonlyMap<string, readonly Buffer[]>, i: number): boolean {
  for (const v of copy.record?.versions ?? []) {
    const want = inline.get(v.writeId);
    if (want !== undefined && (v.inline === undefined || !v.inline.equals(want[i]!))) return false;
  }
  return true;
}

/** A minority version newer than the chosen record and younger than this is a write in flight. */
export const IN_FLIGHT_GRACE_MS = 15_000;

function hasWriteInFlight(copies: readonly DriveCopy[], target: ObjectRecord | undefined, now: number): boolean {
  return copies.some((c) => c.record?.versions.some((v) =>
    (isNewerThanRecord(v, target) && now - v.mtime < IN_FLIGHT_GRACE_MS)
    || isMetaUpdateInFlight(v, target, now)) === true)
    || hasRemovalInFlight(copies, target, now);
}

/** A removal (hard delete) the target does not have yet, younger than the grace: a delete still committing. */
function hasRemovalInFlight(copies: readonly DriveCopy[], target: ObjectRecord | undefined, now: number): boolean {
  const known = new Set(target?.removed.map((r) => r.writeId));
  return copies.some((c) => c.record?.removed.some((r) => !known.has(r.writeId) && now - r.at < IN_FLIGHT_GRACE_MS) === true);
}

/** v is newer than every event the record knows of (its latest version, its newest removal) and not removed by it. */
function isNewerThanRecord(v: ObjectVersionRecord, r: ObjectRecord | undefined): boolean {
  if (r === undefined) return true;
  if (r.removed.some((x) => x.writeId === v.writeId)) return false;
  return compareRecency({ versions: [v], removed: [] }, r) < 0;
}

/** A tag update (metaWriteId) newer than the target's copy of the version and recent. */
function isMetaUpdateInFlight(v: ObjectVersionRecord, target: ObjectRecord | undefined, now: number): boolean {
  if (v.metaWriteId === undefined) return false;
  const t = target?.versions.find((x) => x.writeId === v.writeId);
  if (t === undefined || (t.metaWriteId !== undefined && t.metaWriteId >= v.metaWriteId)) return false;
  return now - idTime(v.metaWriteId) < IN_FLIGHT_GRACE_MS;
}

export async function planObjectHeal(ctx: LayerContext, req: { readonly bucket: string; readonly key: string; readonly deep?: boolean }): Promise<ObjectHealPlan> {
  const { bucket, key } = req;
  const set = ctx.storage.setFor(bucket, key);
  const copies = await readCopies(set, objectKey(bucket, key));
  const problems: string[] = [];
  const answered = copies.filter((c) => c.state !== 'offline').length;
  const decoded = copies.filter((c) => c.state === 'ok' || c.state === 'absent');
  const target = pickRecord(decoded.map((c) => c.record), set.readQuorum);
  const want = identity(target);
  const holders = decoded.filter((c) => identity(c.record) === want).length;
  let isResolved = answered >= set.readQuorum && holders >= set.readQuorum;
  if (!isResolved) problems.push(`no record held by a read quorum (${holders} of ${set.readQuorum} needed, ${answered} drives answered)`);
  if (isResolved && hasWriteInFlight(decoded, target, ctx.now())) {
    // Another process (--workers N) may be between its first and last drive commit: healing
    // now would undo its write on the drives it already reached. The scanner comes back later.
    isResolved = false;
    problems.push(`a version or removal newer than the quorum record was committed less than ${IN_FLIGHT_GRACE_MS} ms ago (write in flight)`);
  }

  const inline = new Map<string, Buffer[]>();
  const shardFixes: ShardFix[] = [];
  let bytesVerified = 0;
  for (const v of target?.versions ?? []) {
    if (v.isDeleteMarker) continue;
    if (v.inline !== undefined) {
      bytesVerified += v.size;
      const enc = await reencodeInline(set, copies, v);
      if (enc === undefined) {
        problems.push(`inline version ${v.writeId} cannot be decoded`);
        isResolved = false;
      } else {
        inline.set(v.writeId, enc);
      }
      continue;
    }
    for (const file of shardFilesOf(v)) {
      let states;
      try {
        states = await Promise.all(set.drives.map((d) => checkShardFile(d, file, req.deep === true)));
      } catch (err) {
        if (!(err instanceof CorruptRecordError)) throw err;
        problems.push(`version ${v.writeId}: ${err.message}`);
        continue;
      }
      if (req.deep === true) bytesVerified += file.size;
      const targets = states.flatMap((s, i) => (isRepairable(s) ? [i] : []));
      if (targets.length > 0) {
        shardFixes.push({ file, targets, readableTargets: targets.filter((t) => states[t] === 'corrupt') });
        problems.push(`${file.path}: ${targets.map((t) => `drive ${t} ${states[t]}`).join(', ')}`);
      }
    }
  }

  const recordFixes: number[] = [];
  if (isResolved) {
    const dataIds = (target?.versions ?? []).flatMap((v) => (v.dataId !== undefined ? [v.dataId] : []));
    await Promise.all(copies.map(async (c, i) => {
      if (c.state === 'offline') return;
      const stale = c.state === 'corrupt' || identity(c.record) !== want;
      let why = c.state === 'corrupt' ? 'corrupt' : stale ? (c.state === 'absent' ? 'missing' : 'stale') : undefined;
      if (why === undefined && !inlineMatches(c, inline, i)) why = 'inline shard damaged';
      // The d/ reverse index keeps the sweeper off the drive's data dirs: it must be complete.
      if (why === undefined && dataIds.length > 0 && await isIndexIncomplete(set.drives[i]!, dataIds)) why = 'data index incomplete';
      if (why !== undefined) {
        recordFixes.push(i);
        problems.push(`drive ${i}: record ${why}`);
      }
    }));
    recordFixes.sort((a, b) => a - b);
  }
  const gc = isResolved ? planTombstoneGc({ copies, target, now: ctx.now() }) : undefined;
  if (gc !== undefined) {
    problems.push(gc.problem);
    return {
      bucket, key, set, copies, target: gc.target, isResolved, inline, recordFixes: copies.map((_, i) => i), shardFixes, problems, bytesVerified,
    };
  }
  return { bucket, key, set, copies, target, isResolved, inline, recordFixes, shardFixes, problems, bytesVerified };
}

/** The record drive i should hold: the target with drive i's inline shards. */
export function recordForDrive(plan: ObjectHealPlan, i: number): ObjectRecord | undefined {
  if (!plan.target) return undefined;
  return {
    removed: plan.target.removed,
    versions: plan.target.versions.map((v) => {
      const shards = plan.inline.get(v.writeId);
      return shards === undefined ? v : { ...v, inline: shards[i]! };
    }),
  };
}
