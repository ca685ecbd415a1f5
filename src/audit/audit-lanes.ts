/**
 * The delivery side of the audit log: one lane per target (audit-lane.ts: durable queue +
 * sender). `LocalLanes` runs them on the calling thread and takes sealed records;
 * sealing-lanes.ts puts the node's chain head in front of them, and audit-thread.ts runs that
 * on a thread of its own, so the server's event loop only encodes each record's fields (the
 * seals, appends, POSTs and delivered marks of every request happen beside it).
 */
import type { AuditQueueFullPolicy } from '../config/index.js';
import type { ChainHead } from './audit-chain.js';
import { AuditLane } from './audit-lane.js';
import type { AuditLogger, AuditTargetStats } from './audit-types.js';
import { join } from 'node:path';
import { DurableQueue } from './queue/durable-queue.js';
import type { AuditTarget } from './targets/audit-target.js';

/** Where and how the lanes keep their queues: plain data (it crosses to the audit thread). */
export interface LaneSettings {
  readonly dir: string;
  readonly node: string;
  readonly queueSize: number;
  readonly policy: AuditQueueFullPolicy;
  readonly blockTimeoutMs: number;
  readonly fileMode?: number;
  readonly dirMode?: number;
  /** Queue fdatasync: 0 per appended batch, else at most this many ms after a write. */
  readonly fsyncIntervalMs?: number;
  /** Queue writes with blocking calls (the audit thread only: durable-queue.ts). */
  readonly blockingWrites?: boolean;
  /** Sender retry pauses (tests shorten them). */
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
}

/** What the audit log needs of its lanes, wherever they run. */
export interface AuditLanes {
  /** Takes a record's encoded fields (record-fields.ts) for every target; never waits. */
  push(fields: string, requestId: string): void;
  stats(): AuditTargetStats[];
  /** Resolves once every record pushed so far is in its queues (or dropped). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenedLanes {
  readonly lanes: LocalLanes;
  /** The newest record found in the queues (chain recovery), if any. */
  readonly newest: ChainHead | undefined;
}

function headOf(json: string | undefined): ChainHead | undefined {
  if (json === undefined) return undefined;
  const c = (JSON.parse(json) as { chain?: { seq?: unknown; hash?: unknown } }).chain;
  return typeof c?.seq === 'number' && typeof c.hash === 'string' ? { seq: c.seq, hash: c.hash } : undefined;
}

/** The lanes of every target on this thread; `push` takes sealed JSON text. */
export class LocalLanes {
  readonly #lanes: readonly AuditLane[];

  private constructor(lanes: readonly AuditLane[]) {
    this.#lanes = lanes;
  }

  /** Opens each target's queue under `<dir>/<node>/<target>/` and starts its sender. */
  static async open(s: LaneSettings, targets: readonly AuditTarget[], logger: AuditLogger): Promise<OpenedLanes> {
    const nodeDir = join(s.dir, s.node);
    const modes = { ...(s.fileMode !== undefined ? { fileMode: s.fileMode } : {}), ...(s.dirMode !== undefined ? { dirMode: s.dirMode } : {}) };
    let newest: ChainHead | undefined;
    const lanes: AuditLane[] = [];
    for (const target of targets) {
      const queue = new DurableQueue({ dir: join(nodeDir, target.name), maxRecords: s.queueSize, ...modes, ...(s.fsyncIntervalMs !== undefined ? { fsyncIntervalMs: s.fsyncIntervalMs } : {}), blockingWrites: s.blockingWrites === true });
      const report = await queue.open();
      if (report.tornBytes > 0 || report.damagedLines > 0) {
        logger.warn('audit queue: damaged records left out', { target: target.name, tornBytes: report.tornBytes, damagedLines: report.damagedLines });
      }
      const head = headOf(report.newest);
      if (head !== undefined && (newest === undefined || head.seq > newest.seq)) newest = head;
      lanes.push(new AuditLane({
        target, queue, policy: s.policy, blockTimeoutMs: s.blockTimeoutMs, logger,
        ...(s.retryMinMs !== undefined ? { retryMinMs: s.retryMinMs } : {}),
        ...(s.retryMaxMs !== undefined ? { retryMaxMs: s.retryMaxMs } : {}),
      }));
      if (report.records > 0) logger.info('audit queue: records to deliver from before the start', { target: target.name, records: report.records });
    }
    for (const lane of lanes) lane.start();
    return { lanes: new LocalLanes(lanes), newest };
  }

  push(json: string, requestId: string): void {
    for (const lane of this.#lanes) lane.push(json, requestId);
  }

  stats(): AuditTargetStats[] {
    return this.#lanes.map((l) => l.stats());
  }

  /** Every target takes several records per delivery (none sends one request per record). */
  get allBatching(): boolean {
    return this.#lanes.every((l) => l.batchSize > 1);
  }

  /** The most records any target has not yet had delivered. */
  get backlog(): number {
    let most = 0;
    for (const lane of this.#lanes) most = Math.max(most, lane.backlog);
    return most;
  }

  /**
   * Resolves once every delivery in flight now has its answer, or after `ms` (at once when
   * none is in flight).
   */
  async answered(ms: number): Promise<void> {
    const sending = this.#lanes.filter((l) => l.sending);
    if (sending.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(sending.map((l) => l.answered())),
      new Promise<void>((resolve) => { timer = setTimeout(resolve, ms); }),
    ]);
    clearTimeout(timer);
  }

  async settled(): Promise<void> {
    await Promise.all(this.#lanes.map((l) => l.settled()));
  }

  async close(): Promise<void> {
    await Promise.all(this.#lanes.map((l) => l.close()));
  }
}
