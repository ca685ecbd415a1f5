/**
 * Quorum reads and writes of multipart records and files on the drives of one erasure set.
 *
 *  - An upload exists when at least readQuorum drives hold its `u/` record. Abort and complete
 *    delete it from at least writeQuorum drives, so at most m - (writeQuorum - k) stale copies
 *    survive a partial failure, always fewer than readQuorum.
 *  - A part exists when at least readQuorum drives hold a record with the same partId. A drive
 *    whose shard write failed has its old shard and record removed, so drives never disagree on
 *    a part in a way that mixes shards of two uploads.
 */
import type { Drive, MetaOp } from '../../storage/drive/drive.js';
import type { ErasureSet } from '../../storage/storage.js';
import { CorruptRecordError, DriveOfflineError, QuorumError, UploadNotFoundError } from '../../errors/domain-errors.js';
import { isValidId } from '../ids.js';
import type { UploadAddress } from '../object-layer.js';
import {
  decodePartRecord, decodeUploadRecord, partsPrefix, uploadKey, type PartRecord, type UploadRecord,
} from './upload-record.js';

export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Error };

/** Run `fn` on every drive in parallel; offline drives fail without being called. */
export async function onDrives<T>(drives: readonly Drive[], fn: (drive: Drive, i: number) => Promise<T>): Promise<Settled<T>[]> {
  return Promise.all(drives.map(async (drive, i): Promise<Settled<T>> => {
    if (!drive.isOnline()) return { ok: false, error: new DriveOfflineError(drive.endpoint) };
    try {
      return { ok: true, value: await fn(drive, i) };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err : new Error(String(err)) };
    }
  }));
}

export function countOk<T>(results: readonly Settled<T>[]): number {
  return results.filter((r) => r.ok).length;
}

function firstError<T>(results: readonly Settled<T>[]): Error | undefined {
  for (const r of results) if (!r.ok) return r.error;
  return undefined;
}

/** Throw QuorumError(kind) unless at least `needed` results succeeded. */
export function requireQuorum<T>(results: readonly Settled<T>[], needed: number, kind: 'read' | 'write'): void {
  const got = countOk(results);
  if (got < needed) throw new QuorumError(kind, needed, got, { cause: firstError(results) });
}

/** Apply the same ops on every drive of the set; QuorumError('write') below writeQuorum. */
export async function metaBatchAll(set: ErasureSet, ops: readonly MetaOp[]): Promise<Settled<void>[]> {
  const res = await onDrives(set.drives, (d) => d.metaBatch(ops));
  requireQuorum(res, set.writeQuorum, 'write');
  return res;
}

/** The upload record (quorum read). UploadNotFoundError when absent; QuorumError when unknowable. */
export async function readUpload(set: ErasureSet, at: UploadAddress): Promise<UploadRecord> {
  const { bucket, key, uploadId } = at;
  if (!isValidId(uploadId)) throw new UploadNotFoundError(uploadId);
  const ukey = uploadKey(bucket, key, uploadId);
  const res = await onDrives(set.drives, (d) => d.metaGet(ukey));
  requireQuorum(res, set.readQuorum, 'read');
  const found: UploadRecord[] = [];
  for (const r of res) {
    if (!r.ok || r.value === undefined) continue;
    try {
      found.push(decodeUploadRecord(r.value));
    } catch (err) {
      if (!(err instanceof CorruptRecordError)) throw err;
    }
  }
  if (found.length < set.readQuorum) throw new UploadNotFoundError(uploadId);
  // The record is written once; only `completingDataId` changes. Prefer a copy that has it.
  return found.find((u) => u.completingDataId !== undefined) ?? found[0]!;
}

export interface PartsView {
  /** Parts agreed on by at least readQuorum drives, by part number. */
  readonly parts: Map<number, PartRecord>;
  /** Every `p/` key seen on any drive (for deletion). */
  readonly allKeys: ReadonlySet<string>;
  /** Per drive: partNumber -> partId of the record it holds (undefined: drive unreadable). */
  readonly perDrive: readonly (ReadonlyMap<number, string> | undefined)[];
}

/** Upper bound of part records scanned per drive (10,000 parts + slack). */
const PART_SCAN_LIMIT = 10_001;

/** All part records of an upload, reconciled across the set's drives. */
export async function readParts(set: ErasureSet, uploadId: string): Promise<PartsView> {
  const prefix = partsPrefix(uploadId);
  const end = `p/${uploadId}0`; // '0' is the character after '/'
  const res = await onDrives(set.drives, (d) => d.metaRange({ start: prefix, end, limit: PART_SCAN_LIMIT }));
  requireQuorum(res, set.readQuorum, 'read');
  const allKeys = new Set<string>();
  const perDrive: (Map<number, string> | undefined)[] = res.map((r) => (r.ok ? new Map() : undefined));
  // partNumber -> partId -> { record, votes }
  const votes = new Map<number, Map<string, { rec: PartRecord; n: number }>>();
  for (const [i, r] of res.entries()) {
    if (!r.ok) continue;
    for (const e of r.value) {
      allKeys.add(e.key);
      let rec: PartRecord;
      try {
        rec = decodePartRecord(e.value);
      } catch (err) {
        if (err instanceof CorruptRecordError) continue;
        throw err;
      }
      perDrive[i]!.set(rec.partNumber, rec.partId);
      let byId = votes.get(rec.partNumber);
      if (!byId) { byId = new Map(); votes.set(rec.partNumber, byId); }
      const v = byId.get(rec.partId);
      if (v) v.n++; else byId.set(rec.partId, { rec, n: 1 });
    }
  }
  const parts = new Map<number, PartRecord>();
  for (const [num, byId] of votes) {
    let best: { rec: PartRecord; n: number } | undefined;
    for (const v of byId.values()) {
      if (!best || v.n > best.n || (v.n === best.n && v.rec.mtime > best.rec.mtime)) best = v;
    }
    if (best && best.n >= set.readQuorum) parts.set(num, best.rec);
  }
  return { parts, allKeys, perDrive };
}
