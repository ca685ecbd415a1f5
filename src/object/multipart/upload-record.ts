/**
 * Records of pending multipart uploads, kept on every drive of the key's erasure set:
 *
 *   u/<bucket>/<key>\0<uploadId>   UploadRecord (kind 'U'): metadata for the final object, the
 *                                  checksum algorithm/type, the erasure layout every part uses,
 *                                  initiation time, and `completing` while a complete is in flight.
 *   p/<uploadId>/<NNNNN>           PartRecord (kind 'P'): one per uploaded part number (5 digits,
 *                                  zero-padded so keys sort by number).
 *
 * Shard files of the parts (format v2, `dataId` set at create): written in place into the data
 * dir the object will have, `data/<ab>/<dataId>/part.<N>.<partId>` (one file per upload of a
 * part number, so a re-upload never overwrites the part it replaces); completing is a metadata
 * commit whose version names each part's file (`parts[].file`). An upload created by an older
 * binary (format v1, no `dataId`) keeps the staging layout: `multipart/<uploadId>/part.<N>`
 * (staged as `multipart/<uploadId>/tmp-<uuid>` first), renamed to a data dir at completion.
 *
 * uploadId is an object/ids.ts id (32 hex: time-ordered + random), so `u/<bucket>/<key>\0...`
 * keys of one key sort by initiation. Keys cannot hold NUL (checked at create), so
 * `<key>\0` never collides with another key's prefix and all uploads of `a` sort before `a/b`.
 */
import { CorruptRecordError } from '../../errors/domain-errors.js';
import {
  asArr, asBuf, asInt, asObj, asOptStr, asStr, asStrMap, frameRecord, RECORD_MAGIC, unframeRecord, type RecordKind,
} from '../../storage/format/index.js';
import { readUploadListingFast, readUploadPayloadFast } from './upload-record-fast.js';
import type { ErasureLayout } from '../../storage/storage.js';
import type { ChecksumAlgorithm, ChecksumType } from '../object-layer.js';
import { dataPath, isValidId } from '../ids.js';

/**
 * v1: parts staged under `multipart/<uploadId>/` (legacy layout, still completed by this
 * binary); v2: adds `dataId`, parts written in place (see above). A v1 record decodes with no
 * `dataId`; a record is encoded as v2 exactly when it has one, so an older binary never
 * mistakes an in-place upload for a staged one (it refuses v2 as corrupt).
 */
export const UPLOAD_RECORD_VERSION = 2;
const LEGACY_UPLOAD_RECORD_VERSION = 1;
export const PART_RECORD_VERSION = 1;
// Multipart's record kinds (same framing as every other record).
const UPLOAD_KIND: RecordKind = 'U';
const PART_KIND: RecordKind = 'P';
const UPLOAD_KIND_BYTE = UPLOAD_KIND.charCodeAt(0);

export const MIN_PART_NUMBER = 1;
export const MAX_PART_NUMBER = 10_000;

export interface UploadRecord {
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  /** ms since the epoch. */
  readonly initiated: number;
  readonly contentType: string;
  readonly userMetadata: Readonly<Record<string, string>>;
  readonly systemMetadata: Readonly<Record<string, string>>;
  readonly storageClass: string;
  readonly checksumAlgorithm?: ChecksumAlgorithm;
  readonly checksumType?: ChecksumType;
  readonly layout: ErasureLayout;
  /** Set while a complete is moving the parts to this data dir (crash recovery; v1 uploads only). */
  readonly completingDataId?: string;
  /** v2: the data dir the parts are written into and the object will have; absent for a v1 upload. */
  readonly dataId?: string;
}

/** What ListMultipartUploads shows of an upload record (its bucket is the listing's). */
export type UploadListing = Pick<UploadRecord, 'key' | 'uploadId' | 'initiated' | 'storageClass' | 'systemMetadata' | 'checksumAlgorithm' | 'checksumType'>;

export interface PartRecord {
  readonly partNumber: number;
  /** Unique per upload of this part number: drives agree on a part iff they hold the same partId. */
  readonly partId: string;
  readonly size: number;
  /** hex md5, no quotes. */
  readonly etag: string;
  /** ms since the epoch. */
  readonly mtime: number;
  /** Raw digest of the upload's checksum algorithm (absent when the upload has none). */
  readonly checksum?: Buffer;
}

// ---- keys ----

