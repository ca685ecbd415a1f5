/**
 * Shared by PutObjectTagging and DeleteObjectTagging: rewrites the tag set of one version
 * (the latest, or ?versionId) in place through ObjectLayer.updateObjectTags, in any bucket
 * versioning state. As in AWS the version keeps its versionId, data, ETag and Last-Modified.
 * Addressing errors are GetObject's (NoSuchKey, NoSuchVersion, 400 for a malformed
 * versionId, 405 MethodNotAllowed for a delete marker named by versionId).
 */
import type { ObjectInfo, OpContext } from '../../../object/object-layer.js';
import type { HandlerContext } from '../handler.js';
import type { Tag } from '../common/object-tags.js';
import { showsVersionId } from '../common/versioning.js';

export interface ReplaceTagsInput {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string | undefined;
  readonly tags: readonly Tag[];
}

export async function replaceObjectTags(ctx: HandlerContext, input: ReplaceTagsInput, op: OpContext): Promise<ObjectInfo> {
  const tags: Record<string, string> = {};
  for (const t of input.tags) tags[t.key] = t.value;
  return ctx.objects.updateObjectTags({
    bucket: input.bucket, key: input.key,
    ...(input.versionId !== undefined ? { versionId: input.versionId } : {}),
    tags: input.tags.length > 0 ? tags : undefined,
  }, op);
}

/** x-amz-version-id of a tagging answer: the version's id when the bucket is (or was)
 *  versioned or a versionId was named; nothing for the null version of an unversioned bucket. */
export async function taggingVersionHeader(ctx: HandlerContext, info: ObjectInfo, versionId: string | undefined): Promise<Record<string, string>> {
  return await showsVersionId(ctx.versioningStates, info, versionId) ? { 'x-amz-version-id': info.versionId } : {};
}
