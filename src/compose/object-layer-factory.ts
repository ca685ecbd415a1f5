/**
 * The object layer implementation compose/ picks: the erasure-coded layer over the storage,
 * its system store and its background workers beside it (erasure-layer-with-workers.ts), and
 * the admin API's view of them (ErasureAdminBackend). hashThreads > 0 gives the layer a
 * DigestPool (md5/checksums of data-dir bodies on worker threads); close() terminates it.
 */
import type { AdminBackend } from '../admin/admin-backend.js';
import type { AdminKms } from '../admin/admin-kms.js';
import type { Storage } from '../storage/storage.js';
import { OpenBatchPool } from '../object/index.js';
import { DigestPool } from '../util/digest-pool.js';
import { UnhealableLog, type BackgroundOptions } from '../workers/index.js';
import { ErasureAdminBackend } from './admin-backend.js';
import { createServedLayer, type ServedLayer } from './erasure-layer-with-workers.js';
import type { UsageChannel } from './bucket-usage-store.js';
import { HealOutcomes } from './heal-outcomes.js';
import type { ServerSse } from './kms-factory.js';

export interface ObjectLayerFactoryOptions {
  readonly region: string;
  /** false (every `--workers` process but the first): no background workers. */
  readonly runBackground?: boolean;
  /** Digest worker threads (0 or undefined: hash on the event loop). */
  readonly hashThreads?: number;
  /** Settings of the background workers (config: scanner, sweeper, scrub). */
  readonly background?: BackgroundOptions;
  /** The admin API's view of the KMS, read when asked (the KMS is opened after the layer). */
  readonly kms?: () => AdminKms | undefined;
  /** Server-side encryption settings (kms-factory.ts); none: no KMS, default cipher. */
  readonly sse?: ServerSse;
  /** Bodies smaller than this are stored inline in the object record (default: the layer's). */
  readonly inlineThreshold?: number;
  /** `--workers`: scanner figures shared between the processes (bucket-usage-store.ts). */
  readonly usageChannel?: UsageChannel;
}

/** The served layer and the admin API's view of it. */
export interface ComposedObjectLayer extends ServedLayer {
  /** What the admin API reads and triggers; closed (running heal sequences stopped) by close(). */
  readonly admin: AdminBackend;
}

export async function createErasureObjectLayer(storage: Storage, opts: ObjectLayerFactoryOptions): Promise<ComposedObjectLayer> {
  const threads = opts.hashThreads ?? 0;
  const digestPool = threads > 0 ? new DigestPool({ threads }) : undefined;
  // The same number of threads opens the SSE packages of large GETs (object/sse/open-batch-pool.ts).
  const openPool = threads > 0 ? new OpenBatchPool({ threads }) : undefined;
  let outcomes: HealOutcomes | undefined;
  const bg = opts.background ?? {};
  const served = await createServedLayer(storage, {
    region: opts.region,
    ...(opts.runBackground !== false
      ? { background: { ...bg, onHealed: (res) => { outcomes?.record(res); bg.onHealed?.(res); } } }
      : {}),
    ...(digestPool ? { digestPool } : {}),
    ...(openPool ? { openPool } : {}),
    ...(opts.sse ? { sse: opts.sse } : {}),
    ...(opts.inlineThreshold !== undefined ? { inlineThreshold: opts.inlineThreshold } : {}),
    ...(opts.usageChannel ? { usageChannel: opts.usageChannel } : {}),
  });
  outcomes = new HealOutcomes({ unhealable: served.background?.unhealable ?? new UnhealableLog() });
  const admin = new ErasureAdminBackend({ storage, objects: served.objects, background: served.background, outcomes, region: opts.region, ...(opts.kms ? { kms: opts.kms } : {}) });
  return {
    ...served,
    admin,
    close: async () => {
      await admin.close();
      await served.close();
    },
  };
}
