/**
 * The account a new encrypted object is sealed in: its bucket's owner (the account that
 * created it, recorded with the bucket). Read once per encrypted write, from the bucket record
 * (quorum read, as HeadBucket); a bucket without an owner gives undefined (the deployment
 * account, SseSettings.account).
 */
import { headBucket } from '../buckets.js';
import type { LayerContext } from '../layer-context.js';
import type { EncryptionRequest } from './sse-contract.js';
import { newSealing, type ObjectSealing, type SealTarget } from './sse-keys.js';

/** The bucket owner's account, undefined when the bucket records none. */
export async function bucketOwnerOf(ctx: LayerContext, bucket: string): Promise<string | undefined> {
  return (await headBucket(ctx, { bucket })).owner;
}

/** A new sealing for an object of `at.bucket`, bound to the bucket owner's account. */
export async function newOwnedSealing(ctx: LayerContext, req: EncryptionRequest, at: SealTarget): Promise<ObjectSealing> {
  return newSealing(ctx.sse, req, at, await bucketOwnerOf(ctx, at.bucket));
}
