/**
 * ListObjectVersions: GET /bucket?versions&prefix&delimiter&key-marker&version-id-marker
 * &max-keys&encoding-type. Versions and delete markers come interleaved in listing order
 * (keys ascending, newest version first within a key) with IsLatest.
 * A version-id-marker needs a key-marker (InvalidArgument otherwise, as AWS).
 */
import { S3Error } from '../../../errors/s3-error.js';
import type { Handler } from '../handler.js';
import { listObjectVersionsXml } from '../../xml/shapes/list-object-versions-result.js';
import { requireBucket } from '../common/object-key.js';
import { callerContext } from '../common/op-context.js';
import { bucketOwner } from '../common/owner.js';
import { optionalParam, parseDelimiter, parseEncodingType, parsePageSize, parsePrefix } from '../common/list-params.js';

export const listObjectVersions: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const prefix = parsePrefix(req.query);
  const delimiter = parseDelimiter(req.query);
  const keyMarker = optionalParam(req.query, 'key-marker');
  const versionIdMarker = optionalParam(req.query, 'version-id-marker');
  const maxKeys = parsePageSize(req.query, 'max-keys');
  const encodingType = parseEncodingType(req.query);
  if (versionIdMarker !== undefined && keyMarker === undefined) {
    throw new S3Error('InvalidArgument', {
      message: 'A version-id marker cannot be specified without a key marker.',
      extra: { ArgumentName: 'version-id-marker', ArgumentValue: versionIdMarker },
    });
  }

  // max-keys=0: the layer checks the bucket and answers an empty page.
  const page = await ctx.objects.listObjectVersions({
    bucket,
    maxKeys,
    ...(prefix !== '' ? { prefix } : {}),
    ...(delimiter !== undefined ? { delimiter } : {}),
    ...(keyMarker !== undefined ? { keyMarker } : {}),
    ...(versionIdMarker !== undefined ? { versionIdMarker } : {}),
  }, callerContext(req));
  const body = listObjectVersionsXml({
    name: bucket,
    prefix,
    keyMarker: keyMarker ?? '',
    versionIdMarker: versionIdMarker ?? '',
    ...(page.isTruncated && page.nextKeyMarker !== undefined ? { nextKeyMarker: page.nextKeyMarker } : {}),
    ...(page.isTruncated && page.nextVersionIdMarker !== undefined ? { nextVersionIdMarker: page.nextVersionIdMarker } : {}),
    maxKeys,
    ...(delimiter !== undefined ? { delimiter } : {}),
    isTruncated: page.isTruncated,
    versions: page.versions,
    commonPrefixes: page.commonPrefixes,
    encodingType,
    owner: bucketOwner(req, ctx, page.bucketOwner),
  });
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
};
