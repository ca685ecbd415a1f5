/**
 * The bucket versioning state as the object handlers need it.
 *
 * The 'versioning' bucket config document is written by PutBucketVersioning. The agreed
 * stored form is JSON `{"status":"Enabled"|"Suspended"}`; the raw
 * `<VersioningConfiguration><Status>..</Status></VersioningConfiguration>` XML body is also
 * understood so either writer works. No document means the bucket was never versioned.
 * A document that is neither is a corrupt record: it fails loudly (500) instead of guessing.
 */
import type { ObjectLayer } from '../../../object/object-layer.js';

export type VersioningState = 'Enabled' | 'Suspended' | 'Unversioned';

export const VERSIONING_CONFIG = 'versioning';

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

export function encodeVersioningDoc(state: 'Enabled' | 'Suspended'): Buffer {
  return Buffer.from(JSON.stringify({ status: state }));
}

export async function bucketVersioning(objects: ObjectLayer, bucket: string): Promise<VersioningState> {
  return decodeVersioningDoc(await objects.getBucketConfig({ bucket, name: VERSIONING_CONFIG }));
}
