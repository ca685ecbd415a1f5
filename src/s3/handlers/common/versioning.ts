/**
 * The bucket versioning state as the object handlers need it.
 *
 * The 'versioning' bucket config document is written by PutBucketVersioning and decoded by
 * versioning/versioning-document.ts (shared with the lifecycle worker); a corrupt one fails
 * loudly (500) instead of guessing. A bucket with Object Lock enabled says so in the same
 * document (`"objectLock":true`), so a write learns both from one read; its default retention is the 'object-lock' document
 * (object-lock-config.ts), read only for such buckets.
 */
import type { ObjectLayer } from '../../../object/object-layer.js';
import {
  decodeVersioningDocument, type BucketVersioning, type VersioningState,
} from '../../../versioning/versioning-document.js';
import { versioningForKey } from '../../../versioning/versioning-exclusions.js';

export type { BucketVersioning, VersioningState };
/** decodeBucketVersioning: the document with its Object Lock flag and excluded prefixes, from one parse. */
export {
  decodeVersioningDocument as decodeBucketVersioning, encodeVersioningDocument as encodeVersioningDoc,
} from '../../../versioning/versioning-document.js';

export const VERSIONING_CONFIG = 'versioning';

/** How writes and deletes of `key` treat versions (Suspended for a key the bucket excludes). */
export function keyVersioning(v: BucketVersioning, key: string): VersioningState {
  return versioningForKey(v.state, v.exclusions, key);
}

export function decodeVersioningDoc(doc: Buffer | undefined): VersioningState {
  return decodeVersioningDocument(doc).state;
}

export async function readBucketVersioning(objects: ObjectLayer, bucket: string): Promise<BucketVersioning> {
  return decodeVersioningDocument(await objects.getBucketConfig({ bucket, name: VERSIONING_CONFIG }));
}

/**
 * Whether a response about version `versionId` of `bucket` carries x-amz-version-id: a
 * version id always; the null version when it was asked for by `?versionId=null` or when the
 * bucket's versioning is (or was) configured, Enabled or Suspended: AWS answers
 * `x-amz-version-id: null` there, and nothing for objects of a bucket never versioned.
 * Only the null version of an unnamed GET/HEAD asks `states` (versioning-state-cache.ts).
 */
export function showsVersionId(
  states: { peek(bucket: string): VersioningState | undefined; get(bucket: string): Promise<VersioningState> },
  at: { bucket: string; versionId: string }, requested: string | undefined,
): boolean | Promise<boolean> {
  if (at.versionId !== 'null' || requested !== undefined) return true;
  const held = states.peek(at.bucket);
  if (held !== undefined) return held !== 'Unversioned';
  return states.get(at.bucket).then((state) => state !== 'Unversioned');
}

export async function bucketVersioning(objects: ObjectLayer, bucket: string): Promise<VersioningState> {
  return decodeVersioningDoc(await objects.getBucketConfig({ bucket, name: VERSIONING_CONFIG }));
}

/** How a write or delete of `key` in `bucket` treats versions (its bucket's state, or Suspended for an excluded key). */
export async function bucketKeyVersioning(objects: ObjectLayer, bucket: string, key: string): Promise<VersioningState> {
  return keyVersioning(await readBucketVersioning(objects, bucket), key);
}
