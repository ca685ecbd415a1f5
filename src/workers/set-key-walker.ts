/**
 * Walks the object keys (`o/<bucket>/<key>`) of one erasure set in batches, with range scans
 * over every online drive of the set, so a key present on only some drives is still seen.
 * A batch is cut at the smallest last key of any drive whose page was full, so no key below
 * the cut is missed; the caller checkpoints with `after` (exclusive).
 */
import type { ErasureSet } from '../storage/storage.js';
import { keyAfter } from '../object/heal/index.js';
import { compareUtf8 } from '../util/utf8-order.js';

const OBJECT_PREFIX = 'o/';
const OBJECT_END = 'o0'; // '0' follows '/': the end of the o/ range

export interface KeyBatch {
  readonly items: { bucket: string; key: string; metaKey: string }[];
  /** Resume after this metadata key; undefined when the set has no more keys. */
  readonly next: string | undefined;
}

/** Split `o/<bucket>/<key>`; undefined for a malformed key. */
export function parseObjectMetaKey(metaKey: string): { bucket: string; key: string } | undefined {
  if (!metaKey.startsWith(OBJECT_PREFIX)) return undefined;
  const slash = metaKey.indexOf('/', OBJECT_PREFIX.length);
  if (slash < 0) return undefined;
  return { bucket: metaKey.slice(OBJECT_PREFIX.length, slash), key: metaKey.slice(slash + 1) };
}

export async function nextKeyBatch(set: ErasureSet, after: string | undefined, batchSize: number): Promise<KeyBatch> {
  const start = after === undefined ? OBJECT_PREFIX : keyAfter(after);
  const pages = await Promise.all(set.drives.map(async (d) => {
    if (!d.isOnline()) return undefined;
    try { return await d.metaRange({ start, end: OBJECT_END, limit: batchSize }); } catch { return undefined; }
  }));
  let cut: string | undefined;
  for (const p of pages) {
    if (p === undefined || p.length < batchSize) continue;
    const last = p[p.length - 1]!.key;
    if (cut === undefined || compareUtf8(last, cut) < 0) cut = last;
  }
  const keys = new Set<string>();
  for (const p of pages) for (const e of p ?? []) if (cut === undefined || compareUtf8(e.key, cut) <= 0) keys.add(e.key);
  const items = [...keys].sort(compareUtf8).flatMap((metaKey) => {
    const parsed = parseObjectMetaKey(metaKey);
    return parsed ? [{ ...parsed, metaKey }] : [];
  });
  return { items, next: cut };
}
