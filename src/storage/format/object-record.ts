/**
 * Object record format: `o/<bucket>/<key>` holds ALL versions of one key.
 *
 * Stable contract (multipart, healing and scanner code build on it):
 *  - `versions` is ordered newest first by (mtime desc, writeId desc) — see compareVersions.
 *  - versionId is 'null' for the null version, else a 32-hex time-ordered id (object/ids.ts).
 *  - writeId is the unique, time-ordered id of the write that produced the version
 *    (=== versionId for non-null versions). It is the version's identity: two drives agree on
 *    a version iff they hold the same writeId.
 *  - A non-delete-marker version carries `erasure` and exactly one of:
 *      `dataId`  shard files at `data/<dataId[0..2]>/<dataId>/part.<N>` on each drive of the set
 *                (N = 1 for a plain PUT, N = part number for multipart; a part with `file`
 *                names its own file, `part.<N>.<32 hex>`: an upload written in place); with
 *                `dataFile` (format v3: plain PUTs, never with `parts`) the version's one
 *                shard file is `data/<dataId[0..2]>/<dataId>` itself, no data dir; or
 *      `inline`  this drive's inline shard (ErasureSet.encodeInline); drives' records differ
 *                only in this field. A 0-byte object stores an empty `inline` buffer.
 *  - `parts` is present only for multipart objects (one entry per part, ascending).
 *  - mtime is milliseconds since the epoch.
 *  - `removed` (format v2) lists versions removed by a hard delete (unversioned DELETE, DELETE
 *    ?versionId): { writeId, mtime of the removed version, at = ms when removed }, newest
 *    removal first by (at desc, writeId desc), one entry per writeId, never a writeId that is
 *    also in `versions`. A removed writeId is never applied again (object/record-merge.ts), so
 *    a drive that missed the removal, or a late replay of the write, cannot bring it back.
 *  - A record holds at least one version or one removed entry. `versions: []` with removed
 *    entries is a tombstone: the key is deleted (reads say not found, listings skip it).
 * Encoded by encodeObjectRecord (kind 'O', current version OBJECT_RECORD_VERSION); decoding
 * migrates older versions forward and throws CorruptRecordError on garbage.
 */
import { CorruptRecordError } from '../../errors/domain-errors.js';
import {
  asArr, asBool, asBuf, asInt, asObj, asOptStr, asStr, asStrMap, frameRecord, RECORD_MAGIC, unframeRecord, type Obj,
} from './record-codec.js';
import { readObjectPayloadFast } from './object-record-fast.js';
import { migrateObjectPayload } from './object-record-migrations.js';
import { PART_FILE_RE } from './part-file-name.js';

export const OBJECT_RECORD_VERSION = 3;
/** The oldest version whose payload is the current shape (v2 -> v3 changed no stored field): the fast path reads these. */
const SAME_PAYLOAD_SINCE = 2;
const KIND_O = 'O'.charCodeAt(0);

/** Same strings as object-layer.ts (kept here so format/ depends on nothing above it). */
export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';
export type ChecksumType = 'FULL_OBJECT' | 'COMPOSITE';

export interface ErasureLayoutRecord {
  readonly k: number;
  readonly m: number;
  readonly blockSize: number;
  readonly distribution: readonly number[];
  readonly bitrot: string;
}

export interface ChecksumRecord {
  readonly algorithm: ChecksumAlgorithm;
  readonly type: ChecksumType;
  readonly value: string;
}

export interface PartRecord {
  readonly number: number;
  readonly size: number;
  readonly etag: string;
  readonly checksum?: ChecksumRecord;
  /**
   * Name of the part's shard file in the data dir when it is not `part.<number>`: a multipart
   * upload written in place names each part's file `part.<number>.<32 hex>`. Optional, so
   * records written before it decode unchanged.
   */
  readonly file?: string;
}

export interface ObjectVersionRecord {
  readonly versionId: string;
  readonly writeId: string;
  readonly isDeleteMarker: boolean;
  readonly mtime: number;
  readonly size: number;
  readonly etag: string;
  readonly contentType: string;
  readonly userMetadata: Readonly<Record<string, string>>;
  readonly systemMetadata: Readonly<Record<string, string>>;
  readonly storageClass: string;
  readonly checksum?: ChecksumRecord;
  readonly parts?: readonly PartRecord[];
  readonly erasure?: ErasureLayoutRecord;
  readonly dataId?: string;
  /**
   * The shard file of this version is `data/<ab>/<dataId>` on each drive, not `part.1` in a
   * data dir (format v3; a plain PUT's single part: one file per drive instead of a dir and a
   * file). Only `true` is stored; absent for versions written before v3 and for multipart.
   */
  readonly dataFile?: true;
  readonly inline?: Buffer;
  /** Id (object/ids.ts newId) of the last in-place metadata update (tags) of this version;
   *  absent when never updated. Optional, so records written before it decode unchanged. */
  readonly metaWriteId?: string;
  /** The multipart upload that created this version (CompleteMultipartUpload); absent for
   *  every other write. A retried Complete of that upload answers from this version.
   *  Optional, so records written before it decode unchanged. */
  readonly uploadId?: string;
}

