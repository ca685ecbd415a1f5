/** Conversions from multipart records to the ObjectLayer's result shapes. */
import type { MultipartUploadInfo, PartInfo } from '../object-layer.js';
import { partStoredChecksum } from './multipart-checksums.js';
import type { PartRecord, UploadListing, UploadRecord } from './upload-record.js';
import { plainSizeOf } from '../sse/sse-body.js';
import { hasSse, objectEncryptionOf, storedEncryptionOf } from '../sse/sse-metadata.js';

/** The upload `u` of `bucket` (a whole record, or what a listing decoded of one). */
export function toUploadInfo(u: UploadListing, bucket: string): MultipartUploadInfo {
  // Built field by field (a listing makes 1,000 a page: no spread of temporary objects).
  const info: { -readonly [K in keyof MultipartUploadInfo]: MultipartUploadInfo[K] } = {
    bucket, key: u.key, uploadId: u.uploadId, initiated: new Date(u.initiated), storageClass: u.storageClass,
    systemMetadata: u.systemMetadata,
  };
  if (u.checksumAlgorithm) info.checksumAlgorithm = u.checksumAlgorithm;
  if (u.checksumType) info.checksumType = u.checksumType;
  if (hasSse(u.systemMetadata)) info.encryption = objectEncryptionOf(storedEncryptionOf(u.systemMetadata)!);
  return info;
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
