/**
 * Runs the audit lanes and the chain head (sealing-lanes.ts) on a worker thread
 * (audit-thread-main.ts), so the server's event loop pays, per request, for encoding its
 * record's fields (record-fields.ts) and copying them into a ring in shared memory
 * (record-ring.ts); the record's JSON and seal, the queue appends, the POSTs to the targets
 * and the delivered marks run beside it. Counters come back as snapshots (at most ~100 ms
 * old; exact after `settled()`); records in the ring or waiting here are counted in the queue
 * length at once. If the ring is full (the thread is behind, or restarting after it died: it
 * is logged and started again after a second, and goes on from the ring's read position),
 * records wait here in order (at most the queue size; the oldest beyond that are dropped and
 * counted) and move into the ring as room appears.
 */
import { Worker } from 'node:worker_threads';
import type { AuditTargetConfig } from '../config/index.js';
import type { AuditLanes, LaneSettings } from './audit-lanes.js';
import type { AuditThreadInit, FromAuditThread, LaneSnapshot, ToAuditThread } from './audit-thread-messages.js';
import type { AuditLogger, AuditTargetStats } from './audit-types.js';
import { allocRing, RingWriter } from './record-ring.js';

const RESTART_MS = 1000;
/** Shared memory between the server thread and the audit thread: ~4,000 records of 1 KiB. */
const RING_BYTES = 4 * 1024 * 1024;
/** Records that did not fit in the ring are offered to it again this often. */
const RETRY_MS = 5;
const EMPTY: LaneSnapshot = { stats: [] };

export class ThreadLanes implements AuditLanes {
  readonly #init: AuditThreadInit;
  readonly #logger: AuditLogger;
  #worker: Worker | undefined;
  #ready = false;
  #exited: Promise<void> = Promise.resolve();
  readonly #ring: RingWriter;
  /** Alternating encoded fields and request id: records the ring had no room for, in order. */
  #pending: string[] = [];
  #retry: NodeJS.Timeout | undefined;
  #snapshot: LaneSnapshot = EMPTY;
  #droppedHere = 0;
  #nextId = 1;
  readonly #waits = new Map<number, () => void>();
  #closing = false;

  private constructor(init: AuditThreadInit, logger: AuditLogger) {
    this.#init = init;
    this.#logger = logger;
    this.#ring = new RingWriter(init.ring);
  }

  static async open(settings: LaneSettings, deploymentId: string, targets: readonly AuditTargetConfig[], logger: AuditLogger): Promise<ThreadLanes> {
    const lanes = new ThreadLanes({ settings, deploymentId, targets, ring: allocRing(RING_BYTES) }, logger);
    await lanes.#spawn();
    return lanes;
  }

  push(fields: string, requestId: string): void {
    if (this.#closing) return;
    if (this.#pending.length === 0 && this.#ring.write(fields, requestId)) return;
    this.#pending.push(fields, requestId);
    this.#flush();
  }

  stats(): AuditTargetStats[] {
    const onTheWay = this.#ring.records + (this.#pending.length >> 1);
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
    clearTimeout(this.#retry);
    this.#retry = undefined;
    await this.#ask('close');
    await this.#exited;
  }

  /** Moves waiting records into the ring while it has room; retries later for the rest. */
  #flush(): void {
    const p = this.#pending;
    let i = 0;
    while (i < p.length && this.#ring.write(p[i]!, p[i + 1]!)) i += 2;
    if (i > 0) p.splice(0, i);
    if (p.length === 0) return;
    this.#bound();
    if (this.#retry === undefined && !this.#closing) {
      this.#retry = setTimeout(() => { this.#retry = undefined; this.#flush(); }, RETRY_MS);
      this.#retry.unref();
    }
  }

  /** Keeps at most the queue size of records waiting for the ring; the oldest beyond are dropped. */
  #bound(): void {
    const over = (this.#pending.length >> 1) - this.#init.settings.queueSize;
    if (over <= 0) return;
    const firstRequestId = this.#pending[1];
    this.#pending.splice(0, over * 2);
    this.#droppedHere += over;
    this.#logger.error('audit records dropped', { records: over, reason: 'the audit thread is behind or restarting and the queue size is reached', firstRequestId, droppedTotal: this.#droppedHere });
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

  #spawn(): Promise<void> {
    const worker = new Worker(new URL('./audit-thread-main.js', import.meta.url), { workerData: this.#init });
    this.#worker = worker;
    this.#ready = false;
    let markExited: () => void = () => {};
    this.#exited = new Promise((resolve) => { markExited = resolve; });
    return new Promise((resolve, reject) => {
      worker.on('message', (m: FromAuditThread) => {
        switch (m.type) {
          case 'ready':
            this.#ready = true;
            this.#snapshot = m.snapshot;
            worker.unref();
            resolve();
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
        this.#logger.error('audit thread stopped; starting it again', { exitCode: code, recordsInTheRing: this.#ring.records });
        setTimeout(() => {
          if (this.#closing) return;
          this.#spawn().catch((err: unknown) => this.#logger.error('audit thread not restarted', { error: err instanceof Error ? err.message : String(err) }));
        }, RESTART_MS).unref();
      });
    });
  }
}
