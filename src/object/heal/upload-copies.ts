/**
 * Every drive's copy of one pending upload's records, as stored: the `u/` record and the
 * upload's `p/` records, raw bytes kept beside the decoded record so the heal can
 * compare-and-swap against exactly what it read. Nothing is reconciled here (upload-plan.ts
 * chooses); a drive that cannot be read is 'offline' and has no parts map.
 */
import type { ErasureSet } from '../../storage/storage.js';
import {
  decodePartRecord, decodeUploadRecord, isValidPartNumber, partsPrefix, uploadKey, type PartRecord, type UploadRecord,
} from '../multipart/upload-record.js';
import { scanPrefix } from './scan-prefix.js';

export type UploadCopyState = 'offline' | 'absent' | 'ok' | 'corrupt';

export interface UploadCopy {
  readonly state: UploadCopyState;
  readonly raw?: Buffer;
  readonly record?: UploadRecord;
}

export interface PartCopy {
  readonly key: string;
  readonly raw: Buffer;
  /** undefined: the record does not decode, or names another part number than its key. */
  readonly record?: PartRecord;
}

export interface DriveUploadCopies {
  readonly upload: UploadCopy;
  /** Part number (from the key) -> the drive's record; undefined when the drive was unreadable. */
  readonly parts: ReadonlyMap<number, PartCopy> | undefined;
}

export interface UploadRef {
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
}

/** 10,000 parts at most, plus one so an overfull range is not mistaken for a complete one. */
const PART_SCAN_LIMIT = 10_001;

function decodeUpload(raw: Buffer | undefined): UploadCopy {
  if (raw === undefined) return { state: 'absent' };
  try {
    return { state: 'ok', raw, record: decodeUploadRecord(raw) };
  } catch {
    return { state: 'corrupt', raw };
  }
}

function decodePart(key: string, raw: Buffer): { partNumber: number; copy: PartCopy } | undefined {
  const partNumber = Number(key.slice(key.lastIndexOf('/') + 1));
  if (!isValidPartNumber(partNumber)) return undefined;
  try {
    const record = decodePartRecord(raw);
    return { partNumber, copy: record.partNumber === partNumber ? { key, raw, record } : { key, raw } };
  } catch {
    return { partNumber, copy: { key, raw } };
  }
}

export async function readUploadCopies(set: ErasureSet, ref: UploadRef): Promise<DriveUploadCopies[]> {
  const ukey = uploadKey(ref.bucket, ref.key, ref.uploadId);
  return Promise.all(set.drives.map(async (d): Promise<DriveUploadCopies> => {
    if (!d.isOnline()) return { upload: { state: 'offline' }, parts: undefined };
    try {
      const [raw, entries] = await Promise.all([
        d.metaGet(ukey), scanPrefix(d, partsPrefix(ref.uploadId), { maxEntries: PART_SCAN_LIMIT }),
      ]);
      const parts = new Map<number, PartCopy>();
      for (const e of entries) {
        const p = decodePart(e.key, e.value);
        if (p !== undefined) parts.set(p.partNumber, p.copy);
      }
      return { upload: decodeUpload(raw), parts };
    } catch {
      return { upload: { state: 'offline' }, parts: undefined };
    }
  }));
}
