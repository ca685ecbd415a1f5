/**
 * The object layer implementation compose/ picks: the erasure-coded layer over the storage,
 * with its background workers beside it (erasure-layer-with-workers.ts). hashThreads > 0
 * gives the layer a DigestPool (md5/checksums of data-dir bodies on worker threads); closing
 * the served layer terminates it.
 */
import type { Storage } from '../storage/storage.js';
import { DigestPool } from '../util/digest-pool.js';
import type { BackgroundOptions } from '../workers/index.js';
import { createServedLayer, type ServedLayer } from './erasure-layer-with-workers.js';

export interface ObjectLayerFactoryOptions {
  readonly region: string;
  /** false (every `--workers` process but the first): no background workers. */
  readonly runBackground?: boolean;
  /** Digest worker threads (0 or undefined: hash on the event loop). */
  readonly hashThreads?: number;
  /** Settings of the background workers (config: scanner, sweeper, scrub). */
  readonly background?: BackgroundOptions;
}

export function createErasureObjectLayer(storage: Storage, opts: ObjectLayerFactoryOptions): Promise<ServedLayer> {
  const threads = opts.hashThreads ?? 0;
  const digestPool = threads > 0 ? new DigestPool({ threads }) : undefined;
  return createServedLayer(storage, {
    region: opts.region,
    ...(opts.runBackground !== false ? { background: opts.background ?? {} } : {}),
    ...(digestPool ? { digestPool } : {}),
  });
}
