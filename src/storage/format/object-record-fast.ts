/**
 * The fast path of decodeObjectRecord for the current payload shape (v3, and v2, which has the
 * same fields but `dataFile`): reads the msgpack payload straight into ObjectRecord objects,
 * checking each field as it goes, instead of unpacking a generic object tree (msgpackr) and
 * validating it afterwards. Listings decode every record of a page (1,000 per page), where the
 * generic path was about half of a page's CPU.
 *
 * It accepts only what encodeObjectRecord writes: the msgpack types msgpackr emits for these
 * fields, valid UTF-8 strings, known field names, each at most once, nothing after the payload.
 * For anything else — unknown field, other encoding, invalid UTF-8, a value the decoder
 * refuses — it returns undefined and the caller runs the generic path, which decodes it or
 * throws the CorruptRecordError. So a record it returns is exactly the generic path's result
 * (object-record-fast.test.ts compares both on fixtures, random records and corruptions).
 * The record-level rules (ordering, removed vs live) are the shared checkRecord. Pure.
 */
import { BAIL, keyTable, once, Reader } from './msgpack-reader.js';
import { PART_FILE_RE } from './part-file-name.js';
import { readLayout } from './layout-reader.js';
import type { ChecksumAlgorithm, ChecksumRecord, ChecksumType, ErasureLayoutRecord, ObjectVersionRecord, PartRecord, RemovedVersionRecord } from './object-record.js';

const ALGS: ReadonlySet<string> = new Set(['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256']);
const TYPES: ReadonlySet<string> = new Set(['FULL_OBJECT', 'COMPOSITE']);

function checksum(r: Reader): ChecksumRecord | undefined {
  if (r.nil()) return undefined;
  let algorithm: string | undefined;
  let type: string | undefined;
  let value: string | undefined;
  let seen = 0;
  for (let n = r.map(); n > 0; n--) {
    const k = r.str();
    if (k === 'algorithm') { seen = once(seen, 1); algorithm = r.str(); }
    else if (k === 'type') { seen = once(seen, 2); type = r.str(); }
    else if (k === 'value') { seen = once(seen, 4); value = r.str(); }
    else throw BAIL;
  }
  if (algorithm === undefined || type === undefined || value === undefined || !ALGS.has(algorithm) || !TYPES.has(type)) throw BAIL;
  return { algorithm: algorithm as ChecksumAlgorithm, type: type as ChecksumType, value };
}

function part(r: Reader): PartRecord {
  let number: number | undefined;
  let size: number | undefined;
  let etag: string | undefined;
  let sum: ChecksumRecord | undefined;
  let file: string | undefined;
  let seen = 0;
  for (let n = r.map(); n > 0; n--) {
    const k = r.str();
    if (k === 'number') { seen = once(seen, 1); number = r.int(1); }
    else if (k === 'size') { seen = once(seen, 2); size = r.int(0); }
    else if (k === 'etag') { seen = once(seen, 4); etag = r.str(); }
    else if (k === 'checksum') { seen = once(seen, 8); sum = checksum(r); }
    else if (k === 'file') { seen = once(seen, 16); file = r.str(); }
    else throw BAIL;
  }
  if (number === undefined || size === undefined || etag === undefined) throw BAIL;
  if (file !== undefined && !PART_FILE_RE.test(file)) throw BAIL;
  return { number, size, etag, ...(sum ? { checksum: sum } : {}), ...(file !== undefined ? { file } : {}) };
}

function erasure(r: Reader): ErasureLayoutRecord | undefined {
  return r.nil() ? undefined : readLayout(r);
}

function optHex(r: Reader): string | undefined {
  return r.nil() ? undefined : r.hex32();
}

const VERSION_FIELDS = keyTable([
  'versionId', 'writeId', 'isDeleteMarker', 'mtime', 'size', 'etag', 'contentType', 'userMetadata', 'systemMetadata',
  'storageClass', 'checksum', 'parts', 'erasure', 'dataId', 'inline', 'metaWriteId', 'uploadId', 'dataFile',
]);

type MutableVersion = { -readonly [K in keyof ObjectVersionRecord]: ObjectVersionRecord[K] };

