/**
 * ErasureObjectLayer: the ObjectLayer over the erasure sets of a Storage.
 *
 * Design (keep this true; details at the top of each file):
 *
 * Metadata (per drive, LMDB via Drive.meta*, keys ordered by UTF-8 bytes; meta-keys.ts):
 *   b/<bucket>           bucket record, every drive of the deployment          (buckets.ts)
 *   c/<bucket>/<name>    bucket config docs, every drive                        (buckets.ts)
 *   o/<bucket>/<key>     object record with ALL versions of the key, on every drive of the
 *                        key's set (storage/format/object-record.ts)
 *   d/<dataId>           reverse index of a data dir, written in the same metaUpdate as the
 *                        record that references it (orphans = data dirs without one)
 *   u/<bucket>/...       pending multipart uploads (multipart/)
 * Every value starts with a format header (magic, kind, version; storage/format/).
 *
 * Objects: versions newest first by (mtime, writeId). A version's bytes are either inline in
 * the record (each drive holds its own erasure shard; bodies < inlineThreshold, 64 KiB) or in
 * `data/<ab>/<dataId>/part.<N>` shard files (ids.ts).
 *
 * Put (put-object.ts): inline → encodeInline, one synced commit per drive. Larger → writeShards
 * to tmp/<uuid>/part.1 → rename to the data dir → commit the record on the set's drives in
 * parallel (commit-version.ts; writeQuorum or rollback + QuorumError) → answer → remove the
 * data dir of the replaced version. beforeCommit, size and signal failures leave nothing.
 *
 * Concurrency: each drive applies a deterministic merge (record-merge.ts) inside metaUpdate, so
 * concurrent writes converge on the same winner on every drive; an in-process per-key lock
 * serializes read-check-commit (conditional writes, deletes, overwrites). Readers see whole
 * records (LMDB transactions).
 *
 * Reads (record-quorum.ts): every online drive of the set is read; the record agreed by
 * readQuorum drives with the newest latest version or removal wins (record-recency.ts; a
 * tombstone left by a hard delete reads as not found); disagreeing drives → onHealNeeded.
 * Get (get-object.ts): ranges, partNumber, conditions (conditions.ts), inline / single file /
 * part-after-part streams. Delete (delete-object.ts) and copy (copy-object.ts) follow S3's
 * versioning rules. Listing (list-objects.ts, list-versions.ts, list-merge.ts): range scans with
 * delimiter seeking over n - writeQuorum + 1 drives per set, k-way merged across sets; a key
 * whose scanned copies disagree is settled by the same quorum read as GET.
 * Multipart (multipart/): one free function per operation over the same context and commit
 * path; per-upload locks are LayerContext.uploadLocks.
 *
 * Contract v2 (object-layer.ts): every method takes its request and an optional OpContext and
 * hands them to one free function `(layerContext, req, op?)`. The OpContext goes to the
 * operations that use it (the abort signal of put, get, part upload and the copies); the
 * caller's identity is not used by this layer yet.
 */
import { checkBucketQuota } from './bucket-quota.js';
import type { Storage } from '../storage/storage.js';
import * as buckets from './buckets.js';
import { copyObject } from './copy-object.js';
import { deleteObject } from './delete-object.js';
import { getObject, headObject } from './get-object.js';
import { createLayerContext, type ErasureObjectLayerOptions, type LayerContext } from './layer-context.js';
import { listObjects } from './list-objects.js';
import { listObjectVersions } from './list-versions.js';
import * as multipart from './multipart/index.js';
import type {
  AbortMultipartUploadRequest, BucketInfo, CheckBucketQuotaRequest, CompleteMultipartUploadRequest, CopiedObjectInfo, CopiedPartInfo,
  CopyObjectPartRequest, CopyObjectRequest,
  CreateMultipartUploadRequest, DeleteBucketRequest, DeleteObjectRequest, DeleteObjectResult, GetBucketConfigRequest,
  GetObjectRequest, GetObjectResult, HeadBucketRequest, HeadObjectRequest, ListBucketsRequest, ListMultipartUploadsRequest,
  ListObjectsRequest, ListObjectsResult, ListObjectVersionsRequest, ListPartsRequest, ListPartsResult, ListUploadsResult,
  ListVersionsResult, MakeBucketRequest, MultipartUploadInfo, ObjectInfo, ObjectLayer, OpContext, PartInfo,
  PutBucketConfigRequest, PutObjectPartRequest, PutObjectRequest, UpdateObjectTagsRequest, UpdateObjectAclRequest, UpdateObjectLockRequest,
} from './object-layer.js';
import { putObject } from './put-object.js';
import { updateObjectLock } from './update-object-lock.js';
import { updateObjectTags } from './update-object-tags.js';
import { resealDataKey, type ResealRequest, type ResealOutcome } from './sse/sse-reseal.js';
import { updateObjectAcl } from './update-object-acl.js';