export const uploadsPrefix = (bucket: string): string => `u/${bucket}/`;
export const uploadKey = (bucket: string, key: string, uploadId: string): string => `u/${bucket}/${key}\u0000${uploadId}`;
export const partsPrefix = (uploadId: string): string => `p/${uploadId}/`;
export const partKey = (uploadId: string, partNumber: number): string => `p/${uploadId}/${String(partNumber).padStart(5, '0')}`;
export const uploadDir = (uploadId: string): string => `multipart/${uploadId}`;
export const partFileName = (partNumber: number): string => `part.${partNumber}`;
/** File name of an in-place part (v2 upload): unique per upload of the part number. */
export const inPlacePartFileName = (partNumber: number, partId: string): string => `part.${partNumber}.${partId}`;

/** Relative path of a part's shard file on every drive, for either layout. */
export function partPath(upload: Pick<UploadRecord, 'uploadId' | 'dataId'>, part: Pick<PartRecord, 'partNumber' | 'partId'>): string {
  if (upload.dataId === undefined) return `${uploadDir(upload.uploadId)}/${partFileName(part.partNumber)}`;
  if (!DATA_ID_RE.test(part.partId)) throw new CorruptRecordError(`part record: partId ${JSON.stringify(part.partId)} cannot name an in-place file`);
  return `${dataPath(upload.dataId)}/${inPlacePartFileName(part.partNumber, part.partId)}`;
}

/** Split the part of an upload key after `u/<bucket>/` into key and uploadId. */
export function splitUploadKey(rest: string): { key: string; uploadId: string } | undefined {
  const parsed = splitUploadKeyUnchecked(rest);
  return parsed !== undefined && isValidId(parsed.uploadId) ? parsed : undefined;
}

/** splitUploadKey without the check of the uploadId (the caller checks it where it uses it). */
export function splitUploadKeyUnchecked(rest: string): { key: string; uploadId: string } | undefined {
  const nul = rest.lastIndexOf('\u0000');
  if (nul < 0) return undefined;
  return { key: rest.slice(0, nul), uploadId: rest.slice(nul + 1) };
}

export function isValidPartNumber(n: number): boolean {
  return Number.isInteger(n) && n >= MIN_PART_NUMBER && n <= MAX_PART_NUMBER;
}

// ---- codecs ----

const ALGS: ReadonlySet<string> = new Set(['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256']);
const TYPES: ReadonlySet<string> = new Set(['FULL_OBJECT', 'COMPOSITE']);
const DATA_ID_RE = /^[0-9a-f]{32}$/;

