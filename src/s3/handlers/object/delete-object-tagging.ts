/**
 * DeleteObjectTagging: DELETE /bucket/key?tagging -> 204, the object keeps no tags.
 * The rewrite and its limits are in replace-object-tags.ts.
 */
import type { Handler } from '../handler.js';
import { requireObject, versionIdParam } from '../common/object-key.js';
import { replaceObjectTags } from './replace-object-tags.js';

export const deleteObjectTagging: Handler = async (req, ctx) => {
  const { bucket, key } = requireObject(req);
  const versionId = versionIdParam(req);
  const info = await replaceObjectTags(ctx, { bucket, key, versionId, tags: [] });
  const headers: Record<string, string> = {};
  if (info.versionId !== 'null' || versionId === 'null') headers['x-amz-version-id'] = info.versionId;
  return { status: 204, headers };
};
