/**
 * ListObjects (V1/V2 share it): a range scan of `o/<bucket>/<prefix>` after `after`, with
 * delimiter skipping: a key with the delimiter after the prefix yields its common prefix, and
 * the scan SEEKS past every key under it (prefixSuccessor) instead of reading them. Keys whose
 * latest version is a delete marker are skipped; deleted keys (tombstones, or keys the quorum
 * read of a disagreeing key calls absent: list-merge.ts) are skipped by both listings and
 * make no common prefix. Objects and common prefixes count together
 * toward maxKeys. A page reads at most SCAN_BUDGET records (long runs of delete markers): it
 * then ends truncated with nextMarker = the last key scanned.
 */
import type { ObjectRecord } from '../storage/format/index.js';
import { listBucket } from './buckets.js';
import type { LayerContext } from './layer-context.js';
import { ListingMerger, PENDING, type MergedEntry } from './list-merge.js';
import { compareUtf8, objectKey, objectPrefix, prefixSuccessor } from './meta-keys.js';
import { readKey } from './record-quorum.js';
import { toObjectInfo } from './object-info.js';
import type { ListObjectsRequest, ListObjectsResult, ObjectInfo } from './object-layer.js';

export const SCAN_BUDGET = 100_000;
export const MAX_LIST_KEYS = 1000;

export type ListItem =
  | { readonly kind: 'record'; readonly key: string; readonly record: ObjectRecord }
  | { readonly kind: 'prefix'; readonly prefix: string }
  /** A key with no version (deleted): it counts toward the scan budget, nothing else. */
  | { readonly kind: 'deleted'; readonly key: string };

export interface KeyWalkOptions {
  readonly prefix: string;
  readonly delimiter: string | undefined;
  /** Start strictly after this key (a common prefix: after every key under it). */
  readonly after: string | undefined;
  /** Start AT this key (inclusive); used by version listing with a versionIdMarker. */
  readonly from?: string;
  readonly batch: number;
}

/** Where a walk starts (inclusive meta key). */
function startKey(ctx: { bucket: string }, o: KeyWalkOptions): string {
  const base = objectKey(ctx.bucket, o.prefix);
  if (o.from !== undefined && compareUtf8(o.from, o.prefix) >= 0) return objectKey(ctx.bucket, o.from);
  if (o.after === undefined || compareUtf8(o.after, o.prefix) < 0) return base;
  if (o.delimiter && o.after.startsWith(o.prefix)) {
    const rest = o.after.slice(o.prefix.length);
    const idx = rest.indexOf(o.delimiter);
    if (idx >= 0 && idx + o.delimiter.length === rest.length) {
      const succ = prefixSuccessor(objectKey(ctx.bucket, o.after));
      if (succ !== undefined) return succ;
    }
  }
  return objectKey(ctx.bucket, o.after) + '\u0000';
}

/** Keys (with their merged records) and common prefixes in order, under a scan budget. */
export class KeyWalk {
  readonly merger: ListingMerger;
  readonly #bucket: string;
  readonly #o: KeyWalkOptions;
  readonly #strip: number;
  /** Records read so far, and the last key read (for budget truncation). */
  scanned = 0;
  lastKey: string | undefined;

  constructor(ctx: LayerContext, bucket: string, o: KeyWalkOptions) {
    this.#bucket = bucket;
    this.#o = o;
    this.#strip = objectPrefix(bucket).length;
    const end = prefixSuccessor(objectKey(bucket, o.prefix));
    // With a delimiter most keys may roll up into prefixes that are seeked past: start small
    // (cursors double their batch while consumed without seeks).
    const batch = o.delimiter ? Math.min(o.batch, 16) : o.batch;
    const strip = this.#strip;
    // Disagreeing copies of a key are settled as GET settles them (and the key queued for heal).
    const resolve = async (metaKey: string): Promise<ObjectRecord | undefined> =>
      (await readKey(ctx, bucket, metaKey.slice(strip), { checkBucket: false })).record;
    this.merger = new ListingMerger(ctx.storage, { start: startKey({ bucket }, o), end, batch, resolve });
  }

  get isOverBudget(): boolean { return this.scanned >= SCAN_BUDGET; }

  async next(): Promise<ListItem | undefined> {
    return this.#item(await this.merger.next());
  }

  /** next() without a promise when the merger has the next key at hand (PENDING: await next()). */
  nextReady(): ListItem | undefined | typeof PENDING {
    const e = this.merger.nextReady();
    return e === PENDING ? PENDING : this.#item(e);
  }

  #item(e: MergedEntry | undefined): ListItem | undefined {
    if (!e) return undefined;
    this.scanned++;
    const key = e.summaryKey.slice(this.#strip);
    this.lastKey = key;
    if (e.record === undefined) return { kind: 'deleted', key };
    const d = this.#o.delimiter;
    if (d) {
      const idx = key.indexOf(d, this.#o.prefix.length);
      if (idx >= 0) {
        const prefix = key.slice(0, idx + d.length);
        const succ = prefixSuccessor(objectKey(this.#bucket, prefix));
        if (succ !== undefined) this.merger.seek(succ);
        this.lastKey = prefix;
        return { kind: 'prefix', prefix };
      }
    }
    return { kind: 'record', key, record: e.record };
  }
}

export function clampMaxKeys(n: number): number {
  if (!Number.isFinite(n) || n < 0) return MAX_LIST_KEYS;
  return Math.min(Math.floor(n), MAX_LIST_KEYS);
}

export function listObjects(ctx: LayerContext, req: ListObjectsRequest): Promise<ListObjectsResult> {
  return listBucket(ctx, req.bucket, () => walkObjects(ctx, req));
}

async function walkObjects(ctx: LayerContext, req: ListObjectsRequest): Promise<ListObjectsResult> {
  const { bucket } = req;
  const maxKeys = clampMaxKeys(req.maxKeys);
  const objects: ObjectInfo[] = [];
  const commonPrefixes: string[] = [];
  if (maxKeys === 0) return { objects, commonPrefixes, isTruncated: false };
  const walk = new KeyWalk(ctx, bucket, {
    prefix: req.prefix ?? '', delimiter: req.delimiter || undefined, after: req.after, batch: maxKeys + 1,
  });
  let nextMarker: string | undefined;
  for (;;) {
    if (walk.isOverBudget) return { objects, commonPrefixes, isTruncated: true, ...(walk.lastKey !== undefined ? { nextMarker: walk.lastKey } : {}) };
    let item = walk.nextReady();
    if (item === PENDING) item = await walk.next();
    if (!item) return { objects, commonPrefixes, isTruncated: false, ...(nextMarker !== undefined ? { nextMarker } : {}) };
    if (item.kind === 'deleted' || (item.kind === 'record' && item.record.versions[0]!.isDeleteMarker)) continue;
    if (objects.length + commonPrefixes.length >= maxKeys) {
      return { objects, commonPrefixes, isTruncated: true, ...(nextMarker !== undefined ? { nextMarker } : {}) };
    }
    if (item.kind === 'prefix') {
      commonPrefixes.push(item.prefix);
      nextMarker = item.prefix;
    } else {
      objects.push(toObjectInfo({ bucket, key: item.key }, item.record.versions[0]!, true));
      nextMarker = item.key;
    }
  }
}