export type { ErasureObjectLayerOptions } from './layer-context.js';

export class ErasureObjectLayer implements ObjectLayer {
  readonly #ctx: LayerContext;
  #closed = false;

  constructor(storage: Storage, opts: ErasureObjectLayerOptions = {}) {
    this.#ctx = createLayerContext(storage, opts);
  }

  /** The shared internals (for workers such as healing that build on the same formats). */
  get context(): LayerContext { return this.#ctx; }

  // ---- buckets ----
  makeBucket(req: MakeBucketRequest, op?: OpContext): Promise<void> { return buckets.makeBucket(this.#ctx, req, op?.identity?.accountId); }
  /** Objects left: BucketNotEmpty. Pending uploads only: they are aborted with the bucket, as AWS does. */
  deleteBucket(req: DeleteBucketRequest, _op?: OpContext): Promise<void> {
    return buckets.deleteBucket(this.#ctx, req, (bucket) => multipart.abortBucketUploads(this.#ctx, bucket));
  }
  headBucket(req: HeadBucketRequest, _op?: OpContext): Promise<BucketInfo> { return buckets.headBucket(this.#ctx, req); }
  listBuckets(_req?: ListBucketsRequest, _op?: OpContext): Promise<BucketInfo[]> { return buckets.listBuckets(this.#ctx); }
  getBucketConfig(req: GetBucketConfigRequest, _op?: OpContext): Promise<Buffer | undefined> { return buckets.getBucketConfig(this.#ctx, req); }
  putBucketConfig(req: PutBucketConfigRequest, _op?: OpContext): Promise<void> { return buckets.putBucketConfig(this.#ctx, req); }
  checkBucketQuota(req: CheckBucketQuotaRequest, _op?: OpContext): Promise<void> { return checkBucketQuota(this.#ctx, req); }

  // ---- objects ----
  putObject(req: PutObjectRequest, op?: OpContext): Promise<ObjectInfo> { return putObject(this.#ctx, req, op); }
  getObject(req: GetObjectRequest, op?: OpContext): Promise<GetObjectResult> { return getObject(this.#ctx, req, op); }
  headObject(req: HeadObjectRequest, _op?: OpContext): Promise<ObjectInfo> { return headObject(this.#ctx, req); }
  deleteObject(req: DeleteObjectRequest, _op?: OpContext): Promise<DeleteObjectResult> { return deleteObject(this.#ctx, req); }
  copyObject(req: CopyObjectRequest, op?: OpContext): Promise<CopiedObjectInfo> { return copyObject(this.#ctx, req, op); }
  updateObjectTags(req: UpdateObjectTagsRequest, _op?: OpContext): Promise<ObjectInfo> { return updateObjectTags(this.#ctx, req); }
  resealDataKey(req: ResealRequest, _op?: OpContext): Promise<ResealOutcome> { return resealDataKey(this.#ctx, req, req.rewrap); }
  updateObjectAcl(req: UpdateObjectAclRequest, _op?: OpContext): Promise<ObjectInfo> { return updateObjectAcl(this.#ctx, req); }
  updateObjectLock(req: UpdateObjectLockRequest, _op?: OpContext): Promise<ObjectInfo> { return updateObjectLock(this.#ctx, req); }

  // ---- listing ----
  listObjects(req: ListObjectsRequest, _op?: OpContext): Promise<ListObjectsResult> { return listObjects(this.#ctx, req); }
  listObjectVersions(req: ListObjectVersionsRequest, _op?: OpContext): Promise<ListVersionsResult> {
    return listObjectVersions(this.#ctx, req);
  }

  // ---- multipart (multipart/) ----
  createMultipartUpload(req: CreateMultipartUploadRequest, _op?: OpContext): Promise<MultipartUploadInfo> {
    return multipart.createMultipartUpload(this.#ctx, req);
  }
  putObjectPart(req: PutObjectPartRequest, op?: OpContext): Promise<PartInfo> { return multipart.putObjectPart(this.#ctx, req, op); }
  copyObjectPart(req: CopyObjectPartRequest, op?: OpContext): Promise<CopiedPartInfo> { return multipart.copyObjectPart(this.#ctx, req, op); }
  listParts(req: ListPartsRequest, _op?: OpContext): Promise<ListPartsResult> { return multipart.listParts(this.#ctx, req); }
  listMultipartUploads(req: ListMultipartUploadsRequest, _op?: OpContext): Promise<ListUploadsResult> {
    return multipart.listMultipartUploads(this.#ctx, req);
  }
  completeMultipartUpload(req: CompleteMultipartUploadRequest, _op?: OpContext): Promise<ObjectInfo> {
    return multipart.completeMultipartUpload(this.#ctx, req);
  }
  abortMultipartUpload(req: AbortMultipartUploadRequest, _op?: OpContext): Promise<void> {
    return multipart.abortMultipartUpload(this.#ctx, req);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#ctx.storage.close();
  }
}
