/**
 * ListParts: GET /bucket/key?uploadId=X&max-parts&part-number-marker.
 * max-parts defaults to and is clamped at 1,000; part-number-marker is a non-negative integer.
 * Initiator and Owner: the account that will own the object (upload-owner.ts).
 */
import type { Handler } from '../handler.js';
import { listPartsResultXml } from '../../xml/shapes/list-parts-result.js';
import { queryInteger } from '../common/header-value.js';
import { parsePageSize } from '../common/list-params.js';
import { requireObject } from '../common/object-key.js';
import { uploadIdParam } from '../common/multipart-params.js';
import { callerContext } from '../common/op-context.js';
import { bucketOwner } from '../common/owner.js';
import { uploadOwners } from './upload-owner.js';

export const listParts: Handler = async (req, ctx) => {
  const { bucket, key } = requireObject(req);
  const uploadId = uploadIdParam(req);
  const maxParts = parsePageSize(req.query, 'max-parts');
  const partNumberMarker = queryInteger(req.query, 'part-number-marker', { min: 0, max: 2_147_483_647 }) ?? 0;
  // The parts do not name the bucket's owner: its record is read beside them.
  const [result, info] = await Promise.all([
    ctx.objects.listParts({
      bucket, key, uploadId,
      maxParts,
      ...(partNumberMarker > 0 ? { partNumberMarker } : {}),
    }, callerContext(req)),
    ctx.objects.headBucket({ bucket }, callerContext(req)),
  ]);
  const owner = bucketOwner(req, ctx, info.owner);
  const uploadOwner = (await uploadOwners(req, ctx, bucket, [result.upload], owner))(result.upload) ?? owner;
  return {
    status: 200,
    headers: { 'content-type': 'application/xml' },
    body: listPartsResultXml({ result, partNumberMarker, maxParts, owner: uploadOwner }),
  };
};
