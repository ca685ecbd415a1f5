/**
 * The erasure object layer together with its background workers (workers/): reads that meet a
 * missing/stale record or a bad shard feed the heal queue (onHealNeeded); the scanner, the
 * sweeper and the replaced-drive healer run beside it. close() stops the workers first, then
 * closes the layer (and its drives), then the digest pool it was given (if any).
 */
import { ErasureObjectLayer } from '../object/index.js';
import type { Storage } from '../storage/storage.js';
import type { DigestPool } from '../util/digest-pool.js';
import { HealQueue, startBackgroundWorkers, type BackgroundOptions, type BackgroundWorkers } from '../workers/index.js';

export class ErasureLayerWithWorkers extends ErasureObjectLayer {
  readonly background: BackgroundWorkers;

  readonly #pool: DigestPool | undefined;

  constructor(storage: Storage, opts: { region: string; background?: BackgroundOptions; digestPool?: DigestPool }) {
    const queue = new HealQueue();
    super(storage, { region: opts.region, onHealNeeded: (bucket, key) => { queue.add(bucket, key); }, digestPool: opts.digestPool });
    this.background = startBackgroundWorkers(this.context, queue, opts.background);
    this.#pool = opts.digestPool;
  }

  override async close(): Promise<void> {
    try {
      await this.background.stop();
      await super.close();
    } finally {
      await this.#pool?.close();
    }
  }
}
