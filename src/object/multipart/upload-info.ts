/** Conversions from multipart records to the ObjectLayer's result shapes. */
import type { MultipartUploadInfo, PartInfo } from '../object-layer.js';
import { partStoredChecksum } from './multipart-checksums.js';
import type { PartRecord, UploadRecord } from './upload-record.js';

export function toUploadInfo(u: UploadRecord): MultipartUploadInfo {
  return {
    bucket: u.bucket,
    key: u.key,
    uploadId: u.uploadId,
    initiated: new Date(u.initiated),
    storageClass: u.storageClass,
    ...(u.checksumAlgorithm ? { checksumAlgorithm: u.checksumAlgorithm } : {}),
    ...(u.checksumType ? { checksumType: u.checksumType } : {}),
  };
}

export function toPartInfo(u: UploadRecord, p: PartRecord): PartInfo {
  const checksum = partStoredChecksum(u, p);
  return {
    partNumber: p.partNumber,
    size: p.size,
    etag: p.etag,
    lastModified: new Date(p.mtime),
    ...(checksum ? { checksum } : {}),
  };
}
