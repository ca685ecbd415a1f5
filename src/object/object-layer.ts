/**
 * The ObjectLayer: buckets, objects, versions, multipart uploads and listing.
 * No HTTP, XML or SigV4 type crosses this line; s3/ handlers are thin adapters over it.
 * Errors are the domain errors of errors/domain-errors.ts.
 *
 * Contract v2: every operation is `op(req, ctx?)`: one request object (the address — bucket,
 * key, uploadId — plus the operation's parameters and body) and an optional OpContext (abort
 * signal, caller identity). Results are typed, with no property attached to a stream: a GET
 * whose body chunks are pooled buffers says so with `GetObjectResult.releaseChunk`.
 * The listing and multipart shapes live in list-types.ts and multipart-types.ts, re-exported here.
 */
import type { Readable } from 'node:stream';
import type { CustomerKey, EncryptionRequest, ObjectEncryption } from './sse/sse-contract.js';
import type { ListObjectsRequest, ListObjectsResult, ListObjectVersionsRequest, ListVersionsResult } from './list-types.js';

export type { CustomerKey, EncryptionRequest, ObjectEncryption, SseMode } from './sse/sse-contract.js';
import type { ResealOutcome, ResealRequest } from './sse/sse-reseal.js';
export type { DataKeyRewrap, ResealOutcome, ResealRequest } from './sse/sse-reseal.js';

export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';
export type ChecksumType = 'FULL_OBJECT' | 'COMPOSITE';

