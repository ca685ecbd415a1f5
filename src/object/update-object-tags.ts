/**
 * updateObjectTags: rewrite the tag set of one version IN PLACE on every drive of its set
 * (update-version-metadata.ts: same versionId, data, ETag and Last-Modified; a new
 * metaWriteId). Only the version's system metadata entry `x-amz-tagging` (canonical URL-query
 * form `k1=v1&k2=v2`, the form PutObject's x-amz-tagging stores) changes.
 */
import type { LayerContext } from './layer-context.js';
import type { ObjectInfo, UpdateObjectTagsRequest } from './object-layer.js';
import { updateVersionMetadata } from './update-version-metadata.js';

/** System metadata name of the stored tag set (same as s3/handlers/common/object-tags.ts). */
export const TAGS_METADATA = 'x-amz-tagging';

function encodeTags(tags: Readonly<Record<string, string>> | undefined): string | undefined {
  if (tags === undefined) return undefined;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(tags)) q.append(k, v);
  const s = q.toString();
  return s === '' ? undefined : s;
}

/** `meta` with its stored tag set replaced by `encoded` (the entry removed when undefined). */
export function withStoredTags(meta: Readonly<Record<string, string>>, encoded: string | undefined): Record<string, string> {
  const systemMetadata: Record<string, string> = { ...meta };
  delete systemMetadata[TAGS_METADATA];
  if (encoded !== undefined) systemMetadata[TAGS_METADATA] = encoded;
  return systemMetadata;
}

export async function updateObjectTags(ctx: LayerContext, req: UpdateObjectTagsRequest): Promise<ObjectInfo> {
  const encoded = encodeTags(req.tags);
  return updateVersionMetadata(ctx, req, (version) => withStoredTags(version.systemMetadata, encoded));
}
