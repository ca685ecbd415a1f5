/**
 * Runs the audit lanes (audit-lanes.ts) on a worker thread (audit-thread-main.ts), so the
 * server's event loop pays, per request, for building and sealing its record and one array
 * push; the queue appends, the POSTs to the targets and the delivered marks run beside it.
 * Records go over in one message per event-loop turn. Counters and queue lengths come back as
 * snapshots (at most ~100 ms old; exact after `settled()`); records still on their way are
 * counted in the queue length. If the thread dies (a bug), it is logged and started again
 * after a second; records pushed meanwhile wait here (at most the queue size, the oldest
 * beyond that are dropped and counted).
 */
import { Worker } from 'node:worker_threads';
import type { AuditTargetConfig } from '../config/index.js';
import type { ChainHead } from './audit-chain.js';
import type { AuditLanes, LaneSettings, OpenedLanes } from './audit-lanes.js';
import type { AuditThreadInit, FromAuditThread, LaneSnapshot, ToAuditThread } from './audit-thread-messages.js';
import type { AuditLogger, AuditTargetStats } from './audit-types.js';

const RESTART_MS = 1000;
const EMPTY: LaneSnapshot = { received: 0, stats: [] };

export class ThreadLanes implements AuditLanes {
  readonly #init: AuditThreadInit;
  readonly #logger: AuditLogger;
  #worker: Worker | undefined;
  #ready = false;
  #exited: Promise<void> = Promise.resolve();
  /** Alternating JSON text and request id, not yet posted. */
  #pending: string[] = [];
  #turn: NodeJS.Immediate | undefined;
  /** Records posted to the current thread. */
  #posted = 0;
  #snapshot: LaneSnapshot = EMPTY;
  #droppedHere = 0;
  #nextId = 1;
  readonly #waits = new Map<number, () => void>();
  #closing = false;

  private constructor(init: AuditThreadInit, logger: AuditLogger) {
    this.#init = init;
    this.#logger = logger;
  }

  static async open(settings: LaneSettings, targets: readonly AuditTargetConfig[], logger: AuditLogger): Promise<OpenedLanes<ThreadLanes>> {
    const lanes = new ThreadLanes({ settings, targets }, logger);
    const newest = await lanes.#spawn();
    return { lanes, newest };
  }

  push(json: string, requestId: string): void {
    if (this.#closing) return;
    this.#pending.push(json, requestId);
    if (this.#turn === undefined) this.#turn = setImmediate(() => { this.#turn = undefined; this.#flush(); });
  }

  stats(): AuditTargetStats[] {
    const onTheWay = Math.max(0, this.#posted - this.#snapshot.received) + (this.#pending.length >> 1);
    return this.#snapshot.stats.map((s) => ({
      ...s,
      queueLength: s.queueLength + onTheWay,
      dropped: { ...s.dropped, queue_full: s.dropped.queue_full + this.#droppedHere },
    }));
  }

  async settled(): Promise<void> {
    this.#flush();
    await this.#ask('settle');
  }

  async close(): Promise<void> {
    this.#flush();
    this.#closing = true;
    clearImmediate(this.#turn);
    await this.#ask('close');
    await this.#exited;
  }

  #flush(): void {
    const worker = this.#worker;
    if (worker === undefined || !this.#ready) {
      this.#bound();
      return;
    }
    if (this.#pending.length === 0) return;
    const records = this.#pending;
    this.#pending = [];
    this.#posted += records.length >> 1;
    worker.postMessage({ type: 'records', records } satisfies ToAuditThread);
  }

  /** While no thread takes records, keeps at most the queue size of them. */
  #bound(): void {
    const over = (this.#pending.length >> 1) - this.#init.settings.queueSize;
    if (over <= 0) return;
    const firstRequestId = this.#pending[1];
    this.#pending.splice(0, over * 2);
    this.#droppedHere += over;
    this.#logger.error('audit records dropped', { records: over, reason: 'the audit thread is restarting and the queue size is reached', firstRequestId, droppedTotal: this.#droppedHere });
  }

  async #ask(type: 'settle' | 'close'): Promise<void> {
    const worker = this.#worker;
    if (worker === undefined || !this.#ready) return;
    const id = this.#nextId++;
    const done = new Promise<void>((resolve) => { this.#waits.set(id, resolve); });
    worker.ref();
    worker.postMessage({ type, id } satisfies ToAuditThread);
    await done;
  }

  #answered(id: number): void {
    this.#waits.get(id)?.();
    this.#waits.delete(id);
    if (this.#waits.size === 0) this.#worker?.unref();
  }

  #spawn(): Promise<ChainHead | undefined> {
    const worker = new Worker(new URL('./audit-thread-main.js', import.meta.url), { workerData: this.#init });
    this.#worker = worker;
    this.#ready = false;
    this.#posted = 0;
    this.#snapshot = { received: 0, stats: this.#snapshot.stats };
    let markExited: () => void = () => {};
    this.#exited = new Promise((resolve) => { markExited = resolve; });
    return new Promise((resolve, reject) => {
      worker.on('message', (m: FromAuditThread) => {
        switch (m.type) {
          case 'ready':
            this.#ready = true;
            this.#snapshot = m.snapshot;
            worker.unref();
            resolve(m.newest);
            this.#flush();
            break;
          case 'failed': reject(new Error(m.error)); break;
          case 'snapshot': this.#snapshot = m.snapshot; break;
          case 'done': this.#snapshot = m.snapshot; this.#answered(m.id); break;
          case 'log': this.#logger[m.level](m.msg, m.fields); break;
        }
      });
      worker.on('error', (err) => {
        this.#logger.error('audit thread failed', { error: err.message });
        if (!this.#ready) reject(err);
      });
      worker.on('exit', (code) => {
        markExited();
        if (this.#worker !== worker) return;
        const wasReady = this.#ready;
        this.#worker = undefined;
        this.#ready = false;
        for (const id of [...this.#waits.keys()]) this.#answered(id);
        if (!wasReady) { reject(new Error(`the audit thread stopped (exit code ${code}) before its queues were open`)); return; }
        if (this.#closing) return;
        const unsure = Math.max(0, this.#posted - this.#snapshot.received);
        this.#logger.error('audit thread stopped; starting it again', { exitCode: code, recordsPossiblyNotQueued: unsure });
        setTimeout(() => {
          if (this.#closing) return;
          this.#spawn().catch((err: unknown) => this.#logger.error('audit thread not restarted', { error: err instanceof Error ? err.message : String(err) }));
        }, RESTART_MS).unref();
      });
    });
  }
}
