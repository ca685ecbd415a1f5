/**
 * Quorum read of one key's object record (and the bucket record, in the same read txn).
 *
 * Every online drive of the key's set is asked, in parallel, for `b/<bucket>` and
 * `o/<bucket>/<key>` (one metaGetMany each). Fewer than set.readQuorum answers →
 * QuorumError('read'). Records are grouped by identity (record-recency.ts: the writeIds of all
 * versions with their metaWriteId, and the removed writeIds; "absent" is an identity too, a
 * tombstone is not absent). The chosen record is the most recent (record-recency.ts: its
 * latest version or its newest removal) among the identities held by >= readQuorum drives
 * (ties: more drives). A committed write reaches writeQuorum drives, and
 * n - writeQuorum < readQuorum, so a stale copy can never out-vote it. When no identity
 * reaches readQuorum (a torn state after failures), the most recent record that can be read
 * is used: a tombstone (nothing to read), or one whose latest version is held by readQuorum
 * drives; else the most recent seen. A removal is more recent than the version it removed, so
 * a drive that missed a delete loses to one that saw it also in a torn state.
 * The chosen record may be a tombstone (no versions): KeyRead.record is then undefined, as for
 * a key that never existed.
 * Drives whose copy differs from the chosen one (stale, missing, corrupt) are reported via
 * onHealNeeded.
 * The bucket exists when at least half of the answering drives have its record (bucket
 * records are written to a majority of all drives).
 */
import { BucketNotFoundError, CorruptRecordError, QuorumError } from '../errors/domain-errors.js';
import type { ObjectRecord, ObjectVersionRecord } from '../storage/format/index.js';
import type { ErasureSet } from '../storage/storage.js';
import { DecodedCopies } from './decoded-copies.js';
import type { LayerContext } from './layer-context.js';
import { bucketKey, objectKey } from './meta-keys.js';
import { compareRecency, isTombstone, recordIdentity, visibleRecord } from './record-recency.js';

export interface KeyRead {
  readonly set: ErasureSet;
  /** Per drive of the set: the decoded record; undefined when absent, unanswered or corrupt. */
  readonly records: readonly (ObjectRecord | undefined)[];
  /** Per drive: it answered (and its record, if any, decoded). */
  readonly answered: readonly boolean[];
  /** The quorum's record; undefined when the key does not exist (absent, or a tombstone). */
  readonly record: ObjectRecord | undefined;
}

/**
 * Choose the quorum record among per-drive copies (see the module comment); may be a tombstone.
 * `identities[i]`, when given, is recordIdentity(copies[i]) already computed.
 */
export function pickRecord(copies: readonly (ObjectRecord | undefined)[], readQuorum: number, identities?: readonly string[]): ObjectRecord | undefined {
  // One copy (a 1-drive set): it is the answer whatever it holds.
  if (copies.length === 1 && readQuorum <= 1) return copies[0];
  const groups = new Map<string, { count: number; record: ObjectRecord | undefined }>();
  for (let i = 0; i < copies.length; i++) {
    const r = copies[i];
    const id = identities?.[i] ?? recordIdentity(r);
    const g = groups.get(id);
    if (g) g.count++; else groups.set(id, { count: 1, record: r });
  }
  const all = [...groups.values()];
  const quorate = all.filter((g) => g.count >= readQuorum);
  if (quorate.length > 0) {
    quorate.sort((a, b) => compareRecency(a.record, b.record) || b.count - a.count);
    return quorate[0]!.record;
  }
  // Torn state: prefer the most recent record that can be read: a tombstone, or one whose
  // latest version is held (anywhere in their records) by readQuorum drives; else the newest.
  const pool = all.filter((g) => g.record !== undefined);
  if (pool.length === 0) return undefined;
  pool.sort((a, b) => compareRecency(a.record, b.record) || b.count - a.count);
  const holders = (writeId: string): number => copies.filter((r) => r?.versions.some((v) => v.writeId === writeId)).length;
  const isReadable = (r: ObjectRecord): boolean => isTombstone(r) || holders(r.versions[0]!.writeId) >= readQuorum;
  return (pool.find((g) => isReadable(g.record!)) ?? pool[0]!).record;
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
  const decoded = new DecodedCopies();
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
      records[i] = vals[1] === undefined ? undefined : decoded.of(vals[1]);
      answered[i] = true;
    } catch {
      corrupt++;
    }
  }));
  let nAnswered = 0;
  for (const a of answered) if (a) nAnswered++;
  if (nAnswered + corrupt < set.readQuorum) throw new QuorumError('read', set.readQuorum, nAnswered + corrupt);
  if (opts.checkBucket !== false && (bucketPresent === 0 || bucketPresent * 2 < nAnswered + corrupt)) {
    throw new BucketNotFoundError(bucket);
  }
  // Each distinct copy's identity once (pickRecord groups by it, the degraded check compares
  // with it): equal copies share one decoded record, and an identity lists every version.
  const copies: (ObjectRecord | undefined)[] = [];
  const identities: string[] = [];
  for (let i = 0; i < n; i++) {
    if (!answered[i]) continue;
    const same = copies.indexOf(records[i]);
    copies.push(records[i]);
    identities.push(same >= 0 ? identities[same]! : recordIdentity(records[i]));
  }
  const chosen = pickRecord(copies, set.readQuorum, identities);
  const record = visibleRecord(chosen);
  if (record === undefined && corrupt > 0) {
    const absent = copies.filter((r) => visibleRecord(r) === undefined).length;
    // "Not found" must be a quorum's answer, never the default for unreadable copies.
    if (absent < set.readQuorum) throw new CorruptRecordError(`object record ${bucket}/${key} unreadable on ${corrupt} drive(s)`);
  }
  const want = identities[copies.indexOf(chosen)] ?? recordIdentity(chosen);
  const isDegraded = corrupt > 0 || identities.some((id) => id !== want);
  if (isDegraded) ctx.onHealNeeded(bucket, key);
  return { set, records, answered, record };
}

/** Drive i's copy of version `writeId` (for its inline shard), if it has it. */
export function versionOnDrive(read: KeyRead, i: number, writeId: string): ObjectVersionRecord | undefined {
  return read.records[i]?.versions.find((v) => v.writeId === writeId);
}
