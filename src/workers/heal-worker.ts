/**
 * The heal worker: takes keys from the heal queue one at a time and heals them (records and
 * shard files, object/heal). A failed heal is recorded in the status and the worker goes on.
 */
import type { HealResult, ObjectHealer } from '../object/heal/index.js';
import type { HealQueue } from './heal-queue.js';
import type { Worker, WorkerContext } from './worker-runner.js';
import { HEAL_WORKER } from './worker-names.js';

export interface HealWorkerOptions {
  readonly healer: ObjectHealer;
  readonly queue: HealQueue;
  /**
   * Verify every frame of the shard files of each queued key (default true: a key is queued
   * because a read met a missing or corrupt shard, and a corrupt frame is only found this way).
   */
  readonly deep?: boolean;
  /** Observer of every heal (tests, logs, the unhealable log). */
  readonly onHealed?: (res: HealResult) => void;
  /** A heal that threw (the key could not be read). */
  readonly onHealError?: (bucket: string, key: string, err: unknown) => void;
}

export class HealWorker implements Worker {
  readonly name = HEAL_WORKER;
  readonly #opts: HealWorkerOptions;
  #busy = false;
  #idleWaiters: (() => void)[] = [];
  healed = 0;
  objectsHealed = 0;
  failures = 0;

  constructor(opts: HealWorkerOptions) {
    this.#opts = opts;
  }

  /** Resolves once the queue is empty and no heal is in flight. */
  async drained(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#busy || this.#opts.queue.size > 0) {
      if (Date.now() > deadline) throw new Error('heal queue not drained in time');
      await new Promise<void>((r) => { this.#idleWaiters.push(r); setTimeout(r, 50); });
    }
  }

  async run(wctx: WorkerContext): Promise<void> {
    const { queue, healer } = this.#opts;
    for (;;) {
      this.#notifyIdle();
      wctx.report({ queued: queue.size, dropped: queue.dropped }, 'sleeping');
      const item = await queue.take(wctx.signal);
      if (!item) return;
      this.#busy = true;
      wctx.report({ current: `${item.bucket}/${item.key}` }, 'running');
      try {
        const res = await healer.healObject({ bucket: item.bucket, key: item.key, deep: this.#opts.deep !== false });
        this.healed++;
        if (res.recordsHealed + res.shardsHealed > 0) this.objectsHealed++;
        if (res.failures.length > 0) { this.failures++; wctx.reportError(new Error(res.failures.join('; '))); }
        this.#opts.onHealed?.(res);
      } catch (err) {
        this.failures++;
        wctx.reportError(err);
        this.#opts.onHealError?.(item.bucket, item.key, err);
      } finally {
        this.#busy = false;
      }
      wctx.report({ checked: this.healed, objectsHealed: this.objectsHealed, failures: this.failures, current: '' });
    }
  }

  #notifyIdle(): void {
    const w = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const r of w) r();
  }
}
