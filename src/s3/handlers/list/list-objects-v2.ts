/**
 * ListObjectsV2: GET /bucket?list-type=2&prefix&delimiter&continuation-token&start-after
 * &max-keys&fetch-owner&encoding-type.
 * The continuation token is opaque (base64url of the key to resume after); a token wins
 * over start-after. KeyCount counts Contents and CommonPrefixes; Owner only with
 * fetch-owner=true.
 */
import type { Handler } from '../handler.js';
import { listObjectsV2Xml } from '../../xml/shapes/list-objects-result.js';
import { requireBucket } from '../common/object-key.js';
import { callerContext } from '../common/op-context.js';
import { bucketOwner } from '../common/owner.js';
import {
  decodeContinuationToken, listObjectsPage, encodeContinuationToken, optionalParam, parseDelimiter, parseEncodingType,
  parsePageSize, parsePrefix,
} from '../common/list-params.js';

export const listObjectsV2: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const prefix = parsePrefix(req.query);
  const delimiter = parseDelimiter(req.query);
  const token = req.query.get('continuation-token');
  const startAfter = optionalParam(req.query, 'start-after');
  const maxKeys = parsePageSize(req.query, 'max-keys');
  const encodingType = parseEncodingType(req.query);
  const fetchOwner = req.query.get('fetch-owner')?.toLowerCase() === 'true';
  // An empty token is no token (the listing starts over, at start-after), and is echoed back.
  const after = token !== null && token !== '' ? decodeContinuationToken(token) : startAfter;

  const page = await listObjectsPage(ctx.objects, { bucket, maxKeys, prefix, delimiter, after }, callerContext(req));
  const body = listObjectsV2Xml({
    name: bucket,
    prefix,
    ...(startAfter !== undefined ? { startAfter } : {}),
    ...(token !== null ? { continuationToken: token } : {}),
    ...(page.isTruncated && page.nextMarker !== undefined ? { nextContinuationToken: encodeContinuationToken(page.nextMarker) } : {}),
    maxKeys,
    ...(delimiter !== undefined ? { delimiter } : {}),
    isTruncated: page.isTruncated,
    contents: page.objects,
    commonPrefixes: page.commonPrefixes,
    encodingType,
    ...(fetchOwner ? { owner: bucketOwner(req, ctx, page.bucketOwner) } : {}),
  });
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
};
