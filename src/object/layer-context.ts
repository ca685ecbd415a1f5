/**
 * What the parts of the erasure object layer share (put/get/delete/list files and the
 * multipart operations of object/multipart/). Built once by ErasureObjectLayer; every
 * operation function takes it as its first argument.
 *
 * Inline threshold: a body strictly smaller than `inlineThreshold` bytes (default 64 KiB, chosen
 * by measurement: ARCHITECTURE.md "Metadata memory and the inline threshold")
 * is stored inline in the object record (no files); anything else goes to a data dir.
 *
 * Hashing (md5 ETag + checksums): bodies going to a data dir are hashed on the digestPool's
 * worker threads when there is one (util/digest-pool.ts); inline bodies, and every body when
 * digestPool is undefined, are hashed on the main thread (util/digest-stream.ts).
 */
import type { Storage } from '../storage/storage.js';
import type { DigestPool } from '../util/digest-pool.js';
import type { OpenBatchPool } from './sse/open-batch-pool.js';
import { BucketUsageLedger } from './bucket-usage-ledger.js';
import { KeyLocks } from './key-lock.js';
import { DEFAULT_ACCOUNT, type SseSettings } from './sse/sse-keys.js';

export const DEFAULT_INLINE_THRESHOLD = 64 * 1024;
export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_STORAGE_CLASS = 'STANDARD';
export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';
/** S3 limit on the UTF-8 length of an object key. */
export const MAX_KEY_BYTES = 1024;

export interface ErasureObjectLayerOptions {
  readonly region?: string;
  readonly inlineThreshold?: number;
  /** Called when a read saw a drive with a missing/stale record or a bad shard. */
  readonly onHealNeeded?: (bucket: string, key: string) => void;
  /** Clock (ms since the epoch); injectable for tests. */
  readonly now?: () => number;
  /** Worker threads that hash data-dir bodies; undefined = hash on the main thread. Not closed by the layer. */
  readonly digestPool?: DigestPool;
  /** Server-side encryption: the KMS (none: SSE-S3/SSE-KMS refused), default key, cipher of new objects. */
  readonly sse?: Partial<SseSettings>;
  /** Worker threads that open the SSE packages of large GETs; undefined = on the main thread. Not closed by the layer. */
  readonly openPool?: OpenBatchPool;
}

export interface LayerContext {
  readonly storage: Storage;
  readonly region: string;
  readonly inlineThreshold: number;
  /** Per key, in this process: serializes read-check-commit of one key (lockName). */
  readonly locks: KeyLocks;
  /**
   * Per uploadId (in this process): serializes the commit phases of a multipart upload (a
   * part's rename + record, complete, abort) with each other and with the upload's heal.
   */
  readonly uploadLocks: KeyLocks;
  readonly onHealNeeded: (bucket: string, key: string) => void;
  readonly now: () => number;
  /** Strictly increasing in this process (>= now()): mtimes of versions and config docs. */
  readonly nextMtime: () => number;
  /** Hashes bodies that go to a data dir off the main thread; undefined = on the main thread. */
  readonly digestPool?: DigestPool;
  /** Usage figures and quota cache for bucket quotas (bucket-usage-ledger.ts). */
  readonly usage: BucketUsageLedger;
  /** Server-side encryption settings (object/sse/). */
  readonly sse: SseSettings;
  /** Opens the SSE packages of large GETs off the main thread; undefined = on the main thread. */
  readonly openPool?: OpenBatchPool;
}

export function createLayerContext(storage: Storage, opts: ErasureObjectLayerOptions = {}): LayerContext {
  const threshold = opts.inlineThreshold ?? DEFAULT_INLINE_THRESHOLD;
  if (!Number.isSafeInteger(threshold) || threshold < 0) throw new RangeError(`invalid inline threshold ${threshold}`);
  const now = opts.now ?? Date.now;
  let last = 0;
  const nextMtime = (): number => {
    const t = now();
    last = t > last ? t : last + 1;
    return last;
  };
  return {
    storage,
    region: opts.region ?? DEFAULT_REGION,
    inlineThreshold: threshold,
    locks: new KeyLocks(),
    uploadLocks: new KeyLocks(),
    onHealNeeded: opts.onHealNeeded ?? (() => {}),
    now,
    nextMtime,
    usage: new BucketUsageLedger(now),
    sse: {
      cipher: opts.sse?.cipher ?? 'aes-256-gcm',
      account: opts.sse?.account ?? DEFAULT_ACCOUNT,
      ...(opts.sse?.kms !== undefined ? { kms: opts.sse.kms } : {}),
      ...(opts.sse?.defaultKeyId !== undefined ? { defaultKeyId: opts.sse.defaultKeyId } : {}),
      ...(opts.sse?.defaultKeyFor !== undefined ? { defaultKeyFor: opts.sse.defaultKeyFor } : {}),
      ...(opts.sse?.objectKeys !== undefined ? { objectKeys: opts.sse.objectKeys } : {}),
    },
    ...(opts.digestPool !== undefined ? { digestPool: opts.digestPool } : {}),
    ...(opts.openPool !== undefined ? { openPool: opts.openPool } : {}),
  };
}

/** The lock name of a key (one namespace per process). */
export const lockName = (bucket: string, key: string): string => `${bucket}/${key}`;
