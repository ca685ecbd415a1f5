/**
 * A bucket's versioning state from its `versioning` config document, which decides how an
 * expired current version goes (delete, or a delete marker). The stored form is JSON
 * `{"status":"Enabled"|"Suspended"}`; the raw <VersioningConfiguration> XML is understood too,
 * as the S3 handlers understand it (s3/handlers/common/versioning.ts; workers/ cannot import s3/).
 * A document that is neither fails: the worker leaves that bucket alone rather than guess.
 */
import type { ObjectLayer } from '../../object/object-layer.js';
import { exclusionsOfDoc, versioningForKey } from '../../versioning/versioning-exclusions.js';

export type BucketVersioning = 'Enabled' | 'Suspended' | 'Unversioned';

/** How an expiry of `key` treats versions: the bucket's state, Suspended for a key it excludes (MinIO's ExcludedPrefixes). */
export type KeyVersioning = (key: string) => BucketVersioning;

export function versioningOf(doc: Buffer | undefined): BucketVersioning {
  if (doc === undefined || doc.length === 0) return 'Unversioned';
  const text = doc.toString('utf8').trim();
  const status = text.startsWith('{')
    ? (JSON.parse(text) as { status?: unknown }).status
    : /<Status>\s*([A-Za-z]*)\s*<\/Status>/.exec(text)?.[1] ?? (text.startsWith('<') ? undefined : null);
  if (status === 'Enabled' || status === 'Suspended') return status;
  if (status === undefined || status === '') return 'Unversioned';
  throw new Error(`corrupt versioning config document: status ${String(status)}`);
}

/** The bucket's versioning per key (versioning/versioning-exclusions.ts). */
export async function bucketKeyVersioning(objects: ObjectLayer, bucket: string): Promise<KeyVersioning> {
  const doc = await objects.getBucketConfig({ bucket, name: 'versioning' });
  const state = versioningOf(doc);
  const text = doc?.toString('utf8').trim() ?? '';
  const exclusions = state === 'Enabled' && text.startsWith('{') ? exclusionsOfDoc(JSON.parse(text) as object) : undefined;
  return (key) => versioningForKey(state, exclusions, key);
}
