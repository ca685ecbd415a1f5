/**
 * DeleteObject: DELETE /bucket/key[?versionId]. 204 always (deleting a missing key is not an
 * error in S3); x-amz-version-id names the version removed or the delete marker created,
 * x-amz-delete-marker: true when a marker was created or removed. A version under Object Lock
 * is refused by the layer (403 AccessDenied); x-amz-bypass-governance-retention (with the
 * permission) lifts GOVERNANCE retention only.
 */
import type { Handler } from '../handler.js';
import { normalizeEtagList } from '../common/conditions.js';
import { nonEmptyHeader } from '../common/header-value.js';
import { requireObject, versionIdParam } from '../common/object-key.js';
import { callerContext } from '../common/op-context.js';
import { bucketVersioning } from '../common/versioning.js';

export const deleteObject: Handler = async (req, ctx) => {
  const { bucket, key } = requireObject(req);
  const versionId = versionIdParam(req);
  const ifMatch = normalizeEtagList(nonEmptyHeader(req.headers, 'if-match'));
  const versioning = await bucketVersioning(ctx.objects, bucket);
  const result = await ctx.objects.deleteObject({
    bucket,
    key,
    versioning,
    ...(versionId !== undefined ? { versionId } : {}),
    ...(ifMatch !== undefined ? { conditions: { ifMatch } } : {}),
    bypassGovernanceRetention: req.bypassGovernanceRetention === true,
  }, callerContext(req));
  const headers: Record<string, string> = {};
  if (result.versionId !== undefined) headers['x-amz-version-id'] = result.versionId;
  if (result.isDeleteMarker) headers['x-amz-delete-marker'] = 'true';
  return { status: 204, headers };
};
