/**
 * UploadPartCopy: read (a range of) an existing object through the object layer's GET and
 * store it as a part, exactly like an uploaded body. S3 requires the source range to lie
 * inside the source object (no clamping as for a GET), and a part of at most 5 GiB.
 */
import { EntityTooLargeError, InvalidPartNumberError, InvalidRangeError } from '../../errors/domain-errors.js';
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
  if (src.range && (src.range.start < 0 || src.range.end < src.range.start)) throw new InvalidRangeError(-1);
  // Fail fast on a missing upload before opening the source.
  await readUpload(rt.layer.storage.setFor(dst.bucket, dst.key), dst.bucket, dst.key, dst.uploadId);
  const got = await rt.getObject(src.bucket, src.key, {
    ...(src.versionId !== undefined ? { versionId: src.versionId } : {}),
    ...(src.range ? { range: { kind: 'bounded', start: src.range.start, end: src.range.end } } : {}),
    ...(src.conditions ? { conditions: src.conditions } : {}),
  });
  try {
    if (src.range && src.range.end >= got.info.size) throw new InvalidRangeError(got.info.size);
    const size = got.range ? got.range.end - got.range.start + 1 : got.info.size;
    if (size > MAX_PART_SIZE) throw new EntityTooLargeError(MAX_PART_SIZE);
    return await putObjectPart(rt, dst.bucket, dst.key, dst.uploadId, dst.partNumber, got.body, { size });
  } finally {
    got.body.destroy();
  }
}
