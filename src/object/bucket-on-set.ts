/**
 * Whether a bucket exists, asked of the drives of one key's set (every drive holds the bucket
 * records), before a write to that key; the same answers give the bucket owner an encrypted
 * write seals its object key for (sse/sse-keys.ts), so that costs no second read.
 */
import { BucketNotFoundError, QuorumError } from '../errors/domain-errors.js';
import { decodeBucketRecord, type BucketRecord } from '../storage/format/index.js';
import type { LayerContext } from './layer-context.js';
import { bucketKey } from './meta-keys.js';

/** The bucket as the set's drives hold it. */
export interface BucketOnSet {
  /**
   * The owner's account recorded with the bucket (undefined: none), from the copies read, by
   * the rule of HeadBucket (buckets.ts: corrupt copies count as absent, the oldest creation
   * wins); BucketNotFoundError when no copy decodes. Decoded only when asked.
   */
  owner(): string | undefined;
}

/**
 * BucketNotFoundError unless the bucket exists: `b/<bucket>` read from the drives of the key's
 * set only; same rule as record-quorum.ts.
 */
export async function assertBucketOnSet(ctx: LayerContext, bucket: string, key: string): Promise<BucketOnSet> {
  const set = ctx.storage.setFor(bucket, key);
  const bkey = bucketKey(bucket);
  const answers = await Promise.all(set.drives.map(async (d): Promise<{ value: Buffer | undefined } | undefined> => {
    if (!d.isOnline()) return undefined;
    try { return { value: (await d.metaGetMany([bkey]))[0] }; } catch { return undefined; }
  }));
  const answered = answers.filter((a) => a !== undefined).length;
  const copies = answers.flatMap((a) => (a?.value !== undefined ? [a.value] : []));
  if (answered < set.readQuorum) throw new QuorumError('read', set.readQuorum, answered);
  if (copies.length === 0 || copies.length * 2 < answered) throw new BucketNotFoundError(bucket);
  return {
    owner: () => {
      const records = copies.flatMap((c): BucketRecord[] => { try { return [decodeBucketRecord(c)]; } catch { return []; } });
      if (records.length === 0) throw new BucketNotFoundError(bucket);
      return records.reduce((a, b) => (b.created < a.created ? b : a)).owner;
    },
  };
}
