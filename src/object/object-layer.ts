/**
 * The ObjectLayer: buckets, objects, versions, multipart uploads and listing.
 * No HTTP, XML or SigV4 type crosses this line; s3/ handlers are thin adapters over it.
 * Errors are the domain errors of errors/domain-errors.ts.
 */
import type { Readable } from 'node:stream';

export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';
export type ChecksumType = 'FULL_OBJECT' | 'COMPOSITE';

export interface BucketInfo {
  readonly name: string;
  readonly created: Date;
  readonly region: string;
}

/** Digests computed over a body while it is stored. */
export interface BodyDigests {
  readonly size: number;
  readonly md5: Buffer;
  /** Only the algorithms requested in `checksumAlgorithms`; raw digest bytes. */
  readonly checksums: Partial<Record<ChecksumAlgorithm, Buffer>>;
}

/** Stored checksum of an object (base64 value as S3 returns it). */
export interface StoredChecksum {
  readonly algorithm: ChecksumAlgorithm;
  readonly type: ChecksumType;
  /** base64; for COMPOSITE it carries the `-N` suffix. */
  readonly value: string;
}

export interface ObjectPart {
  readonly number: number;
  readonly size: number;
  readonly etag: string;              // hex md5, no quotes
  readonly checksum?: StoredChecksum;
}

export interface ObjectInfo {
  readonly bucket: string;
  readonly key: string;
  /** 'null' for the null version. */
  readonly versionId: string;
  readonly isLatest: boolean;
  readonly isDeleteMarker: boolean;
  readonly size: number;
  /** Without quotes: hex md5, or `hex-N` for multipart. */
  readonly etag: string;
  readonly lastModified: Date;
  readonly contentType: string;
  /** Lower-cased names without the x-amz-meta- prefix. */
  readonly userMetadata: Readonly<Record<string, string>>;
  /** cache-control, content-disposition, content-encoding, content-language, expires,
   *  x-amz-website-redirect-location, ... exactly as given (lower-cased names). */
  readonly systemMetadata: Readonly<Record<string, string>>;
  readonly storageClass: string;
  readonly checksum?: StoredChecksum;
  /** Present for multipart objects. */
  readonly parts?: readonly ObjectPart[];
}

export interface Conditions {
  readonly ifMatch?: string;           // etag or '*'
  readonly ifNoneMatch?: string;       // etag or '*'
  readonly ifModifiedSince?: Date;
  readonly ifUnmodifiedSince?: Date;
}

export interface PutObjectOptions {
  /** Declared length; -1 when unknown (streamed). A mismatch is IncompleteBodyError. */
  readonly size: number;
  readonly contentType?: string;
  readonly userMetadata?: Readonly<Record<string, string>>;
  readonly systemMetadata?: Readonly<Record<string, string>>;
  readonly storageClass?: string;
  /** Create a new version (bucket versioning Enabled) instead of replacing the null version. */
  readonly versioned?: boolean;
  /** Checksums to compute while storing. */
  readonly checksumAlgorithms?: readonly ChecksumAlgorithm[];
  /** Checksum to record on the object (after beforeCommit accepted it). */
  readonly storeChecksum?: ChecksumAlgorithm;
  /**
   * Called once the whole body has been read and stored, before anything is committed.
   * Throwing (e.g. DigestMismatchError) aborts the write: nothing becomes visible.
   */
  readonly beforeCommit?: (digests: BodyDigests) => void | Promise<void>;
  /** Conditional write (If-Match / If-None-Match), checked atomically at commit. */
  readonly conditions?: Pick<Conditions, 'ifMatch' | 'ifNoneMatch'>;
  /** Aborts the write (client gone): nothing becomes visible. */
  readonly signal?: AbortSignal;
}

export interface ByteRange {
  /** Inclusive first byte. */
  readonly start: number;
  /** Inclusive last byte. */
  readonly end: number;
}

/** Range as the client asked for it; resolved against the object size by the layer. */
export type RangeSpec =
  | { readonly kind: 'bounded'; readonly start: number; readonly end: number }   // bytes=a-b
  | { readonly kind: 'open'; readonly start: number }                            // bytes=a-
  | { readonly kind: 'suffix'; readonly length: number };                        // bytes=-n

