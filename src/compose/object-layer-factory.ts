/**
 * The object layer implementation compose/ picks: the erasure-coded layer over the storage, with its background workers.
 * hashThreads > 0 gives the layer a DigestPool (md5/checksums of data-dir bodies on worker threads); the layer's
 * close() terminates it.
 */
import { ErasureObjectLayer, type ErasureObjectLayerOptions } from '../object/index.js';
import type { ObjectLayer } from '../object/object-layer.js';
import type { Storage } from '../storage/storage.js';
import { DigestPool } from '../util/digest-pool.js';
import { ErasureLayerWithWorkers } from './erasure-layer-with-workers.js';

/** The layer alone (no background workers) that closes its digest pool with it. */
class ErasureLayerWithPool extends ErasureObjectLayer {
  readonly #pool: DigestPool | undefined;
  constructor(storage: Storage, opts: ErasureObjectLayerOptions) {
    super(storage, opts);
    this.#pool = opts.digestPool;
  }

  override async close(): Promise<void> {
    try { await super.close(); } finally { await this.#pool?.close(); }
  }
}

/**
 * runBackground false (every `--workers` process but the first): the layer alone, no background workers.
 * hashThreads: digest worker threads (0 or undefined: hash on the event loop).
 */
export function createErasureObjectLayer(
  storage: Storage, opts: { region: string; runBackground?: boolean; hashThreads?: number },
): ObjectLayer {
  const threads = opts.hashThreads ?? 0;
  const digestPool = threads > 0 ? new DigestPool({ threads }) : undefined;
  if (opts.runBackground === false) return new ErasureLayerWithPool(storage, { region: opts.region, digestPool });
  return new ErasureLayerWithWorkers(storage, { region: opts.region, digestPool });
}
