/**
 * The lanes of every target (audit-lanes.ts `LocalLanes`) behind the node's chain head
 * (record-sealer.ts): takes records as encoded fields (record-fields.ts), seals each into the
 * chain and hands the JSON to every lane. Runs on the audit thread (audit-thread-main.ts), or
 * in place when the targets are given as objects (audit-log.ts, unit tests).
 */
import type { AuditTarget } from './targets/audit-target.js';
import { LocalLanes, type AuditLanes, type LaneSettings } from './audit-lanes.js';
import type { AuditLogger, AuditTargetStats } from './audit-types.js';
import { RecordSealer } from './record-sealer.js';

export class SealingLanes implements AuditLanes {
  readonly #lanes: LocalLanes;
  readonly #sealer: RecordSealer;
  readonly #logger: AuditLogger;

  private constructor(lanes: LocalLanes, sealer: RecordSealer, logger: AuditLogger) {
    this.#lanes = lanes;
    this.#sealer = sealer;
    this.#logger = logger;
  }

  /** Opens the queues, then the chain head (continued from the newest record they hold). */
  static async open(s: LaneSettings, deploymentId: string, targets: readonly AuditTarget[], logger: AuditLogger): Promise<SealingLanes> {
    const opened = await LocalLanes.open(s, targets, logger);
    const sealer = await RecordSealer.open({
      dir: s.dir, node: s.node, deploymentId, logger,
      ...(s.fileMode !== undefined ? { fileMode: s.fileMode } : {}),
      ...(s.dirMode !== undefined ? { dirMode: s.dirMode } : {}),
    }, opened.newest);
    return new SealingLanes(opened.lanes, sealer, logger);
  }

  push(fields: string, requestId: string): void {
    let json: string;
    try { json = this.#sealer.seal(fields); } catch (err) {
      // Only a bug gets here (the fields come from encodeRecordFields); never stop the taker.
      this.#logger.error('audit record not sealed', { requestId, error: err instanceof Error ? err.message : String(err) });
      return;
    }
    this.#lanes.push(json, requestId);
  }

  stats(): AuditTargetStats[] { return this.#lanes.stats(); }

  /** Every target takes several records per delivery. */
  get allBatching(): boolean { return this.#lanes.allBatching; }

  /** The most records any target has not yet had delivered. */
  get backlog(): number { return this.#lanes.backlog; }

  /** Once every delivery in flight now has its answer, or after `ms` (LocalLanes.answered). */
  answered(ms: number): Promise<void> { return this.#lanes.answered(ms); }

  settled(): Promise<void> { return this.#lanes.settled(); }

  /** Closes the lanes, then saves the chain head. */
  async close(): Promise<void> {
    await this.#lanes.close();
    await this.#sealer.close();
  }
}
