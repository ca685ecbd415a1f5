/**
 * UploadPartCopy: read (a range of) an existing object with getObject (object/get-object.ts)
 * and store it as a part, exactly like an uploaded body. S3 requires the source range to lie
 * inside the source object (no clamping as for a GET), and a part of at most 5 GiB. Source
 * conditions (x-amz-copy-source-if-*) follow the copy-source rules of conditions.ts.
 */
import { EntityTooLargeError, InvalidPartNumberError, InvalidRangeError } from '../../errors/domain-errors.js';
import { checkReadConditions } from '../conditions.js';
import { getObject } from '../get-object.js';
import type { LayerContext } from '../layer-context.js';
import type { CopiedPartInfo, CopyObjectPartRequest, OpContext } from '../object-layer.js';
import { MAX_PART_SIZE, putObjectPart } from './put-object-part.js';
import { readUpload } from './upload-io.js';
import { isValidPartNumber } from './upload-record.js';

export async function copyObjectPart(ctx: LayerContext, req: CopyObjectPartRequest, op: OpContext = {}): Promise<CopiedPartInfo> {
  const { source: src, bucket, key, uploadId, partNumber } = req;
  if (!isValidPartNumber(partNumber)) throw new InvalidPartNumberError(partNumber);
  // Fail fast on a missing upload before opening the source.
  await readUpload(ctx.storage.setFor(bucket, key), req);
  const got = await getObject(ctx, {
    bucket: src.bucket,
    key: src.key,
    ...(src.versionId !== undefined ? { versionId: src.versionId } : {}),
    ...(src.range ? { range: { kind: 'bounded', start: src.range.start, end: src.range.end } } : {}),
    ...(src.customerKey ? { customerKey: src.customerKey } : {}),
  }, op);
  try {
    // Copy-source conditions: a "not modified" outcome is 412 too, not 304.
    checkReadConditions({ etag: got.info.etag, lastModified: got.info.lastModified }, src.conditions, 'copy-source');
    const r = src.range;
    if (r && (r.start < 0 || r.end < r.start || r.end >= got.info.size)) throw new InvalidRangeError(got.info.size);
    const size = got.range ? got.range.end - got.range.start + 1 : got.info.size;
    if (size > MAX_PART_SIZE) throw new EntityTooLargeError(MAX_PART_SIZE);
    const part = await putObjectPart(ctx, {
      bucket, key, uploadId, partNumber, body: got.body, size, ...(req.customerKey ? { customerKey: req.customerKey } : {}),
    }, op);
    return { ...part, sourceVersionId: got.info.versionId };
  } finally {
    got.body.destroy();
  }
}
