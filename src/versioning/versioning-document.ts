/**
 * The bucket's `versioning` config document, decoded once for the S3 handlers and the
 * lifecycle worker alike (both import this pure core; neither may import the other).
 *
 * The stored form is JSON `{"status":"Enabled"|"Suspended", "objectLock"?: true,
 * "excludedPrefixes"?: [...], "excludeFolders"?: true}`; the raw
 * `<VersioningConfiguration><Status>..</Status></VersioningConfiguration>` XML body is also
 * understood so either writer works. No document means the bucket was never versioned. A
 * document that is neither is a corrupt record: decoding throws instead of guessing.
 */
import type { VersioningExclusions } from './versioning-exclusions.js';

export type VersioningState = 'Enabled' | 'Suspended' | 'Unversioned';

export interface BucketVersioning {
  readonly state: VersioningState;
  /** Object Lock is enabled on the bucket (versioning is then Enabled for good). */
  readonly objectLockEnabled: boolean;
  /** MinIO's ExcludedPrefixes / ExcludeFolders (versioning-exclusions.ts); only while Enabled. */
  readonly exclusions?: VersioningExclusions;
}

const NEVER_VERSIONED: BucketVersioning = { state: 'Unversioned', objectLockEnabled: false };

function stateOf(status: unknown): VersioningState {
  if (status === 'Enabled' || status === 'Suspended') return status;
  if (status === undefined || status === '' || status === null) return 'Unversioned';
  throw new Error(`corrupt versioning config document: status ${String(status)}`);
}

function exclusionsOf(json: { excludedPrefixes?: unknown; excludeFolders?: unknown }): VersioningExclusions | undefined {
  const prefixes = Array.isArray(json.excludedPrefixes) ? json.excludedPrefixes.filter((p): p is string => typeof p === 'string') : [];
  const folders = json.excludeFolders === true;
  return prefixes.length > 0 || folders ? { prefixes, folders } : undefined;
}

/** The document's state, Object Lock flag and excluded prefixes, from one parse. */
export function decodeVersioningDocument(doc: Buffer | undefined): BucketVersioning {
  if (doc === undefined || doc.length === 0) return NEVER_VERSIONED;
  const text = doc.toString('utf8').trim();
  if (!text.startsWith('{')) {
    const m = /<Status>\s*([A-Za-z]*)\s*<\/Status>/.exec(text);
    if (m === null) {
      if (text.startsWith('<')) return NEVER_VERSIONED; // <VersioningConfiguration/> without Status
      throw new Error('corrupt versioning config document');
    }
    return { state: stateOf(m[1]), objectLockEnabled: false };
  }
  let json: { status?: unknown; objectLock?: unknown; excludedPrefixes?: unknown; excludeFolders?: unknown };
  try {
    json = JSON.parse(text) as typeof json;
  } catch (err) {
    throw new Error('corrupt versioning config document', { cause: err });
  }
  const state = stateOf(json.status);
  if (state === 'Unversioned') return NEVER_VERSIONED;
  const exclusions = state === 'Enabled' ? exclusionsOf(json) : undefined;
  return { state, objectLockEnabled: json.objectLock === true, ...(exclusions !== undefined ? { exclusions } : {}) };
}

export function encodeVersioningDocument(state: 'Enabled' | 'Suspended', objectLockEnabled = false, exclusions?: VersioningExclusions): Buffer {
  return Buffer.from(JSON.stringify({
    status: state,
    ...(objectLockEnabled ? { objectLock: true } : {}),
    ...(exclusions !== undefined && exclusions.prefixes.length > 0 ? { excludedPrefixes: exclusions.prefixes } : {}),
    ...(exclusions?.folders === true ? { excludeFolders: true } : {}),
  }));
}
