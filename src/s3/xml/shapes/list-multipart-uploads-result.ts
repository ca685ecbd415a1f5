/**
 * ListMultipartUploadsResult, element order of the AWS examples: Bucket, KeyMarker,
 * UploadIdMarker, NextKeyMarker, NextUploadIdMarker, Delimiter, Prefix, MaxUploads,
 * IsTruncated, Upload* (Key, UploadId, Initiator, Owner, StorageClass, Initiated,
 * ChecksumAlgorithm, ChecksumType), CommonPrefixes*, EncodingType.
 */
import type { ListUploadsResult } from '../../../object/object-layer.js';
import { toXml } from '../build-xml.js';
import { encodeName, type EncodingType } from './encoding-type.js';
import type { Owner } from './owner.js';

export interface ListMultipartUploadsOutput {
  readonly bucket: string;
  readonly keyMarker: string;
  readonly uploadIdMarker: string;
  readonly delimiter?: string;
  readonly prefix: string;
  readonly maxUploads: number;
  readonly result: ListUploadsResult;
  readonly encodingType: EncodingType;
  readonly owner: Owner;
}

export function listMultipartUploadsResultXml(r: ListMultipartUploadsOutput): string {
  const enc = r.encodingType;
  const owner = { ID: r.owner.ID, DisplayName: r.owner.DisplayName };
  return toXml('ListMultipartUploadsResult', {
    Bucket: r.bucket,
    KeyMarker: encodeName(r.keyMarker, enc),
    UploadIdMarker: r.uploadIdMarker,
    NextKeyMarker: encodeName(r.result.nextKeyMarker ?? '', enc),
    NextUploadIdMarker: r.result.nextUploadIdMarker ?? '',
    Delimiter: encodeName(r.delimiter, enc),
    Prefix: encodeName(r.prefix, enc),
    MaxUploads: r.maxUploads,
    IsTruncated: r.result.isTruncated,
    Upload: r.result.uploads.map((u) => ({
      Key: encodeName(u.key, enc),
      UploadId: u.uploadId,
      Initiator: owner,
      Owner: owner,
      StorageClass: u.storageClass,
      Initiated: u.initiated,
      ChecksumAlgorithm: u.checksumAlgorithm,
      ChecksumType: u.checksumType,
    })),
    CommonPrefixes: r.result.commonPrefixes.map((p) => ({ Prefix: encodeName(p, enc) })),
    EncodingType: enc,
  });
}
