/**
 * One target's path from the audit log: records waiting in memory -> durable queue -> sender.
 * Records are appended in batches (one write + fdatasync each, one at a time), so a burst of
 * requests costs one disk sync per batch. When the queue is full, the policy decides:
 *   drop   the records that do not fit are dropped at once;
 *   block  they wait in memory, in order, for room (each delivered batch makes some), and are
 *          dropped once they waited longer than the block timeout.
 * Requests never wait either way. Every drop is counted (dropped.queue_full) and logged.
 */
import type { AuditQueueFullPolicy } from '../config/index.js';
import type { DurableQueue } from './queue/durable-queue.js';
import { TargetSender } from './target-sender.js';
import type { AuditTarget } from './targets/audit-target.js';
import type { AuditLogger, AuditTargetStats, TargetCounters } from './audit-types.js';
import { timerDelay } from '../util/timer-delay.js';

export interface AuditLaneOptions {
  readonly target: AuditTarget;
  readonly queue: DurableQueue;
  readonly policy: AuditQueueFullPolicy;
  readonly blockTimeoutMs: number;
  readonly logger: AuditLogger;
  readonly now?: () => number;
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
}

interface Waiting {
  readonly json: string;
  readonly at: number;
  readonly requestId: string;
}

/** A failed append is tried again after this pause. */
const APPEND_RETRY_MS = 1000;

export class AuditLane {
  readonly counters: TargetCounters = { sent: 0, failed: 0, dropped: { queue_full: 0, rejected: 0 } };
  readonly #o: AuditLaneOptions;
  readonly #sender: TargetSender;
  readonly #now: () => number;
  #waiting: Waiting[] = [];
  #appending: Promise<void> | undefined;
  #retry: NodeJS.Timeout | undefined;
  #expiry: NodeJS.Timeout | undefined;
  #turn: NodeJS.Immediate | undefined;
  #closed = false;
  /** True while a failed append waits for its retry (no new attempt before). */
  #backingOff = false;

  constructor(opts: AuditLaneOptions) {
    this.#o = opts;
    this.#now = opts.now ?? Date.now;
    this.#sender = new TargetSender({
      target: opts.target, queue: opts.queue, counters: this.counters, logger: opts.logger,
      onDelivered: () => this.#pump(),
      ...(opts.retryMinMs !== undefined ? { retryMinMs: opts.retryMinMs } : {}),
      ...(opts.retryMaxMs !== undefined ? { retryMaxMs: opts.retryMaxMs } : {}),
    });
  }

  get name(): string { return this.#o.target.name; }

  /** Records per delivery at most (the target's batch size). */
  get batchSize(): number { return this.#o.target.batchSize; }

  start(): void {
    this.#sender.start();
  }

  /** True while a delivery waits for the target's answer. */
  get sending(): boolean { return this.#sender.sending; }

  /** Resolves when the delivery in flight (if any) has its answer. */
  answered(): Promise<void> { return this.#sender.answered(); }

  /**
   * Takes a sealed record; never waits. The append starts once the event loop's current phase
   * is over (setImmediate), so the records of every request that ended in the same turn share
   * one write.
   */
  push(json: string, requestId: string): void {
    if (this.#closed) return;
    this.#waiting.push({ json, at: this.#now(), requestId });
    if (this.#turn !== undefined) return;
    this.#turn = setImmediate(() => { this.#turn = undefined; this.#pump(); });
  }

  /** Records taken and not yet delivered (in memory or in the queue). */
  get backlog(): number {
    return this.#o.queue.length + this.#waiting.length;
  }

  stats(): AuditTargetStats {
    return {
      target: this.name,
      queueLength: this.#o.queue.length + this.#waiting.length,
      sent: this.counters.sent,
      failed: this.counters.failed,
      dropped: { ...this.counters.dropped },
    };
  }

  /** Resolves once every record pushed so far is in the queue or dropped. */
  async settled(): Promise<void> {
    this.#pump();
    while (this.#appending !== undefined || (!this.#backingOff && this.#waiting.length > 0 && this.#o.queue.room > 0)) {
      await (this.#appending ?? Promise.resolve());
      this.#pump();
    }
  }

  /** Appends what fits, stops the sender, closes the queue; records still waiting are dropped (logged). */
  async close(): Promise<void> {
    await this.settled();
    this.#closed = true;
    clearImmediate(this.#turn);
    clearTimeout(this.#retry);
    clearTimeout(this.#expiry);
    if (this.#waiting.length > 0) this.#drop(this.#waiting.length, 'the server stopped while the queue was full');
    await this.#sender.stop();
    await this.#o.queue.close();
  }

  #pump(): void {
    if (this.#appending !== undefined || this.#backingOff || this.#waiting.length === 0) return;
    this.#expire();
    if (this.#waiting.length === 0) return;
    const room = this.#o.queue.room;
    if (room === 0) {
      if (this.#o.policy === 'drop') this.#drop(this.#waiting.length, 'queue full (drop policy)');
      else this.#armExpiry();
      return;
    }
    const batch = this.#waiting.splice(0, room);
    if (batch.length === 0) return;
    this.#appending = this.#o.queue.append(batch.map((w) => w.json)).then(
      () => { this.#sender.notify(); },
      (err: unknown) => {
        this.#waiting.unshift(...batch);
        this.#o.logger.error('audit queue append failed; retrying', { target: this.name, records: batch.length, error: err instanceof Error ? err.message : String(err) });
        this.#backingOff = true;
        this.#retry = setTimeout(() => { this.#backingOff = false; this.#pump(); }, APPEND_RETRY_MS);
        this.#retry.unref();
      },
    ).finally(() => {
      this.#appending = undefined;
      if (!this.#closed) this.#pump();
    });
  }

  /** Block policy: records that waited too long for room are dropped. */
  #expire(): void {
    if (this.#o.policy !== 'block') return;
    const limit = this.#now() - this.#o.blockTimeoutMs;
    let n = 0;
    while (n < this.#waiting.length && this.#waiting[n]!.at <= limit) n++;
    if (n > 0) this.#drop(n, `queue full for longer than the block timeout (${this.#o.blockTimeoutMs} ms)`);
  }

  /** Wakes the lane when the oldest waiting record reaches the block timeout. */
  #armExpiry(): void {
    if (this.#expiry !== undefined) return;
    const wait = Math.max(1, this.#waiting[0]!.at + this.#o.blockTimeoutMs - this.#now());
    this.#expiry = setTimeout(() => { this.#expiry = undefined; this.#pump(); }, timerDelay(wait));
    this.#expiry.unref();
  }

  #drop(n: number, reason: string): void {
    const dropped = this.#waiting.splice(0, n);
    this.counters.dropped.queue_full += dropped.length;
    this.#o.logger.error('audit records dropped', {
      target: this.name, records: dropped.length, reason,
      firstRequestId: dropped[0]?.requestId, lastRequestId: dropped[dropped.length - 1]?.requestId,
      droppedTotal: this.counters.dropped.queue_full,
    });
  }
}
