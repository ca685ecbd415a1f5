/**
 * GetObjectTagging: GET /bucket/key?tagging[&versionId] -> 200 <Tagging><TagSet>...</TagSet></Tagging>
 * (an empty TagSet for an untagged object; NoSuchKey / NoSuchVersion as GetObject; a delete
 * marker answers as HeadObject does). x-amz-version-id names the version read.
 */
import type { Handler } from '../handler.js';
import { taggingXml } from '../../xml/shapes/tagging.js';
import { requireObject, versionIdParam } from '../common/object-key.js';
import { callerContext } from '../common/op-context.js';
import { storedTags } from '../common/object-tags.js';
import { taggingVersionHeader } from './replace-object-tags.js';

export const getObjectTagging: Handler = async (req, ctx) => {
  const { bucket, key } = requireObject(req);
  const versionId = versionIdParam(req);
  const info = await ctx.objects.headObject({ bucket, key, ...(versionId !== undefined ? { versionId } : {}) }, callerContext(req));
  const headers: Record<string, string> = { 'content-type': 'application/xml' };
  Object.assign(headers, await taggingVersionHeader(ctx, info, versionId));
  return { status: 200, headers, body: taggingXml(storedTags(info.systemMetadata)) };
};
