/**
 * MinIO's versioning extension: keys a versioning-Enabled bucket leaves unversioned.
 *
 *   <VersioningConfiguration><Status>Enabled</Status>
 *     <ExcludedPrefixes><Prefix>spark/_temporary/</Prefix></ExcludedPrefixes>...  (at most 10)
 *     <ExcludeFolders>true</ExcludeFolders></VersioningConfiguration>
 *
 * A key matching `prefix*` (`*` in a prefix matches any run of characters, as MinIO's
 * wildcard.MatchSimple), or ending in `/` with ExcludeFolders, is written and deleted as in a
 * Suspended bucket: a PUT replaces its null version, a DELETE leaves a null delete marker.
 * Stored in the bucket's `versioning` document (versioning-document.ts: JSON `excludedPrefixes`,
 * `excludeFolders`); the S3 handlers and the lifecycle worker both decide through `versioningForKey`.
 */

export interface VersioningExclusions {
  readonly prefixes: readonly string[];
  readonly folders: boolean;
}

export const MAX_EXCLUDED_PREFIXES = 10;

type State = 'Enabled' | 'Suspended' | 'Unversioned';

/** `pattern` with `*` as "any run of characters" (nothing else is special) matches all of `name`. */
function matchesSimple(pattern: string, name: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === name;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (name.length < first.length + last.length || !name.startsWith(first) || !name.endsWith(last)) return false;
  let at = first.length;
  const end = name.length - last.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const found = name.indexOf(parts[i]!, at);
    if (found < 0 || found + parts[i]!.length > end) return false;
    at = found + parts[i]!.length;
  }
  return true;
}

export function isExcludedKey(exclusions: VersioningExclusions, key: string): boolean {
  if (exclusions.folders && key.endsWith('/')) return true;
  for (const prefix of exclusions.prefixes) if (matchesSimple(`${prefix}*`, key)) return true;
  return false;
}

/** How a write or delete of `key` treats versions: Suspended for an excluded key of an Enabled bucket. */
export function versioningForKey(state: State, exclusions: VersioningExclusions | undefined, key: string): State {
  if (state !== 'Enabled' || exclusions === undefined) return state;
  return isExcludedKey(exclusions, key) ? 'Suspended' : state;
}
