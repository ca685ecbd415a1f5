/**
 * The bucket quota check for a handler that learns an upload's size before it hands the body
 * to the object layer (a browser POST upload). PutObject, CopyObject, UploadPart(Copy) and
 * CompleteMultipartUpload need not call it: the object layer checks them itself before it
 * stores a byte. A refusal is MinIO's 400 XMinioAdminBucketQuotaExceeded ("Bucket quota
 * exceeded"), mapped from the domain error by the pipeline.
 */
import type { ObjectLayer, OpContext } from '../../../object/object-layer.js';

export async function enforceBucketQuota(objects: ObjectLayer, req: { readonly bucket: string; readonly size: number }, ctx?: OpContext): Promise<void> {
  await objects.checkBucketQuota({ bucket: req.bucket, size: req.size }, ctx);
}
