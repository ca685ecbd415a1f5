/**
 * PutObjectTagging: PUT /bucket/key?tagging with a Tagging document; replaces the whole tag
 * set (at most 10 tags; see common/object-tags.ts for the limits). 200 with
 * x-amz-version-id (versioned bucket or ?versionId). The in-place rewrite of one version
 * (latest or ?versionId, any versioning state) is in replace-object-tags.ts.
 */
import { S3Error } from '../../../errors/s3-error.js';
import type { Handler } from '../handler.js';
import { readXmlBody } from '../../xml/read-body.js';
import { parseTaggingDocument } from '../../xml/shapes/tagging.js';
import { requireObject, versionIdParam } from '../common/object-key.js';
import { callerContext } from '../common/op-context.js';
import { validateTags } from '../common/object-tags.js';
import { replaceObjectTags, taggingVersionHeader } from './replace-object-tags.js';

export const putObjectTagging: Handler = async (req, ctx) => {
  const { bucket, key } = requireObject(req);
  const versionId = versionIdParam(req);
  const doc = await readXmlBody(req);
  if (doc === undefined) throw new S3Error('MissingRequestBodyError');
  const tags = validateTags(parseTaggingDocument(doc));
  const info = await replaceObjectTags(ctx, { bucket, key, versionId, tags }, callerContext(req));
  const headers: Record<string, string> = { 'content-length': '0' };
  Object.assign(headers, await taggingVersionHeader(ctx, info, versionId));
  return { status: 200, headers };
};
