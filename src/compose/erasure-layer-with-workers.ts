/**
 * The erasure object layer together with its background workers (workers/): reads that meet a
 * missing/stale record or a bad shard feed the heal queue (onHealNeeded); the scanner, the
 * sweeper and the replaced-drive healer run beside it. close() stops the workers first, then
 * closes the layer (and its drives).
 */
import { ErasureObjectLayer } from '../object/index.js';
import type { Storage } from '../storage/storage.js';
import { HealQueue, startBackgroundWorkers, type BackgroundOptions, type BackgroundWorkers } from '../workers/index.js';

export class ErasureLayerWithWorkers extends ErasureObjectLayer {
  readonly background: BackgroundWorkers;

  constructor(storage: Storage, opts: { region: string; background?: BackgroundOptions }) {
    const queue = new HealQueue();
    super(storage, { region: opts.region, onHealNeeded: (bucket, key) => { queue.add(bucket, key); } });
    this.background = startBackgroundWorkers(this.context, queue, opts.background);
  }

  override async close(): Promise<void> {
    await this.background.stop();
    await super.close();
  }
}
