/**
 * The bitrot scrub: on a cycle (`CAIRN_SCRUB_INTERVAL`, default 7 days) a deep heal pass
 * (heal-pass.ts) reads every frame of every shard on every drive, verifies its checksum, and
 * rebuilds what fails — including parity shards no read ever touches. Paced by bytes and
 * objects per second so foreground latency barely moves. The time of the last finished pass
 * is kept in the state store (the system bucket), so restarts neither skip nor repeat a cycle;
 * an interrupted pass starts over at the next start. A deployment that never finished a pass
 * keeps when the scrub first started instead, and its first pass is due one interval after
 * that: not minutes after start, when there is nothing old enough to rot and a fresh
 * deployment is being loaded or measured. Findings are counted and logged.
 */
import type { ObjectHealer } from '../object/heal/index.js';
import type { BackgroundLog } from './background-log.js';
import { runHealPass, type HealPassStats } from './heal-pass.js';
import type { RateLimits } from './rate-limiter.js';
import { sleep } from './sleep.js';
import type { UnhealableLog } from './unhealable-log.js';
import type { WorkerStateStore } from './worker-state-store.js';
import type { Worker, WorkerContext } from './worker-runner.js';
import { SCRUB } from './worker-names.js';

export const DEFAULT_SCRUB_INTERVAL_MS = 7 * 24 * 3600_000;
export const DEFAULT_SCRUB_BYTES_PER_SECOND = 64 * 1024 * 1024;
/** State store name of the last finished pass. */
export const SCRUB_STATE = 'workers/scrub.json';

export interface ScrubOptions {
  readonly intervalMs?: number;
  /**
   * From the scrub's first start in a deployment that never finished a pass to its first pass
   * (default: the interval).
   */
  readonly firstDelayMs?: number;
  readonly limits?: RateLimits;
  readonly state?: WorkerStateStore;
  readonly unhealable?: UnhealableLog;
  readonly log?: BackgroundLog;
  readonly now?: () => number;
}

export interface ScrubSummary extends HealPassStats {
  readonly startedAt: Date;
  readonly finishedAt: Date;
}

export class Scrubber implements Worker {
  readonly name = SCRUB;
  readonly #healer: ObjectHealer;
  readonly #opts: ScrubOptions;
  readonly #now: () => number;
  /** The last finished pass (this process or, via the state store, an earlier one). */
  lastPass: ScrubSummary | undefined;
  passes = 0;

  constructor(healer: ObjectHealer, opts: ScrubOptions = {}) {
    this.#healer = healer;
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
  }

  get intervalMs(): number { return this.#opts.intervalMs ?? DEFAULT_SCRUB_INTERVAL_MS; }

  async run(wctx: WorkerContext): Promise<void> {
    let due = await this.#firstDue(wctx);
    for (;;) {
      wctx.report({ nextPass: new Date(due).toISOString() }, 'sleeping');
      if (!(await sleep(due - this.#now(), wctx.signal, { idle: true }))) return;
      const summary = await this.scrubPass(wctx.signal, (s) => wctx.report(progressDetail(s), 'running'));
      if (summary === undefined) return; // aborted
      wctx.report({ lastPassFinished: summary.finishedAt.toISOString(), lastPassObjects: summary.objectsChecked,
        lastPassShardsHealed: summary.shardsHealed, lastPassUnhealable: summary.unhealable });
      due = summary.finishedAt.getTime() + this.intervalMs;
    }
  }

  /** One paced deep pass over everything; undefined when aborted. */
  async scrubPass(signal?: AbortSignal, onProgress?: (s: HealPassStats) => void): Promise<ScrubSummary | undefined> {
    const startedAt = new Date(this.#now());
    this.#opts.log?.('info', 'scrub pass started', {});
    const pass = await runHealPass(this.#healer, {
      deep: true,
      limits: this.#opts.limits ?? { bytesPerSecond: DEFAULT_SCRUB_BYTES_PER_SECOND },
      ...(signal ? { signal } : {}),
      onResult: (res) => {
        this.#opts.unhealable?.record(res);
        if (res.shardsHealed + res.recordsHealed > 0) {
          this.#opts.log?.('warn', 'scrub repaired an object', { bucket: res.bucket, key: res.key, problems: res.problems });
        }
      },
      onError: (bucket, key, err) => this.#opts.unhealable?.add(bucket, key, err instanceof Error ? err.message : String(err)),
      ...(onProgress ? { onProgress } : {}),
    });
    if (!pass.isComplete) return undefined;
    const summary: ScrubSummary = { ...pass, startedAt, finishedAt: new Date(this.#now()) };
    this.lastPass = summary;
    this.passes++;
    this.#opts.log?.(summary.unhealable > 0 ? 'warn' : 'info', 'scrub pass finished', {
      objects: summary.objectsChecked, bytesVerified: summary.bytesVerified, shardsHealed: summary.shardsHealed,
      recordsHealed: summary.recordsHealed, unhealable: summary.unhealable,
      seconds: Math.round((summary.finishedAt.getTime() - startedAt.getTime()) / 1000),
    });
    await this.#opts.state?.put(SCRUB_STATE, Buffer.from(JSON.stringify({ version: 1, finishedAt: summary.finishedAt.getTime(),
      objects: summary.objectsChecked, shardsHealed: summary.shardsHealed, unhealable: summary.unhealable })))
      .catch((err: unknown) => this.#opts.log?.('warn', 'could not store the scrub state', { error: err }));
    return summary;
  }

  /** When the first pass of this process is due, from the stored state. */
  async #firstDue(wctx: WorkerContext): Promise<number> {
    const firstDelay = this.#opts.firstDelayMs ?? this.intervalMs;
    const doc = await this.#loadState(wctx);
    if (doc === null) return this.#now() + firstDelay; // unreadable: wait, and overwrite nothing
    if (doc?.finishedAt !== undefined) return doc.finishedAt + this.intervalMs;
    if (doc?.since !== undefined) return doc.since + firstDelay;
    const since = this.#now();
    await this.#opts.state?.put(SCRUB_STATE, Buffer.from(JSON.stringify({ version: 1, since })))
      .catch((err: unknown) => this.#opts.log?.('warn', 'could not store the scrub state', { error: err }));
    return since + firstDelay;
  }

  /**
   * The stored state: the last finished pass, or since when a deployment without one has been
   * waiting for its first; undefined when there is none, null when it could not be read.
   */
  async #loadState(wctx: WorkerContext): Promise<{ finishedAt?: number; since?: number } | undefined | null> {
    try {
      const raw = await this.#opts.state?.get(SCRUB_STATE);
      if (raw === undefined) return undefined;
      const doc = JSON.parse(raw.toString('utf8')) as { finishedAt?: unknown; since?: unknown };
      return {
        ...(typeof doc.finishedAt === 'number' ? { finishedAt: doc.finishedAt } : {}),
        ...(typeof doc.since === 'number' ? { since: doc.since } : {}),
      };
    } catch (err) {
      wctx.reportError(err);
      return null;
    }
  }
}

function progressDetail(s: HealPassStats): Record<string, number> {
  return { objects: s.objectsChecked, bytesVerified: s.bytesVerified, shardsHealed: s.shardsHealed, unhealable: s.unhealable, setsDone: s.setsDone };
}
