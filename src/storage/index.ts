/**
 * storage/: drives, topology and format, and the erasure-coded data path.
 *
 * On disk, per drive: `<root>/.cairn/format.json` (deployment id, set layout, this drive's
 * id), `<root>/.cairn/meta/` (LMDB: binary UTF-8 keys, so ranges follow S3 listing order;
 * durable when the promise resolves, group-committed), and shard files under
 * `<root>/.cairn/{tmp,data,multipart,...}/` addressed by engine-built paths only.
 *
 * A shard file is one frame per erasure block: [crc32c LE (4 bytes)][shard bytes], shard size
 * = ceil(blockLen / k) rounded up to 8 (m > 0). Frame b starts at b * (4 + shardSize(blockSize)),
 * so a range read seeks straight to its frames. Inline payloads use the same frames in memory.
 *
 * Invariants:
 *  1. Object → set: first 4 bytes of sha256(deploymentId \0 bucket/key) mod sets.
 *  2. Reads verify every frame they use; at most m bad shards per block are repaired from
 *     parity, more fail with QuorumError('read') — never wrong bytes.
 *  3. writeShards succeeds only with >= writeQuorum durable files; otherwise it removes all.
 *  4. Memory per data-path request is bounded by ~3 erasure blocks whatever the object size
 *     (2 in flight; a GET also keeps up to k + 1 released frames for reuse).
 *  5. A drive that misses its per-call deadline (driveTimeoutMs) counts as failed for that call.
 */
export type { Drive, DriveFileWriter, DriveInfo, MetaEntry, MetaOp, MetaRangeOptions, ProbedDrive } from './drive/drive.js';
export type { ErasureLayout, ErasureSet, ShardHealOptions, ShardReadOptions, ShardWriteOptions, ShardWriteResult, Storage } from './storage.js';
export { createStorage, type CreateStorageOptions } from './create-storage.js';
export { LocalDrive } from './drive/local-drive.js';
export { fileIoNativeUnavailable, selectFileIo } from './drive/file-io.js';
export { selectDataCache } from './drive/data-cache-policy.js';
export { selectDirectWrites } from './drive/direct-write-policy.js';
export { HealthTrackedDrive, type DriveHealth, type DriveHealthOptions } from './drive/health-tracked-drive.js';
export { IO_KINDS, IO_LATENCY_BUCKETS, type IoKindStats } from './drive/drive-io-stats.js';
export { FaultyDrive, type DriveFaults } from './drive/faulty-drive.js';
export { OfflineDrive } from './drive/offline-drive.js';
export { ErasureSetImpl, DEFAULT_BLOCK_SIZE } from './erasure/erasure-set.js';
export { BITROT_CRC32C } from './erasure/bitrot.js';
export { FrameBufferPool } from './erasure/frame-buffer-pool.js';
export { checkLayout, type CheckedLayout } from './erasure/layout-check.js';
export { shardGeometry, type ShardGeometry } from './erasure/shard-geometry.js';
export { expandEndpoints } from './placement/endpoint-expansion.js';
export { defaultParity, parseStorageClass, setSizeFor, quorumsFor } from './placement/topology.js';
export { claimDrives, type ClaimDrivesOptions, type DriveClaim } from './claim-drives.js';
