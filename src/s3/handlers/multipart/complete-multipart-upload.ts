/**
 * CompleteMultipartUpload: POST /bucket/key?uploadId=X with <CompleteMultipartUpload>.
 * A malformed or empty part list is MalformedXML; part order, existence, ETag match and the
 * 5 MiB minimum are the layer's (InvalidPartOrder / InvalidPart / EntityTooSmall), as is
 * NoSuchUpload. An x-amz-checksum-<alg> header declares the whole object's checksum.
 * Write conditions (If-None-Match: * / If-Match) apply to the destination key. SSE-C headers
 * are optional (AWS asks for them only with checksums); when sent they must carry the upload's key.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Handler } from '../handler.js';
import { readXmlBody } from '../../xml/read-body.js';
import {
  completeMultipartUploadResultXml, parseCompleteMultipartUpload,
} from '../../xml/shapes/complete-multipart-upload.js';
import { CHECKSUM_ALGORITHMS } from '../common/checksum-headers.js';
import { parseWriteConditions } from '../common/conditions.js';
import { nonEmptyHeader } from '../common/header-value.js';
import { requireObject } from '../common/object-key.js';
import { uploadIdParam } from '../common/multipart-params.js';
import { callerContext } from '../common/op-context.js';
import { bucketKeyVersioning } from '../common/versioning.js';
import { expirationHeader } from '../common/expiration-header.js';
import { CUSTOMER_PREFIX, parseCustomerKey, sseResponseHeaders } from '../common/sse-headers.js';

/** The base64 whole-object checksum declared in an x-amz-checksum-<alg> header, if any. */
export function declaredObjectChecksum(headers: IncomingHttpHeaders): string | undefined {
  for (const { header } of Object.values(CHECKSUM_ALGORITHMS)) {
    const value = nonEmptyHeader(headers, header);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** `http://host/bucket/key` of the completed object (path style, key segments encoded). */
export function objectLocation(headers: IncomingHttpHeaders, bucket: string, key: string): string {
  const host = nonEmptyHeader(headers, 'host') ?? 'localhost';
  const scheme = nonEmptyHeader(headers, 'x-forwarded-proto') === 'https' ? 'https' : 'http';
  return `${scheme}://${host}/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

export const completeMultipartUpload: Handler = async (req, ctx) => {
  const { bucket, key } = requireObject(req);
  const uploadId = uploadIdParam(req);
  const conditions = parseWriteConditions(req.headers);
  const expectedChecksum = declaredObjectChecksum(req.headers);
  const customerKey = parseCustomerKey(req.headers, CUSTOMER_PREFIX, req.secure === true);
  const parts = parseCompleteMultipartUpload(await readXmlBody(req));
  const versioning = await bucketKeyVersioning(ctx.objects, bucket, key);
  const info = await ctx.objects.completeMultipartUpload({
    bucket,
    key,
    uploadId,
    parts,
    versioned: versioning === 'Enabled',
    ...(conditions !== undefined ? { conditions } : {}),
    ...(expectedChecksum !== undefined ? { expectedChecksum } : {}),
    ...(customerKey !== undefined ? { customerKey } : {}),
  }, callerContext(req));
  const headers: Record<string, string> = {
    'content-type': 'application/xml', ...(await expirationHeader(ctx, info)), ...sseResponseHeaders(info.encryption),
  };
  if (info.versionId !== 'null' || versioning !== 'Unversioned') headers['x-amz-version-id'] = info.versionId;
  const body = completeMultipartUploadResultXml({
    location: objectLocation(req.headers, bucket, key),
    bucket,
    key,
    etag: info.etag,
    ...(info.checksum !== undefined ? { checksum: info.checksum } : {}),
  });
  return { status: 200, headers, body };
};