/** A version removed by a hard delete (its tombstone entry). */
export interface RemovedVersionRecord {
  readonly writeId: string;
  /** mtime of the removed version. */
  readonly mtime: number;
  /** When it was removed (ms since the epoch). */
  readonly at: number;
}

export interface ObjectRecord {
  readonly versions: readonly ObjectVersionRecord[];
  /** Versions removed by hard deletes, newest removal first (see compareRemovals). */
  readonly removed: readonly RemovedVersionRecord[];
}

/** Newest first: by mtime desc, then writeId desc. Negative when a is newer than b. */
export function compareVersions(a: Pick<ObjectVersionRecord, 'mtime' | 'writeId'>, b: Pick<ObjectVersionRecord, 'mtime' | 'writeId'>): number {
  if (a.mtime !== b.mtime) return b.mtime - a.mtime;
  return a.writeId < b.writeId ? 1 : a.writeId > b.writeId ? -1 : 0;
}

/** Newest removal first: by at desc, then writeId desc. Negative when a is newer than b. */
export function compareRemovals(a: RemovedVersionRecord, b: RemovedVersionRecord): number {
  if (a.at !== b.at) return b.at - a.at;
  return a.writeId < b.writeId ? 1 : a.writeId > b.writeId ? -1 : 0;
}

export function encodeObjectRecord(rec: ObjectRecord): Buffer {
  const removed = rec.removed.map((r) => ({ writeId: r.writeId, mtime: r.mtime, at: r.at }));
  return frameRecord('O', OBJECT_RECORD_VERSION, { versions: rec.versions.map(stripUndefined), removed });
}

export function decodeObjectRecord(buf: Buffer): ObjectRecord {
  // Payloads of the current shape take the fast path (object-record-fast.ts) unless it declines
  // (a v2 payload is a v3 payload without `dataFile`).
  if (buf.length >= 4 && buf[0] === RECORD_MAGIC && buf[1] === KIND_O && buf[2]! >= SAME_PAYLOAD_SINCE && buf[2]! <= OBJECT_RECORD_VERSION) {
    const fast = readObjectPayloadFast(buf, 3);
    if (fast !== undefined) return checkRecord(fast.versions, fast.removed);
  }
  return decodeObjectRecordGeneric(buf);
}

/** Every version through msgpackr, the migration chain and the field checks (the reference path). */
export function decodeObjectRecordGeneric(buf: Buffer): ObjectRecord {
  const { version, payload } = unframeRecord('O', buf, OBJECT_RECORD_VERSION);
  const current = migrateObjectPayload(version, payload, OBJECT_RECORD_VERSION);
  return validateRecord(current);
}

function stripUndefined(v: ObjectVersionRecord): Obj {
  const out: Obj = {};
  for (const [k, val] of Object.entries(v)) if (val !== undefined) out[k] = val;
  return out;
}

const ALGS = new Set(['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256']);
const TYPES = new Set(['FULL_OBJECT', 'COMPOSITE']);

function checksumOf(v: unknown, what: string): ChecksumRecord | undefined {
  if (v === undefined || v === null) return undefined;
  const o = asObj(v, what);
  const algorithm = asStr(o.algorithm, `${what}.algorithm`);
  const type = asStr(o.type, `${what}.type`);
  if (!ALGS.has(algorithm)) throw new CorruptRecordError(`${what}: unknown algorithm ${algorithm}`);
  if (!TYPES.has(type)) throw new CorruptRecordError(`${what}: unknown type ${type}`);
  return { algorithm: algorithm as ChecksumAlgorithm, type: type as ChecksumType, value: asStr(o.value, `${what}.value`) };
}

function layoutOf(v: unknown, what: string): ErasureLayoutRecord {
  const o = asObj(v, what);
  const k = asInt(o.k, `${what}.k`, 1);
  const m = asInt(o.m, `${what}.m`, 0);
  const distribution = asArr(o.distribution, `${what}.distribution`).map((d, i) => asInt(d, `${what}.distribution[${i}]`));
  if (distribution.length !== k + m) throw new CorruptRecordError(`${what}: distribution length ${distribution.length} != k+m`);
  return { k, m, blockSize: asInt(o.blockSize, `${what}.blockSize`, 1), distribution, bitrot: asStr(o.bitrot, `${what}.bitrot`) };
}