export interface BucketInfo {
  readonly name: string;
  readonly created: Date;
  readonly region: string;
  /** The owning account's id; absent for buckets created before accounts existed (the
   *  surfaces read that as the cluster account, `000000000000`). */
  readonly owner?: string;
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

/** Object Lock retention of one version (S3 Object Lock, "Retention modes"). */
export type ObjectLockMode = 'GOVERNANCE' | 'COMPLIANCE';

export interface ObjectRetention {
  readonly mode: ObjectLockMode;
  readonly retainUntil: Date;
}

/** Object Lock state of one version, stored in its record (object/object-lock-metadata.ts). */
export interface ObjectLockSettings {
  readonly retention?: ObjectRetention;
  /** true: legal hold ON; false: explicitly OFF; absent: never set. */
  readonly legalHold?: boolean;
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
  /** Object Lock retention / legal hold of this version; absent when none was ever set. */
  readonly objectLock?: ObjectLockSettings;
  /** Server-side encryption of the stored bytes (size, parts: plaintext figures). */
  readonly encryption?: ObjectEncryption;
}

export interface Conditions {
  readonly ifMatch?: string;           // etag or '*'
  readonly ifNoneMatch?: string;       // etag or '*'
  readonly ifModifiedSince?: Date;
  readonly ifUnmodifiedSince?: Date;
}

/**
 * Conditional delete (DeleteObject If-Match, x-amz-if-match-last-modified-time,
 * x-amz-if-match-size; DeleteObjects ETag / LastModifiedTime / Size): checked against the
 * version the delete addresses (versionId, else the latest entry, a delete marker included),
 * atomically with the delete. A key or version that does not exist satisfies them all.
 */
export interface DeleteConditions {
  readonly ifMatch?: string;           // etag or '*'
  /** Compared at one-second resolution (HTTP dates carry no milliseconds). */
  readonly ifMatchLastModifiedTime?: Date;
  readonly ifMatchSize?: number;
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

// ---- per-call context ----

/**
 * Who is calling: today the access key the request was signed with. IAM (users, groups,
 * policies) extends this type; the ObjectLayer's signatures stay as they are.
 */
export interface CallerIdentity {
  readonly accessKey: string;
  /** The caller's account (12 digits): MakeBucket records it as the bucket's owner. */
  readonly accountId?: string;
}

/**
 * What every ObjectLayer operation takes beside its request: facts about the call, not about
 * the data. `signal` aborts the operation (client gone): an aborted write leaves nothing
 * visible, an aborted GET destroys its body stream. `identity` is the caller. Server-side
 * encryption and audit are the next fields to come here, not new parameters.
 */
export interface OpContext {
  readonly signal?: AbortSignal;
  readonly identity?: CallerIdentity;
}

// ---- addresses ----

export interface BucketAddress {
  readonly bucket: string;
}

export interface ObjectAddress extends BucketAddress {
  readonly key: string;
}

export interface UploadAddress extends ObjectAddress {
  readonly uploadId: string;
}

// ---- bucket requests ----

export interface MakeBucketRequest extends BucketAddress {
  /** Region recorded on the bucket; the layer's region when absent. */
  readonly region?: string;
}

export type DeleteBucketRequest = BucketAddress;
export type HeadBucketRequest = BucketAddress;
/** No fields yet (prefix, pagination and owner filters would go here). */
export type ListBucketsRequest = Readonly<Record<string, never>>;

export interface GetBucketConfigRequest extends BucketAddress {
  /** Config document name: versioning, policy, lifecycle, cors, tagging, ... */
  readonly name: string;
}

export interface PutBucketConfigRequest extends GetBucketConfigRequest {
  /** undefined deletes the document. */
  readonly value: Buffer | undefined;
}

export interface CheckBucketQuotaRequest extends BucketAddress {
  /** Bytes the write would add. */
  readonly size: number;
}

// ---- object requests ----

/** What a write computes over the body and may check before it commits. */
export interface BodyChecks {
  /** Checksums to compute while storing. */
  readonly checksumAlgorithms?: readonly ChecksumAlgorithm[];
  /** Checksum to record (after beforeCommit accepted it). */
  readonly storeChecksum?: ChecksumAlgorithm;
  /**
   * Called once the whole body has been read and stored, before anything is committed.
   * Throwing (e.g. DigestMismatchError) aborts the write: nothing becomes visible.
   */
  readonly beforeCommit?: (digests: BodyDigests) => void | Promise<void>;
}

/** Metadata given to a new object (PutObject, CopyObject REPLACE, CreateMultipartUpload). */
export interface NewObjectMetadata {
  readonly contentType?: string;
  readonly userMetadata?: Readonly<Record<string, string>>;
  readonly systemMetadata?: Readonly<Record<string, string>>;
  readonly storageClass?: string;
  /** Object Lock retention / legal hold of the new version (explicit or the bucket default). */
  readonly objectLock?: ObjectLockSettings;
  /** Server-side encryption of the new object (object/sse/). */
  readonly encryption?: EncryptionRequest;
}

export interface PutObjectRequest extends ObjectAddress, NewObjectMetadata, BodyChecks {
  readonly body: Readable;
  /** Declared length; -1 when unknown (streamed). A mismatch is IncompleteBodyError. */
  readonly size: number;
  /** Create a new version (bucket versioning Enabled) instead of replacing the null version. */
  readonly versioned?: boolean;
  /** Conditional write (If-Match / If-None-Match), checked atomically at commit. */
  readonly conditions?: Pick<Conditions, 'ifMatch' | 'ifNoneMatch'>;
}

export interface GetObjectRequest extends ObjectAddress {
  readonly versionId?: string;
  readonly range?: RangeSpec;
  readonly partNumber?: number;
  readonly conditions?: Conditions;
  /** The key of an SSE-C object (required for one, refused for any other). */
  readonly customerKey?: CustomerKey;
}

export interface GetObjectResult {
  readonly info: ObjectInfo;
  /** The bytes served: whole object, or the resolved range / part. */
  readonly range?: ByteRange;
  /** Number of parts when partNumber was given. */
  readonly partsCount?: number;
  /** The bytes served as a stream (created on first access when `bytes` or `chunks` is set). */
  readonly body: Readable;
  /**
   * The same bytes already in memory (inline objects): a caller that can send a Buffer uses
   * this and never touches `body`, so no stream is built for a small GET.
   */
  readonly bytes?: Buffer;
  /** The same bytes read whole into pooled buffers (small data file), as `bytes`; see releaseChunk. */
  readonly chunks?: readonly Buffer[];
  /**
   * Present when `body`'s chunks (or `chunks`) are pooled read buffers: a consumer may hand each chunk back,
   * once, after its bytes were fully written (socket write callback), so later reads reuse the
   * buffer. Only the chunk objects `body` emitted are taken back; a chunk never released is
   * left to the GC (an allocation, never wrong bytes).
   */
  readonly releaseChunk?: (chunk: Buffer) => void;
}

export interface HeadObjectRequest extends ObjectAddress {
  readonly versionId?: string;
  readonly partNumber?: number;
  readonly conditions?: Conditions;
  readonly customerKey?: CustomerKey;
}

export interface DeleteObjectRequest extends ObjectAddress {
  readonly versionId?: string;
  /** Bucket versioning state: 'Enabled' adds a delete marker; 'Suspended' a null delete marker. */
  readonly versioning?: 'Enabled' | 'Suspended' | 'Unversioned';
  readonly conditions?: DeleteConditions;
  /** The caller sent x-amz-bypass-governance-retention: true AND may s3:BypassGovernanceRetention.
   *  Lets a version under GOVERNANCE retention be removed; never COMPLIANCE or a legal hold. */
  readonly bypassGovernanceRetention?: boolean;
}

/** What CopyObject / UploadPartCopy made, and which source version it read (x-amz-copy-source-version-id). */
export interface CopiedObjectInfo extends ObjectInfo { readonly sourceVersionId: string }
export interface CopiedPartInfo extends PartInfo { readonly sourceVersionId: string }

export interface DeleteObjectResult {
  readonly versionId?: string;
  readonly isDeleteMarker: boolean;
}

/** The object a copy reads (CopyObject, UploadPartCopy). */
export interface CopySource extends ObjectAddress {
  readonly versionId?: string;
  /** x-amz-copy-source-if-*: every failure is 412 (copy semantics). */
  readonly conditions?: Conditions;
  /** x-amz-copy-source-server-side-encryption-customer-*: the source's SSE-C key. */
  readonly customerKey?: CustomerKey;
}

/** bucket/key are the destination. */
export interface CopyObjectRequest extends ObjectAddress, NewObjectMetadata {
  readonly source: CopySource;
  /** 'COPY' keeps the source's metadata; 'REPLACE' uses the NewObjectMetadata fields. */
  readonly metadataDirective: 'COPY' | 'REPLACE';
  /** Tags (x-amz-tagging-directive) from the other side than the metadata: 'source' (of the version
   *  copied) under REPLACE, 'request' (none when absent) under COPY. Default: with the metadata. */
  readonly tagsFrom?: 'source' | 'request';
  readonly versioned?: boolean;
  readonly checksumAlgorithms?: readonly ChecksumAlgorithm[];
  readonly storeChecksum?: ChecksumAlgorithm;
  readonly conditions?: Pick<Conditions, 'ifMatch' | 'ifNoneMatch'>;
  /** The copy's ACL document (the source's is never copied); none when undefined. */
  readonly acl?: string;
}

export interface UpdateObjectTagsRequest extends ObjectAddress {
  /** The version to tag; the latest when absent. */
  readonly versionId?: string;
  /** The new tag set (replaces the old one); undefined or {} removes all tags. Stored in
   *  systemMetadata['x-amz-tagging'] as `k1=v1&k2=v2` (URL-query encoded). */
  readonly tags: Readonly<Record<string, string>> | undefined;
}

export interface UpdateObjectAclRequest extends ObjectAddress {
  /** The version; the latest when absent. */
  readonly versionId?: string;
  /** The ACL document (the S3 surface's JSON form); undefined removes it. Stored in
   *  systemMetadata['x-cairn-acl']. */
  readonly acl: string | undefined;
}

/**
 * Changes the Object Lock state of exactly one version in place (PutObjectRetention,
 * PutObjectLegalHold). Shortening or removing GOVERNANCE retention needs
 * `bypassGovernanceRetention`; active COMPLIANCE retention can only be extended (else
 * ObjectLockedError).
 */
export interface UpdateObjectLockRequest extends ObjectAddress {
  /** The version; the latest when absent. */
  readonly versionId?: string;
  /** New retention; `null` removes it; absent leaves it as it is. */
  readonly retention?: ObjectRetention | null;
  /** New legal hold status; absent leaves it as it is. */
  readonly legalHold?: boolean;
  readonly bypassGovernanceRetention?: boolean;
}

// ---- listing: object/list-types.ts ----

export type { BucketListing, ListObjectsRequest, ListObjectsResult, ListObjectVersionsRequest, ListVersionsResult } from './list-types.js';

// ---- multipart: object/multipart-types.ts ----

export type {
  AbortMultipartUploadRequest, CompleteMultipartUploadRequest, CompletePart, CopyObjectPartRequest, CopyPartSource,
  CreateMultipartUploadRequest, ListMultipartUploadsRequest, ListPartsRequest, ListPartsResult, ListUploadsResult,
  MultipartUploadInfo, PartInfo, PutObjectPartRequest,
} from './multipart-types.js';
import type {
  AbortMultipartUploadRequest, CompleteMultipartUploadRequest, CopyObjectPartRequest, CreateMultipartUploadRequest,
  ListMultipartUploadsRequest, ListPartsRequest, ListPartsResult, ListUploadsResult, MultipartUploadInfo, PartInfo,
  PutObjectPartRequest,
} from './multipart-types.js';

/**
 * Every operation takes one request (what to do: address + parameters) and an optional
 * OpContext (who asks, abort signal). Adding a parameter adds a request field; adding a
 * cross-cutting concern adds an OpContext field.
 */
export interface ObjectLayer {
  // buckets
  makeBucket(req: MakeBucketRequest, ctx?: OpContext): Promise<void>;
  deleteBucket(req: DeleteBucketRequest, ctx?: OpContext): Promise<void>;
  headBucket(req: HeadBucketRequest, ctx?: OpContext): Promise<BucketInfo>;
  listBuckets(req?: ListBucketsRequest, ctx?: OpContext): Promise<BucketInfo[]>;
  /** Per-bucket config documents (versioning, policy, lifecycle, cors, tagging, ...). */
  getBucketConfig(req: GetBucketConfigRequest, ctx?: OpContext): Promise<Buffer | undefined>;
  putBucketConfig(req: PutBucketConfigRequest, ctx?: OpContext): Promise<void>;
  /**
   * Rejects with BucketQuotaExceededError when `size` more bytes would take the bucket past
   * its hard quota (the `quota` config document). PutObject, CopyObject, UploadPart(Copy) and
   * CompleteMultipartUpload check it themselves before storing; a surface that learns a
   * size before calling them (a POST upload) may check it earlier.
   */
  checkBucketQuota(req: CheckBucketQuotaRequest, ctx?: OpContext): Promise<void>;

