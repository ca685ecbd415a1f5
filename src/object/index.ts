/** object/: the ObjectLayer contract and its erasure-coded implementation. */
export type * from './object-layer.js';
export { ErasureObjectLayer, type ErasureObjectLayerOptions } from './erasure-object-layer.js';
export { DEFAULT_INLINE_THRESHOLD } from './layer-context.js';
export { isValidBucketName, SYSTEM_BUCKET } from './bucket-names.js';
export { SystemStore } from './system-store.js';
/** For the background workers (src/workers): the layer's shared state and upload records. */
export type { LayerContext } from './layer-context.js';
export { decodePartRecord, decodeUploadRecord, inPlacePartFileName, partsPrefix, splitUploadKey } from './multipart/upload-record.js';
/** Bucket usage (the scanner counts it, the quota check reads it) and bucket quotas. */
export {
  UsageAccumulator, SIZE_INTERVALS, sizeInterval, encodeUsageSnapshot, decodeUsageSnapshot,
  type BucketUsage, type UsageSnapshot, type VersionSize,
} from './bucket-usage.js';
export type { BucketUsageLedger, UsageChange } from './bucket-usage-ledger.js';
export { parseScanTrace, ScanTraceBuilder, type ScanTrace } from './usage-scan-trace.js';
export { QUOTA_CONFIG, parseQuotaDoc, encodeQuotaDoc, withinQuota, type BucketQuota } from './bucket-quota.js';
/** Worker threads that open the SSE packages of large GETs (compose builds one beside the DigestPool). */
export { OpenBatchPool } from './sse/open-batch-pool.js';
export { ObjectKeyCache } from './sse/object-key-cache.js';
