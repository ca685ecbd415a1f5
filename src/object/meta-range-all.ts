/**
 * Every entry of a metadata range on one drive, page by page: a single metaRange returns at
 * most its limit (the drive's default is 10,000), so a range that can be longer (the bucket
 * records of a deployment with 10,000 buckets) must be read in pages.
 */
import type { Drive, MetaEntry } from '../storage/drive/drive.js';

export const RANGE_PAGE = 5_000;

export async function metaRangeAll(drive: Drive, range: { readonly start: string; readonly end?: string; readonly pageSize?: number }): Promise<MetaEntry[]> {
  const page = range.pageSize ?? RANGE_PAGE;
  const out: MetaEntry[] = [];
  let start = range.start;
  for (;;) {
    const got = await drive.metaRange({ start, ...(range.end !== undefined ? { end: range.end } : {}), limit: page });
    for (const e of got) out.push(e);
    if (got.length < page) return out;
    start = `${got[got.length - 1]!.key}\u0000`; // the smallest key after the last one
  }
}
