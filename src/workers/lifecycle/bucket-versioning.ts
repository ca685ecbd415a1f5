/**
 * A bucket's versioning per key, which decides how an expired current version goes (delete, or a
 * delete marker): the `versioning` config document decoded by versioning/versioning-document.ts
 * (the S3 handlers decode it there too; workers/ cannot import s3/), with MinIO's excluded
 * prefixes applied per key. A corrupt document throws: the worker leaves that bucket alone
 * rather than guess.
 */
import type { ObjectLayer } from '../../object/object-layer.js';
import { decodeVersioningDocument, type VersioningState } from '../../versioning/versioning-document.js';
import { versioningForKey } from '../../versioning/versioning-exclusions.js';

/** How an expiry of `key` treats versions: the bucket's state, Suspended for a key it excludes. */
export type KeyVersioning = (key: string) => VersioningState;

export async function bucketKeyVersioning(objects: ObjectLayer, bucket: string): Promise<KeyVersioning> {
  const v = decodeVersioningDocument(await objects.getBucketConfig({ bucket, name: 'versioning' }));
  return (key) => versioningForKey(v.state, v.exclusions, key);
}
