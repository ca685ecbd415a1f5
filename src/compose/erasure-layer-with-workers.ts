/**
 * The erasure object layer, its system store and its background workers, put side by side
 * (composition: the workers are not part of the layer). Reads that meet a missing/stale
 * record or a bad shard feed the heal queue (onHealNeeded); the workers (workers/) heal
 * through the narrow ObjectHealer interface built from the layer's context and keep their
 * state (the scrub's last pass, the scanner's bucket usage: bucket-usage-store.ts) in the
 * system bucket. close() stops the workers first, then
 * closes the layer (and its drives), then the digest pool it was given (if any).
 */
import { createObjectHealer } from '../object/heal/index.js';
import { ErasureObjectLayer, SystemStore } from '../object/index.js';
import type { ObjectLayer } from '../object/object-layer.js';
import type { Storage } from '../storage/storage.js';
import type { DigestPool } from '../util/digest-pool.js';
import type { OpenBatchPool } from '../object/index.js';
import type { ServerSse } from './kms-factory.js';
import { loadStoredUsage, usageSink, type UsageChannel } from './bucket-usage-store.js';
import { HealQueue, startBackgroundWorkers, type BackgroundOptions, type BackgroundWorkers } from '../workers/index.js';

export interface ServedLayer {
  readonly objects: ObjectLayer;
  /** Internal state (root credentials, worker state) in the system bucket. */
  readonly system: SystemStore;
  /** undefined in processes that run no background work (`--workers N`, slots > 0). */
  readonly background: BackgroundWorkers | undefined;
  close(): Promise<void>;
}

export interface ServedLayerOptions {
  readonly region: string;
  /** undefined: no background workers. */
  readonly background?: BackgroundOptions;
  readonly digestPool?: DigestPool;
  /** SSE package opening threads (closed with the layer). */
  readonly openPool?: OpenBatchPool;
  /** Server-side encryption: KMS, default key, cipher (compose/kms-factory.ts). */
  readonly sse?: ServerSse;
  /** Bodies smaller than this are stored inline in the object record (default: the layer's). */
  readonly inlineThreshold?: number;
  /** `--workers`: scanner figures to the other processes' quota ledgers (bucket-usage-store.ts). */
  readonly usageChannel?: UsageChannel;
}

export async function createServedLayer(storage: Storage, opts: ServedLayerOptions): Promise<ServedLayer> {
  const queue = opts.background ? new HealQueue() : undefined;
  const layer = new ErasureObjectLayer(storage, {
    region: opts.region,
    ...(queue ? { onHealNeeded: (bucket: string, key: string) => { queue.add(bucket, key); } } : {}),
    ...(opts.digestPool ? { digestPool: opts.digestPool } : {}),
    ...(opts.openPool ? { openPool: opts.openPool } : {}),
    ...(opts.sse ? { sse: opts.sse } : {}),
    ...(opts.inlineThreshold !== undefined ? { inlineThreshold: opts.inlineThreshold } : {}),
  });
  let system: SystemStore;
  try {
    system = await SystemStore.open(layer);
  } catch (err) {
    await layer.close().catch(() => undefined);
    await opts.digestPool?.close();
    await opts.openPool?.close();
    throw err;
  }
  const ledger = layer.context.usage;
  await loadStoredUsage(system, ledger, opts.background?.log);
  const background = queue && opts.background
    ? startBackgroundWorkers(createObjectHealer(layer.context), queue, {
      ...opts.background, state: system, objects: layer,
      scanner: {
        ...opts.background.scanner,
        usage: usageSink(system, ledger, { ...(opts.background.log ? { log: opts.background.log } : {}), ...(opts.usageChannel ? { publish: opts.usageChannel.publish } : {}) }),
      },
    })
    : undefined;
  // A process without the scanner settles its quota ledger on the figures the scanner's process sends.
  const unsubscribe = background === undefined ? opts.usageChannel?.subscribe((figure, trace) => ledger.passCompleted(figure, trace)) : undefined;
  let closing: Promise<void> | undefined;
  return {
    objects: layer,
    system,
    background,
    close: () => (closing ??= (async () => {
      try {
        unsubscribe?.();
        await background?.stop();
        await layer.close();
      } finally {
        await opts.digestPool?.close();
        await opts.openPool?.close();
      }
    })()),
  };
}
