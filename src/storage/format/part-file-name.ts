/**
 * Shard file names of a multipart version's parts. A part written in place by its upload
 * (an upload record of format v2) has a file of its own, `part.<N>.<32 hex>`, named in the
 * version's `parts[].file`; older multipart versions and plain PUTs use `part.<N>`.
 * Pure (layer L2).
 */

/** What `PartRecord.file` of an object version may hold. */
export const PART_FILE_RE = /^part\.[1-9][0-9]{0,4}\.[0-9a-f]{32}$/;

/** The shard file name of part `number`: its own `file` when it has one. */
export function partFileNameOf(part: { readonly number: number; readonly file?: string }): string {
  return part.file ?? `part.${part.number}`;
}
