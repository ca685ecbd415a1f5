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
 * the record (each drive holds its own erasure shard; bodies < inlineThreshold, 128 KiB) or in
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
 * Multipart (multipart/): MultipartService over the same context and commit path.
 */
import type { Readable } from 'node:stream';
import type { Storage } from '../storage/storage.js';
import * as buckets from './buckets.js';
import { copyObject } from './copy-object.js';
import { deleteObject } from './delete-object.js';
import { getObject, headObject } from './get-object.js';
import { createLayerContext, type ErasureObjectLayerOptions, type LayerContext } from './layer-context.js';
import { listObjects } from './list-objects.js';
import { listObjectVersions } from './list-versions.js';
import { MultipartService } from './multipart/index.js';
import type {
  BucketInfo, CompleteMultipartOptions, CompletePart, CopyObjectOptions, CreateMultipartOptions,
  DeleteObjectOptions, DeleteObjectResult, GetObjectOptions, GetObjectResult, HeadObjectOptions,
  ListObjectsOptions, ListObjectsResult, ListPartsOptions, ListPartsResult, ListUploadsOptions,
  ListUploadsResult, ListVersionsOptions, ListVersionsResult, MultipartUploadInfo, ObjectInfo,
  ObjectLayer, PartInfo, PutObjectOptions, PutPartOptions, UpdateObjectTagsOptions,
} from './object-layer.js';
import { putObject } from './put-object.js';
import { updateObjectTags } from './update-object-tags.js';

export type { ErasureObjectLayerOptions } from './layer-context.js';

export class ErasureObjectLayer implements ObjectLayer {
  readonly #ctx: LayerContext;
  readonly #multipart: MultipartService;
  #closed = false;

  constructor(storage: Storage, opts: ErasureObjectLayerOptions = {}) {
    this.#ctx = createLayerContext(storage, opts);
    this.#multipart = new MultipartService(this.#ctx, (b, k, o) => this.getObject(b, k, o));
  }

  /** The shared internals (for workers such as healing that build on the same formats). */
  get context(): LayerContext { return this.#ctx; }

  // ---- buckets ----
  makeBucket(bucket: string, opts?: { region?: string }): Promise<void> { return buckets.makeBucket(this.#ctx, bucket, opts?.region); }
  deleteBucket(bucket: string): Promise<void> { return buckets.deleteBucket(this.#ctx, bucket); }
  headBucket(bucket: string): Promise<BucketInfo> { return buckets.headBucket(this.#ctx, bucket); }
  listBuckets(): Promise<BucketInfo[]> { return buckets.listBuckets(this.#ctx); }
  getBucketConfig(bucket: string, name: string): Promise<Buffer | undefined> { return buckets.getBucketConfig(this.#ctx, bucket, name); }
  putBucketConfig(bucket: string, name: string, value: Buffer | undefined): Promise<void> {
    return buckets.putBucketConfig(this.#ctx, bucket, name, value);
  }

  // ---- objects ----
  putObject(bucket: string, key: string, body: Readable, opts: PutObjectOptions): Promise<ObjectInfo> {
    return putObject(this.#ctx, bucket, key, body, opts);
  }
  getObject(bucket: string, key: string, opts?: GetObjectOptions): Promise<GetObjectResult> { return getObject(this.#ctx, bucket, key, opts); }
  headObject(bucket: string, key: string, opts?: HeadObjectOptions): Promise<ObjectInfo> { return headObject(this.#ctx, bucket, key, opts); }
  deleteObject(bucket: string, key: string, opts?: DeleteObjectOptions): Promise<DeleteObjectResult> {
    return deleteObject(this.#ctx, bucket, key, opts);
  }
  copyObject(srcBucket: string, srcKey: string, dstBucket: string, dstKey: string, opts: CopyObjectOptions): Promise<ObjectInfo> {
    return copyObject(this.#ctx, srcBucket, srcKey, dstBucket, dstKey, opts);
  }
  updateObjectTags(bucket: string, key: string, opts: UpdateObjectTagsOptions): Promise<ObjectInfo> {
    return updateObjectTags(this.#ctx, bucket, key, opts);
  }

  // ---- listing ----
  listObjects(bucket: string, opts: ListObjectsOptions): Promise<ListObjectsResult> { return listObjects(this.#ctx, bucket, opts); }
  listObjectVersions(bucket: string, opts: ListVersionsOptions): Promise<ListVersionsResult> {
    return listObjectVersions(this.#ctx, bucket, opts);
  }

  // ---- multipart (multipart/) ----
  createMultipartUpload(bucket: string, key: string, opts: CreateMultipartOptions): Promise<MultipartUploadInfo> {
    return this.#multipart.createMultipartUpload(bucket, key, opts);
  }
  putObjectPart(bucket: string, key: string, uploadId: string, partNumber: number, body: Readable, opts: PutPartOptions): Promise<PartInfo> {
    return this.#multipart.putObjectPart(bucket, key, uploadId, partNumber, body, opts);
  }
  copyObjectPart(src: Parameters<ObjectLayer['copyObjectPart']>[0], dst: Parameters<ObjectLayer['copyObjectPart']>[1]): Promise<PartInfo> {
    return this.#multipart.copyObjectPart(src, dst);
  }
  listParts(bucket: string, key: string, uploadId: string, opts: ListPartsOptions): Promise<ListPartsResult> {
    return this.#multipart.listParts(bucket, key, uploadId, opts);
  }
  listMultipartUploads(bucket: string, opts: ListUploadsOptions): Promise<ListUploadsResult> {
    return this.#multipart.listMultipartUploads(bucket, opts);
  }
  completeMultipartUpload(
    bucket: string, key: string, uploadId: string, parts: readonly CompletePart[], opts: CompleteMultipartOptions,
  ): Promise<ObjectInfo> {
    return this.#multipart.completeMultipartUpload(bucket, key, uploadId, parts, opts);
  }
  abortMultipartUpload(bucket: string, key: string, uploadId: string): Promise<void> {
    return this.#multipart.abortMultipartUpload(bucket, key, uploadId);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#ctx.storage.close();
  }
}
