/**
 * The fast path of decodeUploadRecord (upload-record.ts): reads a v1 or v2 upload record's msgpack
 * payload straight into an UploadRecord with the strict reader of storage/format (no generic
 * msgpackr tree, no second validation pass). ListMultipartUploads decodes one record per
 * listed upload, where the generic path was about half of the listing's own CPU.
 *
 * Like the object record's fast path it accepts only what encodeUploadRecord writes (known
 * field names, each once, msgpackr's encodings, valid UTF-8, nothing after the payload) and
 * returns undefined for anything else, so decodeUploadRecord falls back to the generic path:
 * a record it returns is exactly the generic result (upload-record-fast.test.ts compares them
 * on random and corrupted records). readUploadListingFast reads the same way what a listing
 * shows, checking the rest without making it. Pure.
 */
import { BAIL, checkLayout, keyTable, once, readLayout, Reader } from '../../storage/format/index.js';
import type { ErasureLayout } from '../../storage/storage.js';
import type { ChecksumAlgorithm, ChecksumType } from '../object-layer.js';
import type { UploadListing, UploadRecord } from './upload-record.js';

const ALGS: ReadonlySet<string> = new Set(['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256']);
const TYPES: ReadonlySet<string> = new Set(['FULL_OBJECT', 'COMPOSITE']);

const UPLOAD_FIELDS = keyTable([
  'bucket', 'key', 'uploadId', 'initiated', 'contentType', 'userMetadata', 'systemMetadata', 'storageClass',
  'checksumAlgorithm', 'checksumType', 'layout', 'completingDataId', 'dataId',
]);
/** The upload record versions (upload-record.ts): v1 staged parts, v2 parts in place under `dataId`. */
const LEGACY_VERSION = 1;

function optStr(r: Reader): string | undefined {
  return r.nil() ? undefined : r.str();
}

type MutableUpload = { -readonly [K in keyof UploadRecord]: UploadRecord[K] };

/** Bits (by field index) of the fields every upload record has. */
const REQUIRED = 0b10011111111;
const DATA_ID_BIT = 1 << 12;

/**
 * The upload record of a `version` payload starting at `offset` (after the header), or
 * undefined (see the module comment). v2 needs `dataId` and no `completingDataId`; a v1 payload
 * naming a `dataId` is left to the generic path (which ignores the field there).
 */
export function readUploadPayloadFast(buf: Buffer, offset: number, version: number): UploadRecord | undefined {
  return readUpload(buf, offset, version, true) as UploadRecord | undefined;
}

/**
 * What a listing shows of the same record: accepted or declined exactly as readUploadPayloadFast
 * (every field is checked the same way), but the fields a listing does not show (bucket, content
 * type, user metadata, layout, data dir ids) are checked without being made.
 */
export function readUploadListingFast(buf: Buffer, offset: number, version: number): UploadListing | undefined {
  return readUpload(buf, offset, version, false);
}

function readUpload(buf: Buffer, offset: number, version: number, whole: boolean): UploadRecord | UploadListing | undefined {
  const r = new Reader(buf, offset);
  try {
    let bucket: string | undefined; let key: string | undefined; let uploadId: string | undefined; let initiated: number | undefined;
    let contentType: string | undefined; let storageClass: string | undefined;
    let userMetadata: Readonly<Record<string, string>> | undefined; let systemMetadata: Readonly<Record<string, string>> | undefined;
    let alg: string | undefined; let type: string | undefined; let lay: ErasureLayout | undefined; let completing: string | undefined;
    let completingSet = false;
    let dataId: string | undefined;
    let seen = 0;
    for (let n = r.map(); n > 0; n--) {
      const f = r.key(UPLOAD_FIELDS);
      seen = once(seen, 1 << f);
      switch (f) {
        case 0: if (whole) bucket = r.str(); else r.checkStr(); break;
        case 1: key = r.str(); break;
        case 2: uploadId = r.hex32(); break;
        case 3: initiated = r.int(0); break;
        case 4: if (whole) contentType = r.str(); else r.checkStr(); break;
        case 5: if (whole) userMetadata = r.strMap(); else r.checkStrMap(); break;
        case 6: systemMetadata = r.strMap(); break;
        case 7: storageClass = r.str(); break;
        case 8: alg = optStr(r); break;
        case 9: type = optStr(r); break;
        case 10: if (whole) lay = readLayout(r); else checkLayout(r); break;
        case 11:
          if (r.nil()) break;
          completingSet = true;
          if (whole) completing = r.hex32(); else r.checkHex32();
          break;
        default: if (whole) dataId = r.hex32(); else r.checkHex32(); break;
      }
    }
    if (r.p !== buf.length || (seen & REQUIRED) !== REQUIRED) return undefined;
    if ((alg !== undefined && !ALGS.has(alg)) || (type !== undefined && !TYPES.has(type))) return undefined;
    const hasDataId = (seen & DATA_ID_BIT) !== 0;
    if (version === LEGACY_VERSION ? hasDataId : !hasDataId || completingSet) return undefined;
    if (!whole) {
      const listing: { -readonly [K in keyof UploadListing]: UploadListing[K] } = { key: key!, uploadId: uploadId!, initiated: initiated!, storageClass: storageClass!, systemMetadata: systemMetadata! };
      if (alg !== undefined) listing.checksumAlgorithm = alg as ChecksumAlgorithm;
      if (type !== undefined) listing.checksumType = type as ChecksumType;
      return listing;
    }
    const out: MutableUpload = {
      bucket: bucket!, key: key!, uploadId: uploadId!, initiated: initiated!, contentType: contentType!, userMetadata: userMetadata!,
      systemMetadata: systemMetadata!, storageClass: storageClass!, layout: lay!,
    };
    if (alg !== undefined) out.checksumAlgorithm = alg as ChecksumAlgorithm;
    if (type !== undefined) out.checksumType = type as ChecksumType;
    if (completing !== undefined) out.completingDataId = completing;
    if (dataId !== undefined) out.dataId = dataId;
    return out;
  } catch (err) {
    if (err === BAIL) return undefined;
    throw err;
  }
}
