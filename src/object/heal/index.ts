/** object/heal: healing of objects (records + shard files) and of bucket records/configs. */
export { healObject, type HealObjectOptions, type HealResult } from './heal-object.js';
export { planObjectHeal, type ObjectHealPlan } from './heal-plan.js';
export { healBucketRecords, type BucketHealResult } from './heal-buckets.js';
export { checkShardFile, type ShardState } from './shard-check.js';
export { scanPrefix, keyAfter } from './scan-prefix.js';
export { TOMBSTONE_GRACE_MS } from './tombstone-gc.js';