function version(r: Reader): ObjectVersionRecord {
  let versionId: string | undefined; let writeId: string | undefined; let isDeleteMarker: boolean | undefined;
  let mtime: number | undefined; let size: number | undefined; let etag: string | undefined;
  let contentType: string | undefined; let storageClass: string | undefined;
  let userMetadata: Readonly<Record<string, string>> | undefined; let systemMetadata: Readonly<Record<string, string>> | undefined;
  let sum: ChecksumRecord | undefined; let parts: PartRecord[] | undefined; let layout: ErasureLayoutRecord | undefined;
  let dataId: string | undefined; let inline: Buffer | undefined; let metaWriteId: string | undefined; let uploadId: string | undefined;
  let dataFile: boolean | undefined;
  let seen = 0;
  for (let n = r.map(); n > 0; n--) {
    const f = r.key(VERSION_FIELDS);
    seen = once(seen, 1 << f);
    switch (f) {
      case 0: versionId = r.str(); break;
      case 1: writeId = r.str(); break;
      case 2: isDeleteMarker = r.bool(); break;
      case 3: mtime = r.int(0); break;
      case 4: size = r.int(0); break;
      case 5: etag = r.str(); break;
      case 6: contentType = r.str(); break;
      case 7: userMetadata = r.strMap(); break;
      case 8: systemMetadata = r.strMap(); break;
      case 9: storageClass = r.str(); break;
      case 10: sum = checksum(r); break;
      case 11:
        if (!r.nil()) { parts = []; for (let i = r.array(); i > 0; i--) parts.push(part(r)); }
        break;
      case 12: layout = erasure(r); break;
      case 13: dataId = optHex(r); break;
      case 14: inline = r.nil() ? undefined : r.bin(); break;
      case 15: metaWriteId = optHex(r); break;
      case 16: uploadId = optHex(r); break;
      default: dataFile = r.nil() ? undefined : r.bool(); break;
    }
  }
  if (versionId === undefined || writeId === undefined || isDeleteMarker === undefined || mtime === undefined || size === undefined
    || etag === undefined || contentType === undefined || userMetadata === undefined || systemMetadata === undefined || storageClass === undefined) throw BAIL;
  if (!isDeleteMarker && (layout === undefined || (dataId === undefined) === (inline === undefined))) throw BAIL;
  if (dataFile !== undefined && (dataFile !== true || dataId === undefined || parts !== undefined)) throw BAIL;
  // Optional fields assigned only when present (no spread copies).
  const v: MutableVersion = { versionId, writeId, isDeleteMarker, mtime, size, etag, contentType, userMetadata, systemMetadata, storageClass };
  if (sum) v.checksum = sum;
  if (parts) v.parts = parts;
  if (layout) v.erasure = layout;
  if (dataId !== undefined) v.dataId = dataId;
  if (dataFile === true) v.dataFile = true;
  if (inline !== undefined) v.inline = inline;
  if (metaWriteId !== undefined) v.metaWriteId = metaWriteId;
  if (uploadId !== undefined) v.uploadId = uploadId;
  return v;
}

function removal(r: Reader): RemovedVersionRecord {
  let writeId: string | undefined;
  let mtime: number | undefined;
  let at: number | undefined;
  let seen = 0;
  for (let n = r.map(); n > 0; n--) {
    const k = r.str();
    if (k === 'writeId') { seen = once(seen, 1); writeId = r.str(); }
    else if (k === 'mtime') { seen = once(seen, 2); mtime = r.int(0); }
    else if (k === 'at') { seen = once(seen, 4); at = r.int(0); }
    else throw BAIL;
  }
  if (writeId === undefined || mtime === undefined || at === undefined) throw BAIL;
  return { writeId, mtime, at };
}

export interface RecordParts {
  readonly versions: ObjectVersionRecord[];
  readonly removed: RemovedVersionRecord[];
}

/**
 * The versions and removals of a v2 / v3 payload starting at `offset` of `buf` (after the record
 * header), or undefined when the fast path does not handle it (see the module comment).
 */
export function readObjectPayloadFast(buf: Buffer, offset: number): RecordParts | undefined {
  const r = new Reader(buf, offset);
  try {
    let versions: ObjectVersionRecord[] | undefined;
    let removed: RemovedVersionRecord[] | undefined;
    for (let n = r.map(); n > 0; n--) {
      const k = r.str();
      if (k === 'versions' && versions === undefined) {
        versions = [];
        for (let i = r.array(); i > 0; i--) versions.push(version(r));
      } else if (k === 'removed' && removed === undefined) {
        removed = [];
        for (let i = r.array(); i > 0; i--) removed.push(removal(r));
      } else throw BAIL;
    }
    if (versions === undefined || removed === undefined || r.p !== buf.length) return undefined;
    return { versions, removed };
  } catch (err) {
    if (err === BAIL) return undefined;
    throw err;
  }
}
