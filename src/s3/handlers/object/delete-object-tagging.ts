/**
 * DeleteObjectTagging: DELETE /bucket/key?tagging -> 204, the object keeps no tags.
 * ?versionId names the version; the in-place rewrite is in replace-object-tags.ts.
 */
import type { Handler } from '../handler.js';
import { requireObject, versionIdParam } from '../common/object-key.js';
import { callerContext } from '../common/op-context.js';
import { replaceObjectTags, taggingVersionHeader } from './replace-object-tags.js';

export const deleteObjectTagging: Handler = async (req, ctx) => {
  const { bucket, key } = requireObject(req);
  const versionId = versionIdParam(req);
  const info = await replaceObjectTags(ctx, { bucket, key, versionId, tags: [] }, callerContext(req));
  const headers: Record<string, string> = {};
  Object.assign(headers, await taggingVersionHeader(ctx, info, versionId));
  return { status: 204, headers };
};