function strip(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

export function encodeUploadRecord(r: UploadRecord): Buffer {
  const version = r.dataId === undefined ? LEGACY_UPLOAD_RECORD_VERSION : UPLOAD_RECORD_VERSION;
  return frameRecord(UPLOAD_KIND, version, strip({
    bucket: r.bucket,
    key: r.key,
    uploadId: r.uploadId,
    initiated: r.initiated,
    contentType: r.contentType,
    userMetadata: r.userMetadata,
    systemMetadata: r.systemMetadata,
    storageClass: r.storageClass,
    checksumAlgorithm: r.checksumAlgorithm,
    checksumType: r.checksumType,
    layout: {
      k: r.layout.k, m: r.layout.m, blockSize: r.layout.blockSize,
      distribution: [...r.layout.distribution], bitrot: r.layout.bitrot,
    },
    completingDataId: r.completingDataId,
    dataId: r.dataId,
  }));
}

function layoutOf(v: unknown): ErasureLayout {
  const o = asObj(v, 'layout');
  const k = asInt(o.k, 'layout.k', 1);
  const m = asInt(o.m, 'layout.m', 0);
  const distribution = asArr(o.distribution, 'layout.distribution').map((d, i) => asInt(d, `layout.distribution[${i}]`));
  if (distribution.length !== k + m) throw new CorruptRecordError('upload record: distribution length != k+m');
  return { k, m, blockSize: asInt(o.blockSize, 'layout.blockSize', 1), distribution, bitrot: asStr(o.bitrot, 'layout.bitrot') };
}

/** The version of an upload record the fast paths read (its payload starts at byte 3), or undefined. */
function fastVersion(buf: Buffer): number | undefined {
  const v = buf[2];
  const known = buf.length >= 4 && buf[0] === RECORD_MAGIC && buf[1] === UPLOAD_KIND_BYTE && (v === UPLOAD_RECORD_VERSION || v === LEGACY_UPLOAD_RECORD_VERSION);
  return known ? v : undefined;
}

export function decodeUploadRecord(buf: Buffer): UploadRecord {
  // Both versions take the fast path (upload-record-fast.ts) unless it declines.
  const v = fastVersion(buf);
  return (v !== undefined ? readUploadPayloadFast(buf, 3, v) : undefined) ?? decodeUploadRecordGeneric(buf);
}

/**
 * What ListMultipartUploads shows of an upload record: accepted or refused (CorruptRecordError)
 * exactly as decodeUploadRecord, with the fields a listing does not show checked but not made.
 */
export function decodeUploadListing(buf: Buffer): UploadListing {
  const v = fastVersion(buf);
  return (v !== undefined ? readUploadListingFast(buf, 3, v) : undefined) ?? decodeUploadRecordGeneric(buf);
}

/** Through msgpackr and the field checks (the reference path). */
export function decodeUploadRecordGeneric(buf: Buffer): UploadRecord {
  const { version, payload } = unframeRecord(UPLOAD_KIND, buf, UPLOAD_RECORD_VERSION);
  const o = asObj(payload, 'upload record');
  const alg = asOptStr(o.checksumAlgorithm, 'checksumAlgorithm');
  const type = asOptStr(o.checksumType, 'checksumType');
  if (alg !== undefined && !ALGS.has(alg)) throw new CorruptRecordError(`upload record: unknown algorithm ${alg}`);
  if (type !== undefined && !TYPES.has(type)) throw new CorruptRecordError(`upload record: unknown checksum type ${type}`);
  const uploadId = asStr(o.uploadId, 'uploadId');
  if (!isValidId(uploadId)) throw new CorruptRecordError('upload record: malformed uploadId');
  const completing = asOptStr(o.completingDataId, 'completingDataId');
  if (completing !== undefined && !isValidId(completing)) throw new CorruptRecordError('upload record: malformed completingDataId');
  // v1 -> v2 migration: a v1 upload has no data dir of its own (staging layout).
  const dataId = version === LEGACY_UPLOAD_RECORD_VERSION ? undefined : asStr(o.dataId, 'dataId');
  if (dataId !== undefined && !DATA_ID_RE.test(dataId)) throw new CorruptRecordError('upload record: malformed dataId');
  if (dataId !== undefined && completing !== undefined) throw new CorruptRecordError('upload record: completingDataId on an in-place upload');
  return {
    bucket: asStr(o.bucket, 'bucket'),
    key: asStr(o.key, 'key'),
    uploadId,
    initiated: asInt(o.initiated, 'initiated'),
    contentType: asStr(o.contentType, 'contentType'),
    userMetadata: asStrMap(o.userMetadata, 'userMetadata'),
    systemMetadata: asStrMap(o.systemMetadata, 'systemMetadata'),
    storageClass: asStr(o.storageClass, 'storageClass'),
    ...(alg !== undefined ? { checksumAlgorithm: alg as ChecksumAlgorithm } : {}),
    ...(type !== undefined ? { checksumType: type as ChecksumType } : {}),
    layout: layoutOf(o.layout),
    ...(completing !== undefined ? { completingDataId: completing } : {}),
    ...(dataId !== undefined ? { dataId } : {}),
  };
}

export function encodePartRecord(r: PartRecord): Buffer {
  return frameRecord(PART_KIND, PART_RECORD_VERSION, strip({
    partNumber: r.partNumber,
    partId: r.partId,
    size: r.size,
    etag: r.etag,
    mtime: r.mtime,
    checksum: r.checksum,
  }));
}

export function decodePartRecord(buf: Buffer): PartRecord {
  const o = asObj(unframeRecord(PART_KIND, buf, PART_RECORD_VERSION).payload, 'part record');
  const partNumber = asInt(o.partNumber, 'partNumber', MIN_PART_NUMBER);
  if (partNumber > MAX_PART_NUMBER) throw new CorruptRecordError('part record: part number out of range');
  const etag = asStr(o.etag, 'etag');
  if (!/^[0-9a-f]{32}$/.test(etag)) throw new CorruptRecordError('part record: malformed etag');
  return {
    partNumber,
    partId: asStr(o.partId, 'partId'),
    size: asInt(o.size, 'size'),
    etag,
    mtime: asInt(o.mtime, 'mtime'),
    ...(o.checksum !== undefined && o.checksum !== null ? { checksum: asBuf(o.checksum, 'checksum') } : {}),
  };
}
