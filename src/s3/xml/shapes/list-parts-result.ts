/**
 * ListPartsResult, element order of the AWS example: Bucket, Key, UploadId, Initiator,
 * Owner, StorageClass, PartNumberMarker, NextPartNumberMarker, MaxParts, IsTruncated,
 * Part* (PartNumber, LastModified, ETag, Size, Checksum<alg>), ChecksumAlgorithm, ChecksumType.
 */
import type { ListPartsResult } from '../../../object/object-layer.js';
import { toXml } from '../build-xml.js';
import { checksumElements } from './checksum-elements.js';
import type { Owner } from './owner.js';

export interface ListPartsOutput {
  readonly result: ListPartsResult;
  readonly partNumberMarker: number;
  readonly maxParts: number;
  readonly owner: Owner;
}

export function listPartsResultXml(r: ListPartsOutput): string {
  const { upload, parts, isTruncated, nextPartNumberMarker } = r.result;
  const lastShown = parts.length > 0 ? parts[parts.length - 1]!.partNumber : r.partNumberMarker;
  return toXml('ListPartsResult', {
    Bucket: upload.bucket,
    Key: upload.key,
    UploadId: upload.uploadId,
    Initiator: { ID: r.owner.ID, DisplayName: r.owner.DisplayName },
    Owner: { ID: r.owner.ID, DisplayName: r.owner.DisplayName },
    StorageClass: upload.storageClass,
    PartNumberMarker: r.partNumberMarker,
    NextPartNumberMarker: nextPartNumberMarker ?? lastShown,
    MaxParts: r.maxParts,
    IsTruncated: isTruncated,
    Part: parts.map((p) => ({
      PartNumber: p.partNumber,
      LastModified: p.lastModified,
      ETag: `"${p.etag}"`,
      Size: p.size,
      ...checksumElements(p.checksum),
    })),
    ChecksumAlgorithm: upload.checksumAlgorithm,
    ChecksumType: upload.checksumType,
  });
}
