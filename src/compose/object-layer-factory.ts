/** The object layer implementation compose/ picks: the erasure-coded layer over the storage, with its background workers. */
import { ErasureObjectLayer } from '../object/index.js';
import type { ObjectLayer } from '../object/object-layer.js';
import type { Storage } from '../storage/storage.js';
import { ErasureLayerWithWorkers } from './erasure-layer-with-workers.js';

/** runBackground false (every `--workers` process but the first): the layer alone, no background workers. */
export function createErasureObjectLayer(storage: Storage, opts: { region: string; runBackground?: boolean }): ObjectLayer {
  if (opts.runBackground === false) return new ErasureObjectLayer(storage, { region: opts.region });
  return new ErasureLayerWithWorkers(storage, { region: opts.region });
}