function versionOf(v: unknown, what: string): ObjectVersionRecord {
  const o = asObj(v, what);
  const isDeleteMarker = asBool(o.isDeleteMarker, `${what}.isDeleteMarker`);
  const parts = o.parts === undefined || o.parts === null ? undefined : asArr(o.parts, `${what}.parts`).map((p, i) => {
    const po = asObj(p, `${what}.parts[${i}]`);
    const checksum = checksumOf(po.checksum, `${what}.parts[${i}].checksum`);
    const file = asOptStr(po.file, `${what}.parts[${i}].file`);
    if (file !== undefined && !PART_FILE_RE.test(file)) throw new CorruptRecordError(`${what}.parts[${i}]: malformed file name`);
    return {
      number: asInt(po.number, `${what}.parts[${i}].number`, 1),
      size: asInt(po.size, `${what}.parts[${i}].size`),
      etag: asStr(po.etag, `${what}.parts[${i}].etag`),
      ...(checksum ? { checksum } : {}),
      ...(file !== undefined ? { file } : {}),
    };
  });
  const erasure = o.erasure === undefined || o.erasure === null ? undefined : layoutOf(o.erasure, `${what}.erasure`);
  const dataId = asOptStr(o.dataId, `${what}.dataId`);
  const dataFile = o.dataFile === undefined || o.dataFile === null ? undefined : asBool(o.dataFile, `${what}.dataFile`);
  if (dataFile !== undefined && (dataFile !== true || dataId === undefined || parts !== undefined)) {
    throw new CorruptRecordError(`${what}: dataFile needs a single-part dataId version`);
  }
  const inline = o.inline === undefined || o.inline === null ? undefined : asBuf(o.inline, `${what}.inline`);
  if (!isDeleteMarker) {
    if (!erasure) throw new CorruptRecordError(`${what}: object version without erasure layout`);
    if ((dataId === undefined) === (inline === undefined)) throw new CorruptRecordError(`${what}: needs exactly one of dataId / inline`);
  }
  if (dataId !== undefined && !/^[0-9a-f]{32}$/.test(dataId)) throw new CorruptRecordError(`${what}: malformed dataId`);
  const checksum = checksumOf(o.checksum, `${what}.checksum`);
  const metaWriteId = asOptStr(o.metaWriteId, `${what}.metaWriteId`);
  if (metaWriteId !== undefined && !/^[0-9a-f]{32}$/.test(metaWriteId)) throw new CorruptRecordError(`${what}: malformed metaWriteId`);
  const uploadId = asOptStr(o.uploadId, `${what}.uploadId`);
  if (uploadId !== undefined && !/^[0-9a-f]{32}$/.test(uploadId)) throw new CorruptRecordError(`${what}: malformed uploadId`);
  return {
    versionId: asStr(o.versionId, `${what}.versionId`),
    writeId: asStr(o.writeId, `${what}.writeId`),
    isDeleteMarker,
    mtime: asInt(o.mtime, `${what}.mtime`),
    size: asInt(o.size, `${what}.size`),
    etag: asStr(o.etag, `${what}.etag`),
    contentType: asStr(o.contentType, `${what}.contentType`),
    userMetadata: asStrMap(o.userMetadata, `${what}.userMetadata`),
    systemMetadata: asStrMap(o.systemMetadata, `${what}.systemMetadata`),
    storageClass: asStr(o.storageClass, `${what}.storageClass`),
    ...(checksum ? { checksum } : {}),
    ...(parts ? { parts } : {}),
    ...(erasure ? { erasure } : {}),
    ...(dataId !== undefined ? { dataId } : {}),
    ...(dataFile === true ? { dataFile } : {}),
    ...(inline !== undefined ? { inline } : {}),
    ...(metaWriteId !== undefined ? { metaWriteId } : {}),
    ...(uploadId !== undefined ? { uploadId } : {}),
  };
}

function removalOf(v: unknown, what: string): RemovedVersionRecord {
  const o = asObj(v, what);
  return { writeId: asStr(o.writeId, `${what}.writeId`), mtime: asInt(o.mtime, `${what}.mtime`), at: asInt(o.at, `${what}.at`) };
}

function validateRecord(payload: unknown): ObjectRecord {
  const o = asObj(payload, 'object record');
  const versions = asArr(o.versions, 'versions').map((v, i) => versionOf(v, `versions[${i}]`));
  const removed = asArr(o.removed, 'removed').map((r, i) => removalOf(r, `removed[${i}]`));
  return checkRecord(versions, removed);
}

/** The record-level rules (both decode paths): not empty, ordered, removed writeIds not live. */
function checkRecord(versions: readonly ObjectVersionRecord[], removed: readonly RemovedVersionRecord[]): ObjectRecord {
  if (versions.length === 0 && removed.length === 0) throw new CorruptRecordError('object record without versions or removals');
  for (let i = 1; i < versions.length; i++) {
    if (compareVersions(versions[i - 1]!, versions[i]!) >= 0) throw new CorruptRecordError('versions not ordered newest first');
  }
  for (let i = 1; i < removed.length; i++) {
    if (compareRemovals(removed[i - 1]!, removed[i]!) >= 0) throw new CorruptRecordError('removed not ordered newest first');
  }
  const live = new Set(versions.map((v) => v.writeId));
  const seen = new Set<string>();
  for (const r of removed) {
    if (live.has(r.writeId)) throw new CorruptRecordError(`removed writeId ${r.writeId} is also a version`);
    if (seen.has(r.writeId)) throw new CorruptRecordError(`removed writeId ${r.writeId} listed twice`);
    seen.add(r.writeId);
  }
  return { versions, removed };
}