export interface GetObjectOptions {
  readonly versionId?: string;
  readonly range?: RangeSpec;
  readonly partNumber?: number;
  readonly conditions?: Conditions;
  readonly signal?: AbortSignal;
}

export interface GetObjectResult {
  readonly info: ObjectInfo;
  /** The bytes served: whole object, or the resolved range / part. */
  readonly range?: ByteRange;
  /** Number of parts when partNumber was given. */
  readonly partsCount?: number;
  /** The bytes served as a stream (created on first access when `bytes` is set). */
  readonly body: Readable;
  /**
   * The same bytes already in memory (inline objects): a caller that can send a Buffer uses
   * this and never touches `body`, so no stream is built for a small GET.
   */
  readonly bytes?: Buffer;
}

export interface HeadObjectOptions {
  readonly versionId?: string;
  readonly partNumber?: number;
  readonly conditions?: Conditions;
}

export interface DeleteObjectOptions {
  readonly versionId?: string;
  /** Bucket versioning state: 'Enabled' adds a delete marker; 'Suspended' a null delete marker. */
  readonly versioning?: 'Enabled' | 'Suspended' | 'Unversioned';
  readonly conditions?: Pick<Conditions, 'ifMatch'>;
}

export interface DeleteObjectResult {
  readonly versionId?: string;
  readonly isDeleteMarker: boolean;
}

export interface CopyObjectOptions {
  readonly sourceVersionId?: string;
  readonly sourceConditions?: Conditions;
  /** 'COPY' keeps source metadata; 'REPLACE' uses the fields below. */
  readonly metadataDirective: 'COPY' | 'REPLACE';
  readonly contentType?: string;
  readonly userMetadata?: Readonly<Record<string, string>>;
  readonly systemMetadata?: Readonly<Record<string, string>>;
  readonly storageClass?: string;
  readonly versioned?: boolean;
  readonly checksumAlgorithms?: readonly ChecksumAlgorithm[];
  readonly storeChecksum?: ChecksumAlgorithm;
  readonly conditions?: Pick<Conditions, 'ifMatch' | 'ifNoneMatch'>;
}

export interface UpdateObjectTagsOptions {
  /** The version to tag; the latest when absent. */
  readonly versionId?: string;
  /** The new tag set (replaces the old one); undefined or {} removes all tags. Stored in
   *  systemMetadata['x-amz-tagging'] as `k1=v1&k2=v2` (URL-query encoded). */
  readonly tags: Readonly<Record<string, string>> | undefined;
}

export interface ListObjectsOptions {
  readonly prefix?: string;
  readonly delimiter?: string;
  /** Exclusive: list keys strictly after this (marker / start-after / continuation). */
  readonly after?: string;
  readonly maxKeys: number;
}

export interface ListObjectsResult {
  readonly objects: ObjectInfo[];
  readonly commonPrefixes: string[];
  readonly isTruncated: boolean;
  /** Last key or common prefix returned; resume after it. */
  readonly nextMarker?: string;
}

export interface ListVersionsOptions {
  readonly prefix?: string;
  readonly delimiter?: string;
  readonly keyMarker?: string;
  readonly versionIdMarker?: string;
  readonly maxKeys: number;
}

export interface ListVersionsResult {
  /** Versions and delete markers, newest first within a key. */
  readonly versions: ObjectInfo[];
  readonly commonPrefixes: string[];
  readonly isTruncated: boolean;
  readonly nextKeyMarker?: string;
  readonly nextVersionIdMarker?: string;
}

export interface MultipartUploadInfo {
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  readonly initiated: Date;
  readonly storageClass: string;
  readonly checksumAlgorithm?: ChecksumAlgorithm;
  readonly checksumType?: ChecksumType;
}

export interface CreateMultipartOptions {
  readonly contentType?: string;
  readonly userMetadata?: Readonly<Record<string, string>>;
  readonly systemMetadata?: Readonly<Record<string, string>>;
  readonly storageClass?: string;
  readonly checksumAlgorithm?: ChecksumAlgorithm;
  readonly checksumType?: ChecksumType;
}

export interface PutPartOptions {
  readonly size: number;
  readonly checksumAlgorithms?: readonly ChecksumAlgorithm[];
  readonly storeChecksum?: ChecksumAlgorithm;
  readonly beforeCommit?: (digests: BodyDigests) => void | Promise<void>;
  readonly signal?: AbortSignal;
}

