/** Paged range scans of one drive's metadata (bounded: at most `maxEntries`). */
import type { Drive, MetaEntry } from '../../storage/drive/drive.js';
import { prefixSuccessor } from '../meta-keys.js';

/** The smallest key strictly greater than `key` (UTF-8 byte order). */
export const keyAfter = (key: string): string => `${key}\u0000`;

/** Every entry under `prefix` on the drive, in key order, paged by `pageSize`. */
export async function scanPrefix(drive: Drive, prefix: string, opts: { pageSize?: number; maxEntries?: number } = {}): Promise<MetaEntry[]> {
  const pageSize = opts.pageSize ?? 1000;
  const maxEntries = opts.maxEntries ?? 10_000_000;
  const end = prefixSuccessor(prefix);
  const out: MetaEntry[] = [];
  let start = prefix;
  while (out.length < maxEntries) {
    const page = await drive.metaRange({ start, ...(end !== undefined ? { end } : {}), limit: pageSize });
    out.push(...page);
    if (page.length < pageSize) break;
    start = keyAfter(page[page.length - 1]!.key);
  }
  return out;
}
