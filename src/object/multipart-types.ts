/**
 * The multipart requests and results of the ObjectLayer contract (object-layer.ts re-exports
 * them; the surfaces import them from there).
 */
import type { Readable } from 'node:stream';
import type { BucketListing } from './list-types.js';
import type {
  BodyChecks, BucketAddress, ByteRange, ChecksumAlgorithm, ChecksumType, Conditions, CopySource, CustomerKey, NewObjectMetadata, ObjectAddress,
  ObjectEncryption, StoredChecksum, UploadAddress,
} from './object-layer.js';

export interface MultipartUploadInfo {
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  readonly initiated: Date;
  readonly storageClass: string;
  readonly checksumAlgorithm?: ChecksumAlgorithm;
  readonly checksumType?: ChecksumType;
  readonly encryption?: ObjectEncryption;
  /** The upload's system metadata as CreateMultipartUpload stored it (read-only, shared with the record). */
  readonly systemMetadata: Readonly<Record<string, string>>;
}

export interface CreateMultipartUploadRequest extends ObjectAddress, NewObjectMetadata {
  readonly checksumAlgorithm?: ChecksumAlgorithm;
  readonly checksumType?: ChecksumType;
}

export interface PutObjectPartRequest extends UploadAddress, BodyChecks {
  readonly partNumber: number;
  readonly body: Readable;
  /** Declared length; -1 when unknown (streamed). */
  readonly size: number;
  /** SSE-C upload: the customer key, on every part. */
  readonly customerKey?: CustomerKey;
}

/** UploadPartCopy: S3 requires `range` to lie inside the source object (no clamping). */
export interface CopyPartSource extends CopySource {
  readonly range?: ByteRange;
}

export interface CopyObjectPartRequest extends UploadAddress {
  readonly partNumber: number;
  readonly source: CopyPartSource;
  /** SSE-C upload: the customer key of the destination upload. */
  readonly customerKey?: CustomerKey;
}

export interface PartInfo {
  readonly partNumber: number;
  readonly size: number;
  readonly etag: string;
  readonly lastModified: Date;
  readonly checksum?: StoredChecksum;
  readonly encryption?: ObjectEncryption;
}

export interface ListPartsRequest extends UploadAddress {
  readonly partNumberMarker?: number;
  readonly maxParts: number;
}

export interface ListPartsResult {
  readonly upload: MultipartUploadInfo;
  readonly parts: PartInfo[];
  readonly isTruncated: boolean;
  readonly nextPartNumberMarker?: number;
}

export interface ListMultipartUploadsRequest extends BucketAddress {
  readonly prefix?: string;
  readonly delimiter?: string;
  readonly keyMarker?: string;
  readonly uploadIdMarker?: string;
  readonly maxUploads: number;
}

export interface ListUploadsResult extends BucketListing {
  readonly uploads: MultipartUploadInfo[];
  readonly commonPrefixes: string[];
  readonly isTruncated: boolean;
  readonly nextKeyMarker?: string;
  readonly nextUploadIdMarker?: string;
}

export interface CompletePart {
  readonly partNumber: number;
  readonly etag: string;     // quotes already stripped
  readonly checksum?: string; // base64 of the declared part checksum, if any
}

export interface CompleteMultipartUploadRequest extends UploadAddress {
  readonly parts: readonly CompletePart[];
  readonly versioned?: boolean;
  readonly conditions?: Pick<Conditions, 'ifMatch' | 'ifNoneMatch'>;
  /** Full-object checksum the client declared for the whole object, if any (base64). */
  readonly expectedChecksum?: string;
  /**
   * The SSE-C key sent with the Complete, if any: it must be the upload's (AWS needs it only
   * with checksums or a bucket policy asking for it, so a Complete without one is accepted).
   */
  readonly customerKey?: CustomerKey;
}

export type AbortMultipartUploadRequest = UploadAddress;
