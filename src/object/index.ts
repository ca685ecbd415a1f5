/** object/: the ObjectLayer contract and its erasure-coded implementation. */
export type * from './object-layer.js';
export { ErasureObjectLayer, type ErasureObjectLayerOptions } from './erasure-object-layer.js';
export { DEFAULT_INLINE_THRESHOLD } from './layer-context.js';
export { isValidBucketName } from './bucket-names.js';
