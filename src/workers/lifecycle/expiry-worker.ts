/**
 * The lifecycle expiry worker (runner name `lifecycle`): a pass visits every bucket that has a
 * lifecycle configuration and applies what is due (bucket-expiry.ts), then sleeps. The pause
 * between passes is derived from the length of a lifecycle day (CAIRN_ILM_DAY_SECONDS): a
 * quarter day, bounded to 250 ms..1 h, so whatever is due is acted on well within two days.
 * There is no checkpoint: a pass starts from the first bucket, so a restart repeats work
 * (idempotent: what was expired is gone) and never skips any.
 * Counters are cumulative since start and reported in the worker status after every bucket.
 */
import { BucketNotFoundError } from '../../errors/domain-errors.js';
import { DEFAULT_DAY_MS, decodeLifecycleConfiguration, LIFECYCLE_CONFIG } from '../../lifecycle/index.js';
import type { ObjectLayer } from '../../object/object-layer.js';
import type { BackgroundLog } from '../background-log.js';
import { RateLimiter } from '../rate-limiter.js';
import { sleep } from '../sleep.js';
import { LIFECYCLE } from '../worker-names.js';
import type { Worker, WorkerContext } from '../worker-runner.js';
import { bucketKeyVersioning } from './bucket-versioning.js';
import { expireBucket } from './bucket-expiry.js';
import { newExpiryCounters, type ExpiryCounters } from './expiry-counters.js';

export interface ExpiryWorkerOptions {
  /** Length of a lifecycle day in ms (default 86,400,000). */
  readonly dayMs?: number;
  /** Versions and uploads looked at per second at most (default 100; 0 or undefined in limits: unlimited). */
  readonly objectsPerSecond?: number;
  /** Listing page size (default 250). */
  readonly batchSize?: number;
  readonly now?: () => number;
  readonly log?: BackgroundLog;
}

const MIN_INTERVAL_MS = 250;
const MAX_INTERVAL_MS = 3_600_000;
/** The first pass waits at most this long after start. */
const MAX_FIRST_DELAY_MS = 60_000;

/** Pause between passes for a day of `dayMs`: a quarter day, bounded to 250 ms..1 h. */
export function expiryIntervalMs(dayMs: number): number {
  return Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, Math.floor(dayMs / 4)));
}

export class ExpiryWorker implements Worker {
  readonly name = LIFECYCLE;
  readonly #objects: ObjectLayer;
  readonly #dayMs: number;
  readonly #objectsPerSecond: number | undefined;
  readonly #batchSize: number;
  readonly #now: () => number;
  readonly #log: BackgroundLog | undefined;
  readonly #counters: ExpiryCounters = newExpiryCounters();

  constructor(objects: ObjectLayer, opts: ExpiryWorkerOptions = {}) {
    this.#objects = objects;
    this.#dayMs = opts.dayMs ?? DEFAULT_DAY_MS;
    if (!(this.#dayMs > 0)) throw new RangeError(`bad lifecycle day length: ${this.#dayMs}`);
    this.#objectsPerSecond = opts.objectsPerSecond === undefined ? 100 : opts.objectsPerSecond || undefined;
    this.#batchSize = opts.batchSize ?? 250;
    this.#now = opts.now ?? Date.now;
    this.#log = opts.log;
  }

  get intervalMs(): number { return expiryIntervalMs(this.#dayMs); }

  /** A copy of the cumulative counters. */
  get counters(): Readonly<ExpiryCounters> { return { ...this.#counters }; }

  async run(ctx: WorkerContext): Promise<void> {
    const interval = this.intervalMs;
    ctx.report({ ...this.#counters, intervalMs: interval }, 'sleeping');
    if (!(await sleep(Math.min(interval, MAX_FIRST_DELAY_MS), ctx.signal, { idle: true }))) return;
    while (!ctx.signal.aborted) {
      ctx.report({ phase: 'pass' }, 'running');
      try {
        await this.pass(ctx);
      } catch (err) {
        this.#counters.errors++;
        ctx.reportError(err);
        this.#log?.('warn', 'lifecycle pass failed', { error: err instanceof Error ? err.message : String(err) });
      }
      ctx.report({ ...this.#counters, phase: 'idle', lastPassEnd: new Date(this.#now()).toISOString() }, 'sleeping');
      if (!(await sleep(interval, ctx.signal, { idle: true }))) return;
    }
  }

  /** One pass over every bucket with a lifecycle configuration. */
  async pass(ctx: Pick<WorkerContext, 'signal' | 'report'>): Promise<void> {
    const limiter = new RateLimiter(this.#objectsPerSecond === undefined ? {} : { objectsPerSecond: this.#objectsPerSecond });
    for (const { name: bucket } of await this.#objects.listBuckets()) {
      if (ctx.signal.aborted) return;
      try {
        const doc = await this.#objects.getBucketConfig({ bucket, name: LIFECYCLE_CONFIG });
        if (doc === undefined) continue;
        await expireBucket({
          objects: this.#objects, bucket, config: decodeLifecycleConfiguration(doc),
          versioning: await bucketKeyVersioning(this.#objects, bucket), now: this.#now(), dayMs: this.#dayMs,
          batchSize: this.#batchSize, limiter, counters: this.#counters, signal: ctx.signal,
          ...(this.#log ? { log: this.#log } : {}),
        });
      } catch (err) {
        if (ctx.signal.aborted) return;
        if (err instanceof BucketNotFoundError) continue; // deleted since the listing
        this.#counters.errors++;
        this.#log?.('warn', 'lifecycle: bucket visit failed', { bucket, error: err instanceof Error ? err.message : String(err) });
      }
      ctx.report({ ...this.#counters });
    }
    if (!ctx.signal.aborted) this.#counters.passes++;
  }
}
