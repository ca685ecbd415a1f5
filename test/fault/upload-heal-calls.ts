/**
 * The ObjectLayer multipart calls of the upload-heal tests, in one place: the layer's method
 * signatures are being moved to request objects, and only this file has to follow.
 */
import { Readable } from 'node:stream';
import type { ObjectLayer, ObjectInfo, PartInfo } from '../../src/object/index.js';
import { BUCKET } from './fault-harness.js';

export interface UploadedPart {
  readonly partNumber: number;
  readonly data: Buffer;
  readonly etag: string;
}

export async function createUpload(layer: ObjectLayer, key: string): Promise<string> {
  return (await layer.createMultipartUpload({ bucket: BUCKET, key })).uploadId;
}

export async function putPart(layer: ObjectLayer, key: string, uploadId: string, part: { partNumber: number; data: Buffer }): Promise<UploadedPart> {
  const info = await layer.putObjectPart({
    bucket: BUCKET, key, uploadId, partNumber: part.partNumber, body: Readable.from([part.data]), size: part.data.length,
  });
  return { ...part, etag: info.etag };
}

export async function listAllParts(layer: ObjectLayer, key: string, uploadId: string): Promise<PartInfo[]> {
  return (await layer.listParts({ bucket: BUCKET, key, uploadId, maxParts: 1000 })).parts;
}

export async function completeUpload(layer: ObjectLayer, key: string, uploadId: string, parts: readonly UploadedPart[]): Promise<ObjectInfo> {
  return layer.completeMultipartUpload({ bucket: BUCKET, key, uploadId, parts: parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag })) });
}

export async function abortUpload(layer: ObjectLayer, key: string, uploadId: string): Promise<void> {
  await layer.abortMultipartUpload({ bucket: BUCKET, key, uploadId });
}

/** The uploadIds of the bucket's pending uploads. */
export async function pendingUploadIds(layer: ObjectLayer): Promise<string[]> {
  return (await layer.listMultipartUploads({ bucket: BUCKET, maxUploads: 1000 })).uploads.map((u) => u.uploadId);
}
