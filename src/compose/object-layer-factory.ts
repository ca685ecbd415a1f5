/** The object layer implementation compose/ picks: the erasure-coded layer over the storage. */
import type { ObjectLayer } from '../object/object-layer.js';
import { ErasureObjectLayer } from '../object/index.js';
import type { Storage } from '../storage/storage.js';

export function createErasureObjectLayer(storage: Storage, opts: { region: string }): ObjectLayer {
  return new ErasureObjectLayer(storage, { region: opts.region });
}
