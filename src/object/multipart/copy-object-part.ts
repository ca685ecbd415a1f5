/**
 * UploadPartCopy: read (a range of) an existing object through the object layer's GET and
 * store it as a part, exactly like an uploaded body. S3 requires the source range to lie
 * inside the source object (no clamping as for a GET), and a part of at most 5 GiB. Source
 * conditions (x-amz-copy-source-if-*) follow the copy-source rules of conditions.ts.
 */
import { EntityTooLargeError, InvalidPartNumberError, InvalidRangeError } from '../../errors/domain-errors.js';
import { checkReadConditions } from '../conditions.js';
import type { ByteRange, Conditions, PartInfo } from '../object-layer.js';
import type { MultipartRuntime } from './multipart-context.js';
import { MAX_PART_SIZE, putObjectPart } from './put-object-part.js';
import { readUpload } from './upload-io.js';
import { isValidPartNumber } from './upload-record.js';

export interface CopyPartSource {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly range?: ByteRange;
  readonly conditions?: Conditions;
}

export interface CopyPartTarget {
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  readonly partNumber: number;
}

export async function copyObjectPart(rt: MultipartRuntime, src: CopyPartSource, dst: CopyPartTarget): Promise<PartInfo> {
  if (!isValidPartNumber(dst.partNumber)) throw new InvalidPartNumberError(dst.partNumber);
  // Fail fast on a missing upload before opening the source.
  await readUpload(rt.layer.storage.setFor(dst.bucket, dst.key), dst.bucket, dst.key, dst.uploadId);
  const got = await rt.getObject(src.bucket, src.key, {
    ...(src.versionId !== undefined ? { versionId: src.versionId } : {}),
    ...(src.range ? { range: { kind: 'bounded', start: src.range.start, end: src.range.end } } : {}),
  });
  try {
    // Copy-source conditions: a "not modified" outcome is 412 too, not 304.
    checkReadConditions({ etag: got.info.etag, lastModified: got.info.lastModified }, src.conditions, 'copy-source');
    const r = src.range;
    if (r && (r.start < 0 || r.end < r.start || r.end >= got.info.size)) throw new InvalidRangeError(got.info.size);
    const size = got.range ? got.range.end - got.range.start + 1 : got.info.size;
    if (size > MAX_PART_SIZE) throw new EntityTooLargeError(MAX_PART_SIZE);
    return await putObjectPart(rt, dst.bucket, dst.key, dst.uploadId, dst.partNumber, got.body, { size });
  } finally {
    got.body.destroy();
  }
}
