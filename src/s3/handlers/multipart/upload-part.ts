/**
 * UploadPart: PUT /bucket/key?partNumber=N&uploadId=X with a streamed body. Length, size cap,
 * Content-MD5 and checksum headers/trailers as PutObject; answers the part's quoted ETag and
 * its checksum header when one was sent.
 */
import type { Handler } from '../handler.js';
import { checksumWriteOptions, parseChecksumHeaders, CHECKSUM_ALGORITHMS } from '../common/checksum-headers.js';
import { requireObject } from '../common/object-key.js';
import { uploadIdParam, uploadPartNumberParam } from '../common/multipart-params.js';
import { abortableContext } from '../common/op-context.js';
import { declaredUploadSize } from '../common/upload-limits.js';
import { CUSTOMER_PREFIX, parseCustomerKey, sseResponseHeaders } from '../common/sse-headers.js';

export const uploadPart: Handler = async (req, ctx) => {
  const { bucket, key } = requireObject(req);
  const uploadId = uploadIdParam(req);
  const partNumber = uploadPartNumberParam(req);
  const size = declaredUploadSize(req);
  const checksums = checksumWriteOptions(parseChecksumHeaders(req.headers), req.trailers);
  const customerKey = parseCustomerKey(req.headers, CUSTOMER_PREFIX, req.secure === true);
  const part = await ctx.objects.putObjectPart({
    bucket, key, uploadId, partNumber, body: req.body, size, ...checksums, ...(customerKey !== undefined ? { customerKey } : {}),
  }, abortableContext(req));
  const headers: Record<string, string> = { etag: `"${part.etag}"`, ...sseResponseHeaders(part.encryption) };
  if (part.checksum !== undefined) headers[CHECKSUM_ALGORITHMS[part.checksum.algorithm].header] = part.checksum.value;
  return { status: 200, headers };
};
