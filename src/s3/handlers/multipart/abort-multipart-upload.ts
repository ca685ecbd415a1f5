/** AbortMultipartUpload: DELETE /bucket/key?uploadId=X -> 204; NoSuchUpload when unknown. */
import type { Handler } from '../handler.js';
import { requireObject } from '../common/object-key.js';
import { uploadIdParam } from '../common/multipart-params.js';
import { callerContext } from '../common/op-context.js';

export const abortMultipartUpload: Handler = async (req, ctx) => {
  const { bucket, key } = requireObject(req);
  const uploadId = uploadIdParam(req);
  await ctx.objects.abortMultipartUpload({ bucket, key, uploadId }, callerContext(req));
  return { status: 204 };
};
