/**
 * Bucket quotas: a hard limit in bytes, stored as the bucket config document `quota` in
 * MinIO's JSON form `{"quota":N,"quotatype":"hard"}` (madmin.BucketQuota); no document or
 * quota 0 means no limit. checkBucketQuota runs before a write stores any byte: it refuses
 * with BucketQuotaExceededError when usage (bucket-usage-ledger.ts) + the bytes the write
 * adds would exceed the quota. A write of 0 bytes is never refused.
 */
import { BucketQuotaExceededError } from '../errors/domain-errors.js';
import { getBucketConfig } from './buckets.js';
import type { LayerContext } from './layer-context.js';

export const QUOTA_CONFIG = 'quota';

export interface BucketQuota {
  /** Bytes; 0 = no quota. */
  readonly quota: number;
  readonly quotatype: 'hard';
}

/** The stored document, or a RangeError naming what is wrong (an admin body too). */
export function parseQuotaDoc(text: string): BucketQuota {
  let doc: unknown;
  try { doc = JSON.parse(text); } catch { throw new RangeError('the quota document is not JSON'); }
  if (typeof doc !== 'object' || doc === null) throw new RangeError('the quota document is not a JSON object');
  const d = doc as { quota?: unknown; quotatype?: unknown };
  if (typeof d.quota !== 'number' || !Number.isSafeInteger(d.quota) || d.quota < 0) throw new RangeError('quota must be a whole number of bytes >= 0');
  const type = d.quotatype ?? 'hard';
  if (type !== 'hard') throw new RangeError(`quotatype ${JSON.stringify(type)} is not supported: only "hard"`);
  return { quota: d.quota, quotatype: 'hard' };
}

export function encodeQuotaDoc(q: BucketQuota): Buffer {
  return Buffer.from(JSON.stringify({ quota: q.quota, quotatype: q.quotatype }));
}

/** Pure arithmetic: whether adding `size` bytes to `usage` stays within `quota` (0 = none). */
export function withinQuota(quota: number, usage: number, size: number): boolean {
  return quota === 0 || size <= 0 || usage + size <= quota;
}

/** The bucket's quota in bytes (0 = none), through the ledger's short cache. */
export async function bucketQuota(ctx: LayerContext, bucket: string): Promise<number> {
  const cached = ctx.usage.cachedQuota(bucket);
  if (cached !== undefined) return cached;
  const doc = await getBucketConfig(ctx, { bucket, name: QUOTA_CONFIG });
  const quota = doc === undefined ? 0 : parseQuotaDoc(doc.toString('utf8')).quota;
  ctx.usage.rememberQuota(bucket, quota);
  return quota;
}

/** Refuses (BucketQuotaExceededError) a write of `size` bytes that would take the bucket past its quota. */
export async function checkBucketQuota(ctx: LayerContext, req: { readonly bucket: string; readonly size: number }): Promise<void> {
  if (req.size <= 0) return;
  const quota = await bucketQuota(ctx, req.bucket);
  const usage = ctx.usage.usage(req.bucket);
  if (!withinQuota(quota, usage, req.size)) throw new BucketQuotaExceededError(req.bucket, quota, usage, req.size);
}
