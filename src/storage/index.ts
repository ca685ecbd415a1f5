/** storage/: drives, topology and format, and the erasure-coded data path. */
export type { Drive, DriveFileWriter, DriveInfo, MetaEntry, MetaOp, MetaRangeOptions } from './drive/drive.js';
export type { ErasureLayout, ErasureSet, ShardReadOptions, ShardWriteOptions, ShardWriteResult, Storage } from './storage.js';
export { createStorage, type CreateStorageOptions } from './create-storage.js';
export { LocalDrive } from './drive/local-drive.js';
export { FaultyDrive, type DriveFaults } from './drive/faulty-drive.js';
export { OfflineDrive } from './drive/offline-drive.js';
export { ErasureSetImpl, DEFAULT_BLOCK_SIZE } from './erasure/erasure-set.js';
export { BITROT_CRC32C } from './erasure/bitrot.js';
export { expandEndpoints } from './placement/endpoint-expansion.js';
export { defaultParity, parseStorageClass, setSizeFor, quorumsFor } from './placement/topology.js';