  // objects
  putObject(req: PutObjectRequest, ctx?: OpContext): Promise<ObjectInfo>;
  getObject(req: GetObjectRequest, ctx?: OpContext): Promise<GetObjectResult>;
  headObject(req: HeadObjectRequest, ctx?: OpContext): Promise<ObjectInfo>;
  deleteObject(req: DeleteObjectRequest, ctx?: OpContext): Promise<DeleteObjectResult>;
  copyObject(req: CopyObjectRequest, ctx?: OpContext): Promise<CopiedObjectInfo>;
  /** Rewrites the tags of exactly one version in place (same versionId, data, ETag and
   *  Last-Modified). Delete marker: VersionIsDeleteMarkerError (by versionId) or
   *  ObjectDeletedError (latest); unknown: VersionNotFoundError / ObjectNotFoundError. */
  updateObjectTags(req: UpdateObjectTagsRequest, ctx?: OpContext): Promise<ObjectInfo>;
  /** Rewrites the ACL document of exactly one version in place, as updateObjectTags. */
  updateObjectAcl(req: UpdateObjectAclRequest, ctx?: OpContext): Promise<ObjectInfo>;
  /** Sets the retention and/or legal hold of one version in place (same data, ETag, mtime).
   *  Refused with ObjectLockedError where the lock rules forbid it (object/object-lock-rules.ts). */
  updateObjectLock(req: UpdateObjectLockRequest, ctx?: OpContext): Promise<ObjectInfo>;
  /** After a KMS key rotation: re-seals the KMS data key of one version (or pending upload)
   *  with the key's newest version; only the record changes (object/sse/sse-reseal.ts). */
  resealDataKey(req: ResealRequest, ctx?: OpContext): Promise<ResealOutcome>;

  // listing
  listObjects(req: ListObjectsRequest, ctx?: OpContext): Promise<ListObjectsResult>;
  listObjectVersions(req: ListObjectVersionsRequest, ctx?: OpContext): Promise<ListVersionsResult>;

  // multipart
  createMultipartUpload(req: CreateMultipartUploadRequest, ctx?: OpContext): Promise<MultipartUploadInfo>;
  putObjectPart(req: PutObjectPartRequest, ctx?: OpContext): Promise<PartInfo>;
  /** UploadPartCopy: copies (a range of) an existing object into a part. */
  copyObjectPart(req: CopyObjectPartRequest, ctx?: OpContext): Promise<CopiedPartInfo>;
  listParts(req: ListPartsRequest, ctx?: OpContext): Promise<ListPartsResult>;
  listMultipartUploads(req: ListMultipartUploadsRequest, ctx?: OpContext): Promise<ListUploadsResult>;
  completeMultipartUpload(req: CompleteMultipartUploadRequest, ctx?: OpContext): Promise<ObjectInfo>;
  abortMultipartUpload(req: AbortMultipartUploadRequest, ctx?: OpContext): Promise<void>;

  /** Stops background workers and closes drives. */
  close(): Promise<void>;
}
