/** The object layer implementation compose/ picks: the erasure-coded layer over the storage, with its background workers. */
import type { ObjectLayer } from '../object/object-layer.js';
import type { Storage } from '../storage/storage.js';
import { ErasureLayerWithWorkers } from './erasure-layer-with-workers.js';

export function createErasureObjectLayer(storage: Storage, opts: { region: string }): ObjectLayer {
  return new ErasureLayerWithWorkers(storage, { region: opts.region });
}
