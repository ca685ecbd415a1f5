/**
 * ListObjects (v1): GET /bucket?prefix&delimiter&marker&max-keys&encoding-type.
 * NextMarker is returned only when a delimiter was given and the list is truncated (AWS);
 * without a delimiter clients resume after the last Key. Every Contents carries Owner (the
 * bucket owner's account).
 * max-keys=0 answers an empty, untruncated page after checking the bucket exists.
 */
import type { Handler } from '../handler.js';
import { listObjectsV1Xml } from '../../xml/shapes/list-objects-result.js';
import { requireBucket } from '../common/object-key.js';
import { callerContext } from '../common/op-context.js';
import { bucketOwner } from '../common/owner.js';
import { listObjectsPage, optionalParam, parseDelimiter, parseEncodingType, parsePageSize, parsePrefix } from '../common/list-params.js';

export const listObjects: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const prefix = parsePrefix(req.query);
  const delimiter = parseDelimiter(req.query);
  const marker = optionalParam(req.query, 'marker');
  const maxKeys = parsePageSize(req.query, 'max-keys');
  const encodingType = parseEncodingType(req.query);

  const page = await listObjectsPage(ctx.objects, { bucket, maxKeys, prefix, delimiter, after: marker }, callerContext(req));
  const body = listObjectsV1Xml({
    name: bucket,
    prefix,
    marker: marker ?? '',
    ...(delimiter !== undefined && page.isTruncated && page.nextMarker !== undefined ? { nextMarker: page.nextMarker } : {}),
    maxKeys,
    ...(delimiter !== undefined ? { delimiter } : {}),
    isTruncated: page.isTruncated,
    contents: page.objects,
    commonPrefixes: page.commonPrefixes,
    encodingType,
    owner: bucketOwner(req, ctx, page.bucketOwner),
  });
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
};
