/**
 * DeleteObject: DELETE /bucket/key[?versionId]. 204 always (deleting a missing key is not an
 * error in S3); x-amz-version-id names the version removed or the delete marker created,
 * x-amz-delete-marker: true when a marker was created or removed. A version under Object Lock
 * is refused by the layer (403 AccessDenied); x-amz-bypass-governance-retention (with the
 * permission) lifts GOVERNANCE retention only. If-Match, x-amz-if-match-last-modified-time and
 * x-amz-if-match-size make it conditional (412 PreconditionFailed; see
 * common/delete-conditions.ts and object/delete-conditions.ts).
 */
import type { Handler } from '../handler.js';
import { deleteHeaderConditions } from '../common/delete-conditions.js';
import { requireObject, versionIdParam } from '../common/object-key.js';
import { callerContext } from '../common/op-context.js';
import { bucketKeyVersioning } from '../common/versioning.js';

export const deleteObject: Handler = async (req, ctx) => {
  const { bucket, key } = requireObject(req);
  const versionId = versionIdParam(req);
  const conditions = deleteHeaderConditions(req.headers);
  const versioning = await bucketKeyVersioning(ctx.objects, bucket, key);
  const result = await ctx.objects.deleteObject({
    bucket,
    key,
    versioning,
    ...(versionId !== undefined ? { versionId } : {}),
    ...(conditions !== undefined ? { conditions } : {}),
    bypassGovernanceRetention: req.bypassGovernanceRetention === true,
  }, callerContext(req));
  const headers: Record<string, string> = {};
  if (result.versionId !== undefined) headers['x-amz-version-id'] = result.versionId;
  if (result.isDeleteMarker) headers['x-amz-delete-marker'] = 'true';
  return { status: 204, headers };
};
