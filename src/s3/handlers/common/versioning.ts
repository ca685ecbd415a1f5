/**
 * The bucket versioning state as the object handlers need it.
 *
 * The 'versioning' bucket config document is written by PutBucketVersioning. The agreed
 * stored form is JSON `{"status":"Enabled"|"Suspended"}`; the raw
 * `<VersioningConfiguration><Status>..</Status></VersioningConfiguration>` XML body is also
 * understood so either writer works. No document means the bucket was never versioned.
 * A document that is neither is a corrupt record: it fails loudly (500) instead of guessing.
 * A bucket with Object Lock enabled says so in the same document (`"objectLock":true`), so a
 * write learns both from one read; its default retention is the 'object-lock' document
 * (object-lock-config.ts), read only for such buckets.
 */
import type { ObjectLayer } from '../../../object/object-layer.js';
import { exclusionsOfDoc, versioningForKey, type VersioningExclusions } from '../../../versioning/versioning-exclusions.js';

export type VersioningState = 'Enabled' | 'Suspended' | 'Unversioned';

export const VERSIONING_CONFIG = 'versioning';

export interface BucketVersioning {
  readonly state: VersioningState;
  /** Object Lock is enabled on the bucket (versioning is then Enabled for good). */
  readonly objectLockEnabled: boolean;
  /** MinIO's ExcludedPrefixes / ExcludeFolders (versioning/versioning-exclusions.ts); only while Enabled. */
  readonly exclusions?: VersioningExclusions;
}

/** The versioning document with its Object Lock flag and excluded prefixes. */
export function decodeBucketVersioning(doc: Buffer | undefined): BucketVersioning {
  const state = decodeVersioningDoc(doc);
  if (state === 'Unversioned' || doc === undefined) return { state, objectLockEnabled: false };
  const text = doc.toString('utf8').trim();
  if (!text.startsWith('{')) return { state, objectLockEnabled: false };
  const json = JSON.parse(text) as { objectLock?: unknown; excludedPrefixes?: unknown; excludeFolders?: unknown };
  const exclusions = state === 'Enabled' ? exclusionsOfDoc(json) : undefined;
  return { state, objectLockEnabled: json.objectLock === true, ...(exclusions !== undefined ? { exclusions } : {}) };
}

/** How writes and deletes of `key` treat versions (Suspended for a key the bucket excludes). */
export function keyVersioning(v: BucketVersioning, key: string): VersioningState {
  return versioningForKey(v.state, v.exclusions, key);
}

export function decodeVersioningDoc(doc: Buffer | undefined): VersioningState {
  if (doc === undefined || doc.length === 0) return 'Unversioned';
  const text = doc.toString('utf8').trim();
  let status: unknown;
  if (text.startsWith('{')) {
    try {
      status = (JSON.parse(text) as { status?: unknown }).status;
    } catch (err) {
      throw new Error('corrupt versioning config document', { cause: err });
    }
    if (status === undefined) return 'Unversioned';
  } else {
    const m = /<Status>\s*([A-Za-z]*)\s*<\/Status>/.exec(text);
    if (m === null) {
      if (text.startsWith('<')) return 'Unversioned'; // <VersioningConfiguration/> without Status
      throw new Error('corrupt versioning config document');
    }
    status = m[1];
  }
  if (status === 'Enabled' || status === 'Suspended') return status;
  if (status === '' || status === null) return 'Unversioned';
  throw new Error(`corrupt versioning config document: status ${String(status)}`);
}

export function encodeVersioningDoc(state: 'Enabled' | 'Suspended', objectLockEnabled = false, exclusions?: VersioningExclusions): Buffer {
  return Buffer.from(JSON.stringify({
    status: state,
    ...(objectLockEnabled ? { objectLock: true } : {}),
    ...(exclusions !== undefined && exclusions.prefixes.length > 0 ? { excludedPrefixes: exclusions.prefixes } : {}),
    ...(exclusions?.folders === true ? { excludeFolders: true } : {}),
  }));
}

export async function readBucketVersioning(objects: ObjectLayer, bucket: string): Promise<BucketVersioning> {
  return decodeBucketVersioning(await objects.getBucketConfig({ bucket, name: VERSIONING_CONFIG }));
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
