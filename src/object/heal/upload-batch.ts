/**
 * Walks the pending uploads (`u/<bucket>/<key>\0<uploadId>`) of one erasure set in batches
 * (set-range-batch.ts: the union over every online drive, cut so nothing is missed), so an
 * upload whose record survived on only some drives (a replaced drive lacks it, a stale drive
 * kept it) is still seen. The caller resumes with `after` (exclusive).
 */
import type { ErasureSet } from '../../storage/storage.js';
import { splitUploadKey } from '../multipart/upload-record.js';
import { nextRangeBatch } from './set-range-batch.js';

const UPLOAD_PREFIX = 'u/';
const UPLOAD_END = 'u0'; // '0' follows '/': the end of the u/ range

export interface UploadBatchItem {
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  /** The `u/` key (resume point). */
  readonly metaKey: string;
}

export interface UploadBatch {
  readonly items: readonly UploadBatchItem[];
  /** Resume after this metadata key; undefined when the set has no more uploads. */
  readonly next: string | undefined;
}

/** Split `u/<bucket>/<key>\0<uploadId>`; undefined for a malformed key. */
export function parseUploadMetaKey(metaKey: string): Omit<UploadBatchItem, 'metaKey'> | undefined {
  if (!metaKey.startsWith(UPLOAD_PREFIX)) return undefined;
  const slash = metaKey.indexOf('/', UPLOAD_PREFIX.length);
  if (slash < 0) return undefined;
  const rest = splitUploadKey(metaKey.slice(slash + 1));
  return rest === undefined ? undefined : { bucket: metaKey.slice(UPLOAD_PREFIX.length, slash), ...rest };
}

export async function nextUploadBatch(set: ErasureSet, after: string | undefined, batchSize: number): Promise<UploadBatch> {
  const { keys, next } = await nextRangeBatch(set, { start: UPLOAD_PREFIX, end: UPLOAD_END, after, limit: batchSize });
  const items = keys.flatMap((metaKey) => {
    const parsed = parseUploadMetaKey(metaKey);
    return parsed ? [{ ...parsed, metaKey }] : [];
  });
  return { items, next };
}
