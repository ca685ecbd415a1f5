/**
 * The object layer implementation compose/ picks: the erasure-coded layer over the storage, with its background workers,
 * and the admin API's view of it (ErasureAdminBackend, which counts the heal worker's heals through `onHealed`).
 * hashThreads > 0 gives the layer a DigestPool (md5/checksums of data-dir bodies on worker threads); the layer's
 * close() terminates it.
 */
import type { AdminBackend } from '../admin/admin-backend.js';
import { ErasureObjectLayer, type ErasureObjectLayerOptions } from '../object/index.js';
import type { ObjectLayer } from '../object/object-layer.js';
import type { Storage } from '../storage/storage.js';
import { DigestPool } from '../util/digest-pool.js';
import { ErasureAdminBackend } from './admin-backend.js';
import { ErasureLayerWithWorkers } from './erasure-layer-with-workers.js';
import { HealOutcomes } from './heal-outcomes.js';

/** An object layer and the admin API's view of it. */
export interface ComposedObjectLayer {
  readonly objects: ObjectLayer;
  /** close() stops what the admin API started (heal sequences); call it before objects.close(). */
  readonly admin: AdminBackend & { close(): Promise<void> };
}

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
): ComposedObjectLayer {
  const threads = opts.hashThreads ?? 0;
  const digestPool = threads > 0 ? new DigestPool({ threads }) : undefined;
  const outcomes = new HealOutcomes();
  const base = { storage, outcomes, region: opts.region };
  if (opts.runBackground === false) {
    const layer = new ErasureLayerWithPool(storage, { region: opts.region, digestPool });
    return { objects: layer, admin: new ErasureAdminBackend({ ...base, objects: layer, context: layer.context, background: undefined }) };
  }
  const layer = new ErasureLayerWithWorkers(storage, {
    region: opts.region, digestPool, background: { onHealed: (res) => { outcomes.record(res); } },
  });
  return { objects: layer, admin: new ErasureAdminBackend({ ...base, objects: layer, context: layer.context, background: layer.background }) };
}
