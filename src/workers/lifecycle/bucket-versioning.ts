/**
 * A bucket's versioning state from its `versioning` config document, which decides how an
 * expired current version goes (delete, or a delete marker). The stored form is JSON
 * `{"status":"Enabled"|"Suspended"}`; the raw <VersioningConfiguration> XML is understood too,
 * as the S3 handlers understand it (s3/handlers/common/versioning.ts; workers/ cannot import s3/).
 * A document that is neither fails: the worker leaves that bucket alone rather than guess.
 */
import type { ObjectLayer } from '../../object/object-layer.js';

export type BucketVersioning = 'Enabled' | 'Suspended' | 'Unversioned';

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

export async function bucketVersioning(objects: ObjectLayer, bucket: string): Promise<BucketVersioning> {
  return versioningOf(await objects.getBucketConfig({ bucket, name: 'versioning' }));
}
