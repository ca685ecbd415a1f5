/**
 * Multipart uploads of the erasure object layer: one file per operation, each a free function
 * `(ctx: LayerContext, req, op?)` that ErasureObjectLayer calls directly. Per-upload locks
 * live in the LayerContext (`uploadLocks`), so there is one set per layer. UploadPartCopy
 * reads its source with object/get-object.ts, the same GET the layer serves.
 *
 * Records and files: see upload-record.ts.
 */
export { abortMultipartUpload } from './abort-multipart-upload.js';
export { completeMultipartUpload } from './complete-multipart-upload.js';
export { copyObjectPart } from './copy-object-part.js';
export { createMultipartUpload } from './create-multipart-upload.js';
export { listMultipartUploads } from './list-multipart-uploads.js';
export { listParts } from './list-parts.js';
export { putObjectPart } from './put-object-part.js';
export { abortBucketUploads } from './abort-bucket-uploads.js';
