/**
 * One batch of a walk over a key range of every online drive of an erasure set: the union of
 * each drive's next `limit` keys, so a key present on only some drives is still seen, cut at
 * the smallest last key of any drive whose page was full (a drive with a full page may hold
 * keys above its last one that another drive's page already passed), so nothing below the cut
 * is missed. The caller resumes after `next` (exclusive); undefined means the range is done.
 */
import type { ErasureSet } from '../../storage/storage.js';
import { compareUtf8 } from '../../util/utf8-order.js';
import { keyAfter } from './scan-prefix.js';

export interface RangeBatchRequest {
  /** First key of the range (inclusive). */
  readonly start: string;
  /** End of the range (exclusive). */
  readonly end: string;
  /** Resume after this key (exclusive); undefined = from `start`. */
  readonly after: string | undefined;
  /** Keys per drive per batch. */
  readonly limit: number;
}

export interface RangeBatch {
  /** The keys of the batch, in UTF-8 order, each once. */
  readonly keys: readonly string[];
  readonly next: string | undefined;
}

export async function nextRangeBatch(set: ErasureSet, req: RangeBatchRequest): Promise<RangeBatch> {
  if (!Number.isSafeInteger(req.limit) || req.limit < 1) throw new RangeError(`bad batch size ${req.limit}`);
  const start = req.after === undefined ? req.start : keyAfter(req.after);
  const pages = await Promise.all(set.drives.map(async (d) => {
    if (!d.isOnline()) return undefined;
    try { return await d.metaRange({ start, end: req.end, limit: req.limit }); } catch { return undefined; }
  }));
  let cut: string | undefined;
  for (const p of pages) {
    if (p === undefined || p.length < req.limit) continue;
    const last = p[p.length - 1]!.key;
    if (cut === undefined || compareUtf8(last, cut) < 0) cut = last;
  }
  const keys = new Set<string>();
  for (const p of pages) for (const e of p ?? []) if (cut === undefined || compareUtf8(e.key, cut) <= 0) keys.add(e.key);
  return { keys: [...keys].sort(compareUtf8), next: cut };
}
