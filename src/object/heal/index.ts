/** object/heal: healing of objects (records + shard files), pending uploads and bucket records/configs. */
export { healObject, type HealObjectOptions, type HealResult, type ObjectHealRequest } from './heal-object.js';
export { planObjectHeal, type ObjectHealPlan } from './heal-plan.js';
export { healUpload, type UploadHealResult } from './heal-upload.js';
export {
  hasUploadFixes, planUploadHeal, type PartFix, type UploadHealPlan, type UploadHealRequest, type UploadHealStatus,
} from './upload-plan.js';
export { nextUploadBatch, parseUploadMetaKey, type UploadBatch, type UploadBatchItem } from './upload-batch.js';
export { nextRangeBatch, type RangeBatch, type RangeBatchRequest } from './set-range-batch.js';
export { healSetUploads, type SetUploadHealOptions, type SetUploadHealStats } from './heal-set-uploads.js';
export { healBucketRecords, type BucketHealResult } from './heal-buckets.js';
export { checkShardFile, type ShardState } from './shard-check.js';
export { scanPrefix, keyAfter } from './scan-prefix.js';
export { createObjectHealer, type ObjectHealer, type ObjectCheck } from './object-healer.js';
export { TOMBSTONE_GRACE_MS } from './tombstone-gc.js';
