/**
 * ListMultipartUploads: GET /bucket?uploads&prefix&delimiter&key-marker&upload-id-marker
 * &max-uploads&encoding-type. upload-id-marker is ignored without key-marker (AWS). Each
 * upload's Initiator and Owner: the account that will own its object (upload-owner.ts).
 */
import type { Handler } from '../handler.js';
import { listMultipartUploadsResultXml } from '../../xml/shapes/list-multipart-uploads-result.js';
import { optionalParam, parseDelimiter, parseEncodingType, parsePageSize, parsePrefix } from '../common/list-params.js';
import { requireBucket } from '../common/object-key.js';
import { callerContext } from '../common/op-context.js';
import { bucketOwner } from '../common/owner.js';
import { uploadOwners } from './upload-owner.js';

export const listMultipartUploads: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const prefix = parsePrefix(req.query);
  const delimiter = parseDelimiter(req.query);
  const keyMarker = optionalParam(req.query, 'key-marker');
  const uploadIdMarker = keyMarker === undefined ? undefined : optionalParam(req.query, 'upload-id-marker');
  const maxUploads = parsePageSize(req.query, 'max-uploads');
  const encodingType = parseEncodingType(req.query);
  // max-uploads=0: the layer checks the bucket and answers an empty page.
  const result = await ctx.objects.listMultipartUploads({
    bucket,
    maxUploads,
    ...(prefix !== '' ? { prefix } : {}),
    ...(delimiter !== undefined ? { delimiter } : {}),
    ...(keyMarker !== undefined ? { keyMarker } : {}),
    ...(uploadIdMarker !== undefined ? { uploadIdMarker } : {}),
  }, callerContext(req));
  const owner = bucketOwner(req, ctx, result.bucketOwner);
  const uploadOwner = await uploadOwners(req, ctx, bucket, result.uploads, owner);
  const body = listMultipartUploadsResultXml({
    bucket,
    keyMarker: keyMarker ?? '',
    uploadIdMarker: uploadIdMarker ?? '',
    ...(delimiter !== undefined ? { delimiter } : {}),
    prefix,
    maxUploads,
    result,
    encodingType,
    owner,
    uploadOwner,
  });
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
};
