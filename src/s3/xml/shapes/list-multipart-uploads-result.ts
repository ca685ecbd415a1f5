/**
 * ListMultipartUploadsResult, element order of the AWS examples: Bucket, KeyMarker,
 * UploadIdMarker, NextKeyMarker, NextUploadIdMarker, Delimiter, Prefix, MaxUploads,
 * IsTruncated, Upload* (Key, UploadId, Initiator, Owner, StorageClass, Initiated,
 * ChecksumAlgorithm, ChecksumType), CommonPrefixes*, EncodingType.
 */
import type { ListUploadsResult, MultipartUploadInfo } from '../../../object/object-layer.js';
import { toXml } from '../build-xml.js';
import { encodeName, type EncodingType } from './encoding-type.js';
import { appendCommonPrefixes, ENTRY_BYTES_HINT, encodingTypeXml, listingDocument, ownerXml, uploadXml } from './list-entries.js';
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
  /** The owner of an upload whose object another account will own (ObjectWriter ownership); undefined for `owner`. */
  readonly uploadOwner?: (u: MultipartUploadInfo) => Owner | undefined;
}

export function listMultipartUploadsResultXml(r: ListMultipartUploadsOutput): Buffer {
  const enc = r.encodingType;
  const head = toXml('ListMultipartUploadsResult', {
    Bucket: r.bucket,
    KeyMarker: encodeName(r.keyMarker, enc),
    UploadIdMarker: r.uploadIdMarker,
    NextKeyMarker: encodeName(r.result.nextKeyMarker ?? '', enc),
    NextUploadIdMarker: r.result.nextUploadIdMarker ?? '',
    Delimiter: encodeName(r.delimiter, enc),
    Prefix: encodeName(r.prefix, enc),
    MaxUploads: r.maxUploads,
    IsTruncated: r.result.isTruncated,
  });
  // Upload*, CommonPrefixes*, EncodingType in one pass (list-entries.ts).
  const initiator = ownerXml(r.owner, 'Initiator');
  const ownerElement = ownerXml(r.owner);
  return listingDocument(head, 'ListMultipartUploadsResult', (out) => {
    for (const u of r.result.uploads) {
      const own = r.uploadOwner?.(u);
      out.append(own === undefined ? uploadXml(u, enc, initiator, ownerElement) : uploadXml(u, enc, ownerXml(own, 'Initiator'), ownerXml(own)));
    }
    appendCommonPrefixes(out, r.result.commonPrefixes, enc);
    out.append(encodingTypeXml(enc));
  }, r.result.uploads.length + r.result.commonPrefixes.length, ENTRY_BYTES_HINT + initiator.length);
}
