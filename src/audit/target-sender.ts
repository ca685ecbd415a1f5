/**
 * Delivers one target's queue: reads the oldest batch, sends it, acknowledges it once the
 * target stored it, and only then reads the next, so records arrive in queue order. A batch
 * that fails is sent again after a pause that doubles from 100 ms up to 30 s and resets on
 * success. The target going down and coming back are logged once each, not per attempt.
 * A target that takes batches (batch size > 1) gets full ones: when fewer records than a batch
 * are unread, the sender waits up to `lingerMs` (default 50 ms) for more before it reads, so
 * light traffic (one request in flight) costs one POST and one ack write per batch, not per
 * request. The records wait on disk meanwhile: nothing is at risk.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { DurableQueue, QueueBatch } from './queue/durable-queue.js';
import { DeliveryError, type AuditTarget } from './targets/audit-target.js';
import type { AuditLogger, TargetCounters } from './audit-types.js';

export interface TargetSenderOptions {
  readonly target: AuditTarget;
  readonly queue: DurableQueue;
  readonly counters: TargetCounters;
  readonly logger: AuditLogger;
  /** Called after each acknowledged batch (room in the queue). */
  readonly onDelivered: () => void;
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
  /** How long a partial batch waits for more records (default 50 ms; batch size 1 never waits). */
  readonly lingerMs?: number;
}

const DEFAULT_LINGER_MS = 50;

export class TargetSender {
  readonly #o: TargetSenderOptions;
  readonly #stop = new AbortController();
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;
  #down = false;
  /** Resolves when the delivery in flight has its answer (undefined: none in flight). */
  #answered: Promise<void> | undefined;

  constructor(opts: TargetSenderOptions) {
    this.#o = opts;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** New records are in the queue. */
  notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /** True while a delivery waits for the target's answer. */
  get sending(): boolean { return this.#answered !== undefined; }

  /** Resolves when the delivery in flight (if any) has its answer, stored or failed. */
  answered(): Promise<void> { return this.#answered ?? Promise.resolve(); }

  async #send(records: readonly string[], signal: AbortSignal): ReturnType<AuditTarget['send']> {
    let done: () => void = () => {};
    this.#answered = new Promise((resolve) => { done = resolve; });
    try {
      return await this.#o.target.send(records, signal);
    } finally {
      this.#answered = undefined;
      done();
    }
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    this.notify();
    await this.#loop;
    this.#o.target.close();
  }

  async #idle(): Promise<void> {
    await new Promise<void>((resolve) => { this.#wake = resolve; });
  }

  /**
   * Waits until a whole batch is unread, `ms` passed or the sender stops (stop() wakes it).
   * One timer per wait, however many appends wake it meanwhile.
   */
  async #gather(size: number, ms: number, signal: AbortSignal): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const expired = new Promise<void>((resolve) => { timer = setTimeout(() => { timedOut = true; resolve(); }, ms); });
    try {
      while (!signal.aborted && !timedOut && this.#o.queue.unread < size) await Promise.race([this.#idle(), expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  async #run(): Promise<void> {
    const { target, queue, counters, logger } = this.#o;
    const signal = this.#stop.signal;
    const minMs = this.#o.retryMinMs ?? 100;
    let pause = minMs;
    let batch: QueueBatch | undefined;
    while (!signal.aborted) {
      if (batch === undefined && queue.unread === 0) { await this.#idle(); continue; }
      if (batch === undefined && target.batchSize > 1 && queue.unread < target.batchSize) {
        await this.#gather(target.batchSize, this.#o.lingerMs ?? DEFAULT_LINGER_MS, signal);
        if (signal.aborted) break;
      }
      let n = 0;
      try {
        batch ??= await queue.read(target.perDelivery ?? target.batchSize);
        n = batch.records.length;
        if (n === 0) { batch = undefined; continue; }
        const r = await this.#send(batch.records, signal);
        await queue.ack(batch.next, n);
        counters.sent += n - r.rejected;
        counters.failed += r.retried;
        counters.dropped.rejected += r.rejected;
        batch = undefined;
        pause = minMs;
        if (this.#down) {
          this.#down = false;
          logger.info('audit target reachable again', { target: target.name, queued: queue.length });
        }
        this.#o.onDelivered();
      } catch (err) {
        if (signal.aborted) break;
        // The first records the sink stored (a pipelined delivery): acknowledged, not sent again.
        const stored = err instanceof DeliveryError && batch !== undefined ? Math.min(err.delivered, batch.records.length) : 0;
        if (stored > 0 && batch !== undefined) {
          try {
            await queue.ack(batch.ends[stored - 1]!, stored);
            counters.sent += stored;
            batch = { records: batch.records.slice(stored), next: batch.next, ends: batch.ends.slice(stored) };
            n -= stored;
            this.#o.onDelivered();
          } catch { /* the whole batch is sent again: duplicates, never a loss */ }
        }
        counters.failed += n;
        if (!this.#down) {
          this.#down = true;
          logger.warn('audit delivery failing (target unreachable or refusing): records wait in its queue', { target: target.name, queued: queue.length, error: err instanceof Error ? err.message : String(err) });
        }
        await delay(pause, undefined, { signal }).catch(() => undefined);
        pause = Math.min(pause * 2, this.#o.retryMaxMs ?? 30_000);
      }
    }
  }
}
