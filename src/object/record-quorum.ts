/**
 * Quorum read of one key's object record (and the bucket record, in the same read txn).
 *
 * Every online drive of the key's set is asked, in parallel, for `b/<bucket>` and
 * `o/<bucket>/<key>` (one metaGetMany each). Fewer than set.readQuorum answers →
 * QuorumError('read'). Records are grouped by identity (the writeIds of all versions, in
 * order, with their metaWriteId; "absent" is an identity too). The chosen record is the one whose latest version is
 * newest among the identities held by >= readQuorum drives (ties: more drives). A committed
 * write reaches writeQuorum drives, and n - writeQuorum < readQuorum, so a stale copy can
 * never out-vote it. When no identity reaches readQuorum (a torn state after failures), the
 * newest record whose latest version is held by readQuorum drives is used (its data can be
 * read), else the newest seen.
 * Drives whose copy differs from the chosen one (stale, missing, corrupt) are reported via
 * onHealNeeded.
 * The bucket exists when at least half of the answering drives have its record (bucket
 * records are written to a majority of all drives).
 */
import { BucketNotFoundError, CorruptRecordError, QuorumError } from '../errors/domain-errors.js';
import {
  compareVersions, decodeObjectRecord, type ObjectRecord, type ObjectVersionRecord,
} from '../storage/format/index.js';
import type { ErasureSet } from '../storage/storage.js';
import type { LayerContext } from './layer-context.js';
import { bucketKey, objectKey } from './meta-keys.js';

export interface KeyRead {
  readonly set: ErasureSet;
  /** Per drive of the set: the decoded record; undefined when absent, unanswered or corrupt. */
  readonly records: readonly (ObjectRecord | undefined)[];
  /** Per drive: it answered (and its record, if any, decoded). */
  readonly answered: readonly boolean[];
  /** The quorum's record; undefined when the key does not exist. */
  readonly record: ObjectRecord | undefined;
}

/** writeIds in order, each with its last in-place metadata update (tags) if any. */
const identity = (r: ObjectRecord | undefined): string => (r ? r.versions.map((v) => (v.metaWriteId ? `${v.writeId}:${v.metaWriteId}` : v.writeId)).join(',') : '');

function newer(a: ObjectRecord | undefined, b: ObjectRecord | undefined): number {
  if (!a) return b ? 1 : 0;
  if (!b) return -1;
  return compareVersions(a.versions[0]!, b.versions[0]!);
}

/** Choose the quorum record among per-drive copies (see the module comment). */
export function pickRecord(copies: readonly (ObjectRecord | undefined)[], readQuorum: number): ObjectRecord | undefined {
  const groups = new Map<string, { count: number; record: ObjectRecord | undefined }>();
  for (const r of copies) {
    const id = identity(r);
    const g = groups.get(id);
    if (g) g.count++; else groups.set(id, { count: 1, record: r });
  }
  const all = [...groups.values()];
  const quorate = all.filter((g) => g.count >= readQuorum);
  if (quorate.length > 0) {
    quorate.sort((a, b) => newer(a.record, b.record) || b.count - a.count);
    return quorate[0]!.record;
  }
  // Torn state: prefer the newest record whose latest version is held (anywhere in their
  // records) by readQuorum drives, i.e. whose data can still be read; else the newest.
  const pool = all.filter((g) => g.record !== undefined);
  if (pool.length === 0) return undefined;
  pool.sort((a, b) => newer(a.record, b.record) || b.count - a.count);
  const holders = (writeId: string): number => copies.filter((r) => r?.versions.some((v) => v.writeId === writeId)).length;
  return (pool.find((g) => holders(g.record!.versions[0]!.writeId) >= readQuorum) ?? pool[0]!).record;
}

export interface ReadKeyOptions {
  /** Also check the bucket exists (BucketNotFoundError). Default true. */
  readonly checkBucket?: boolean;
}

export async function readKey(ctx: LayerContext, bucket: string, key: string, opts: ReadKeyOptions = {}): Promise<KeyRead> {
  const set = ctx.storage.setFor(bucket, key);
  const keys = [bucketKey(bucket), objectKey(bucket, key)];
  const n = set.drives.length;
  const records: (ObjectRecord | undefined)[] = new Array(n).fill(undefined);
  const answered: boolean[] = new Array(n).fill(false);
  let bucketPresent = 0;
  let corrupt = 0;
  await Promise.all(set.drives.map(async (drive, i) => {
    if (!drive.isOnline()) return;
    let vals: (Buffer | undefined)[];
    try {
      vals = await drive.metaGetMany(keys);
    } catch {
      return;
    }
    if (vals[0] !== undefined) bucketPresent++;
    try {
      records[i] = vals[1] === undefined ? undefined : decodeObjectRecord(vals[1]);
      answered[i] = true;
    } catch {
      corrupt++;
    }
  }));
  const nAnswered = answered.filter(Boolean).length;
  if (nAnswered + corrupt < set.readQuorum) throw new QuorumError('read', set.readQuorum, nAnswered + corrupt);
  if (opts.checkBucket !== false && (bucketPresent === 0 || bucketPresent * 2 < nAnswered + corrupt)) {
    throw new BucketNotFoundError(bucket);
  }
  const record = pickRecord(records.filter((_, i) => answered[i]), set.readQuorum);
  if (record === undefined && corrupt > 0) {
    const absent = records.filter((r, i) => answered[i] && r === undefined).length;
    // "Not found" must be a quorum's answer, never the default for unreadable copies.
    if (absent < set.readQuorum) throw new CorruptRecordError(`object record ${bucket}/${key} unreadable on ${corrupt} drive(s)`);
  }
  const want = identity(record);
  const isDegraded = corrupt > 0 || records.some((r, i) => answered[i] && identity(r) !== want);
  if (isDegraded) ctx.onHealNeeded(bucket, key);
  return { set, records, answered, record };
}

/** Drive i's copy of version `writeId` (for its inline shard), if it has it. */
export function versionOnDrive(read: KeyRead, i: number, writeId: string): ObjectVersionRecord | undefined {
  return read.records[i]?.versions.find((v) => v.writeId === writeId);
}
