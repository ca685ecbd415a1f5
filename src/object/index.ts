/** object/: the ObjectLayer contract and its erasure-coded implementation. */
export type * from './object-layer.js';
export { ErasureObjectLayer, type ErasureObjectLayerOptions } from './erasure-object-layer.js';
export { DEFAULT_INLINE_THRESHOLD } from './layer-context.js';
export { isValidBucketName, SYSTEM_BUCKET } from './bucket-names.js';
export { SystemStore } from './system-store.js';
/** For the background workers (src/workers): the layer's shared state and upload records. */
export type { LayerContext } from './layer-context.js';
export { decodeUploadRecord, splitUploadKey } from './multipart/upload-record.js';