export interface PartInfo {
  readonly partNumber: number;
  readonly size: number;
  readonly etag: string;
  readonly lastModified: Date;
  readonly checksum?: StoredChecksum;
}

export interface ListPartsOptions {
  readonly partNumberMarker?: number;
  readonly maxParts: number;
}

export interface ListPartsResult {
  readonly upload: MultipartUploadInfo;
  readonly parts: PartInfo[];
  readonly isTruncated: boolean;
  readonly nextPartNumberMarker?: number;
}

export interface ListUploadsOptions {
  readonly prefix?: string;
  readonly delimiter?: string;
  readonly keyMarker?: string;
  readonly uploadIdMarker?: string;
  readonly maxUploads: number;
}

export interface ListUploadsResult {
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

export interface CompleteMultipartOptions {
  readonly versioned?: boolean;
  readonly conditions?: Pick<Conditions, 'ifMatch' | 'ifNoneMatch'>;
  /** Full-object checksum the client declared for the whole object, if any (base64). */
  readonly expectedChecksum?: string;
}

export interface ObjectLayer {
  // buckets
  makeBucket(bucket: string, opts?: { region?: string }): Promise<void>;
  deleteBucket(bucket: string): Promise<void>;
  headBucket(bucket: string): Promise<BucketInfo>;
  listBuckets(): Promise<BucketInfo[]>;
  /** Per-bucket config documents (versioning, policy, lifecycle, cors, tagging, ...). */
  getBucketConfig(bucket: string, name: string): Promise<Buffer | undefined>;
  /** value undefined deletes the document. */
  putBucketConfig(bucket: string, name: string, value: Buffer | undefined): Promise<void>;

  // objects
  putObject(bucket: string, key: string, body: Readable, opts: PutObjectOptions): Promise<ObjectInfo>;
  getObject(bucket: string, key: string, opts?: GetObjectOptions): Promise<GetObjectResult>;
  headObject(bucket: string, key: string, opts?: HeadObjectOptions): Promise<ObjectInfo>;
  deleteObject(bucket: string, key: string, opts?: DeleteObjectOptions): Promise<DeleteObjectResult>;
  copyObject(srcBucket: string, srcKey: string, dstBucket: string, dstKey: string, opts: CopyObjectOptions): Promise<ObjectInfo>;
  /** Rewrites the tags of exactly one version in place (same versionId, data, ETag and
   *  Last-Modified). Delete marker: VersionIsDeleteMarkerError (by versionId) or
   *  ObjectDeletedError (latest); unknown: VersionNotFoundError / ObjectNotFoundError. */
  updateObjectTags(bucket: string, key: string, opts: UpdateObjectTagsOptions): Promise<ObjectInfo>;

  // listing
  listObjects(bucket: string, opts: ListObjectsOptions): Promise<ListObjectsResult>;
  listObjectVersions(bucket: string, opts: ListVersionsOptions): Promise<ListVersionsResult>;

  // multipart
  createMultipartUpload(bucket: string, key: string, opts: CreateMultipartOptions): Promise<MultipartUploadInfo>;
  putObjectPart(bucket: string, key: string, uploadId: string, partNumber: number, body: Readable, opts: PutPartOptions): Promise<PartInfo>;
  /** UploadPartCopy: copies (a range of) an existing object into a part. */
  copyObjectPart(
    src: { bucket: string; key: string; versionId?: string; range?: ByteRange; conditions?: Conditions },
    dst: { bucket: string; key: string; uploadId: string; partNumber: number },
  ): Promise<PartInfo>;
  listParts(bucket: string, key: string, uploadId: string, opts: ListPartsOptions): Promise<ListPartsResult>;
  listMultipartUploads(bucket: string, opts: ListUploadsOptions): Promise<ListUploadsResult>;
  completeMultipartUpload(bucket: string, key: string, uploadId: string, parts: readonly CompletePart[], opts: CompleteMultipartOptions): Promise<ObjectInfo>;
  abortMultipartUpload(bucket: string, key: string, uploadId: string): Promise<void>;

  /** Stops background workers and closes drives. */
  close(): Promise<void>;
}
