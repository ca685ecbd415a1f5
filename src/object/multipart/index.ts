/**
 * Multipart uploads of the erasure object layer. ErasureObjectLayer delegates the seven
 * multipart methods of ObjectLayer to one MultipartService:
 *
 *   const multipart = new MultipartService(layerContext, (b, k, o) => this.getObject(b, k, o));
 *
 * Records and files: see upload-record.ts. One file per operation.
 */
import type { Readable } from 'node:stream';
import type { LayerContext } from '../layer-context.js';
import type {
  CompleteMultipartOptions, CompletePart, CreateMultipartOptions, ListPartsOptions, ListPartsResult,
  ListUploadsOptions, ListUploadsResult, MultipartUploadInfo, ObjectInfo, ObjectLayer, PartInfo, PutPartOptions,
} from '../object-layer.js';
import { abortMultipartUpload } from './abort-multipart-upload.js';
import { completeMultipartUpload } from './complete-multipart-upload.js';
import { copyObjectPart } from './copy-object-part.js';
import { createMultipartUpload } from './create-multipart-upload.js';
import { listMultipartUploads } from './list-multipart-uploads.js';
import { listParts } from './list-parts.js';
import type { GetObjectFn, MultipartRuntime } from './multipart-context.js';
import { putObjectPart } from './put-object-part.js';

export { MIN_PART_SIZE, multipartEtag } from './complete-multipart-upload.js';
export { MAX_PART_SIZE } from './put-object-part.js';
export { uploadsPrefix } from './upload-record.js';
export type { GetObjectFn, MultipartRuntime } from './multipart-context.js';

type MultipartMethods = Pick<ObjectLayer,
  | 'createMultipartUpload' | 'putObjectPart' | 'copyObjectPart' | 'listParts'
  | 'listMultipartUploads' | 'completeMultipartUpload' | 'abortMultipartUpload'>;

export class MultipartService implements MultipartMethods {
  readonly #rt: MultipartRuntime;

  constructor(layer: LayerContext, getObject: GetObjectFn) {
    this.#rt = { layer, getObject, uploadLocks: layer.uploadLocks }; // shared with object/heal's healUpload
  }

  createMultipartUpload(bucket: string, key: string, opts: CreateMultipartOptions): Promise<MultipartUploadInfo> {
    return createMultipartUpload(this.#rt, bucket, key, opts);
  }

  putObjectPart(bucket: string, key: string, uploadId: string, partNumber: number, body: Readable, opts: PutPartOptions): Promise<PartInfo> {
    return putObjectPart(this.#rt, bucket, key, uploadId, partNumber, body, opts);
  }

  copyObjectPart(
    src: Parameters<ObjectLayer['copyObjectPart']>[0], dst: Parameters<ObjectLayer['copyObjectPart']>[1],
  ): Promise<PartInfo> {
    return copyObjectPart(this.#rt, src, dst);
  }

  listParts(bucket: string, key: string, uploadId: string, opts: ListPartsOptions): Promise<ListPartsResult> {
    return listParts(this.#rt, bucket, key, uploadId, opts);
  }

  listMultipartUploads(bucket: string, opts: ListUploadsOptions): Promise<ListUploadsResult> {
    return listMultipartUploads(this.#rt, bucket, opts);
  }

  completeMultipartUpload(
    bucket: string, key: string, uploadId: string, parts: readonly CompletePart[], opts: CompleteMultipartOptions,
  ): Promise<ObjectInfo> {
    return completeMultipartUpload(this.#rt, bucket, key, uploadId, parts, opts);
  }

  abortMultipartUpload(bucket: string, key: string, uploadId: string): Promise<void> {
    return abortMultipartUpload(this.#rt, bucket, key, uploadId);
  }
}
