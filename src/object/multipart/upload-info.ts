/** Conversions from multipart records to the ObjectLayer's result shapes. */
import type { MultipartUploadInfo, PartInfo } from '../object-layer.js';
import { partStoredChecksum } from './multipart-checksums.js';
import type { PartRecord, UploadRecord } from './upload-record.js';
import type { UploadListing } from './upload-record-fast.js';
import { plainSizeOf } from '../sse/sse-body.js';
import { hasSse, objectEncryptionOf, storedEncryptionOf } from '../sse/sse-metadata.js';

/** The upload `u` of `bucket` (a whole record, or what a listing decoded of one). */
export function toUploadInfo(u: UploadListing, bucket: string): MultipartUploadInfo {
  return {
    bucket,
    key: u.key,
    uploadId: u.uploadId,
    initiated: new Date(u.initiated),
    storageClass: u.storageClass,
    ...(u.checksumAlgorithm ? { checksumAlgorithm: u.checksumAlgorithm } : {}),
    ...(u.checksumType ? { checksumType: u.checksumType } : {}),
    ...(hasSse(u.systemMetadata) ? { encryption: objectEncryptionOf(storedEncryptionOf(u.systemMetadata)!) } : {}),
  };
}

export function toPartInfo(u: UploadRecord, p: PartRecord): PartInfo {
  const checksum = partStoredChecksum(u, p);
  return {
    partNumber: p.partNumber,
    size: hasSse(u.systemMetadata) ? plainSizeOf(p.size) : p.size, // an encrypted part's record holds its stored size
    etag: p.etag,
    lastModified: new Date(p.mtime),
    ...(checksum ? { checksum } : {}),
    ...(hasSse(u.systemMetadata) ? { encryption: objectEncryptionOf(storedEncryptionOf(u.systemMetadata)!) } : {}),
  };
}
