/**
 * The audit log of one server process: subscribes to `cairn:request:end`
 * (s3/pipeline/request-events.ts) and hands each request's record fields, encoded as one
 * string (record-fields.ts), to the lanes. Where the lanes run, each record is built
 * (audit-record.ts), sealed into this node's hash chain (record-sealer.ts, audit-chain.ts) and
 * given to every target's lane (audit-lanes.ts: durable queue + sender). With the targets
 * given as configurations (what the server does) that is an audit thread of its own
 * (audit-thread.ts); with target objects, this thread (sealing-lanes.ts). Nothing here runs on
 * the request's path but the encoding; requests never wait for a disk or a target.
 *
 * Layout under `dir` (one per process: `node` names the hostname and worker slot, so
 * `--workers N` processes never share a queue or a chain):
 *   <dir>/<node>/chain.json            the newest sealed head {seq, hash} (record-sealer.ts)
 *   <dir>/<node>/<target>/             that target's durable queue
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { AuditTargetConfig } from '../config/index.js';
import { REQUEST_END_CHANNEL, type RequestEndEvent } from '../s3/pipeline/request-events.js';
import type { AuditLanes, LaneSettings } from './audit-lanes.js';
import { ThreadLanes } from './audit-thread.js';
import type { AuditLogger, AuditTargetStats } from './audit-types.js';
import { encodeRecordFields } from './record-fields.js';
import { SealingLanes } from './sealing-lanes.js';
import type { AuditTarget } from './targets/audit-target.js';

/** What a record needs from the server beyond the request's end event. */
export interface RecordContext {
  readonly deploymentId: string;
  /** The account name of an access key ('' when none is known). */
  readonly accountOf: (accessKey: string) => string;
}

/**
 * Targets as objects (their lanes run on this thread), or as configurations (the lanes run on
 * an audit thread of their own, audit-thread.ts: what the server does).
 */
export type AuditLogOptions = RecordContext & LaneSettings & { readonly logger: AuditLogger } & (
  | { readonly targets: readonly AuditTarget[]; readonly targetConfigs?: undefined }
  | { readonly targetConfigs: readonly AuditTargetConfig[]; readonly targets?: undefined }
);

/** The plain-data part of the options (what crosses to the audit thread). */
function laneSettings(o: AuditLogOptions): LaneSettings {
  return {
    dir: o.dir, node: o.node, queueSize: o.queueSize, policy: o.policy, blockTimeoutMs: o.blockTimeoutMs,
    ...(o.fileMode !== undefined ? { fileMode: o.fileMode } : {}),
    ...(o.dirMode !== undefined ? { dirMode: o.dirMode } : {}),
    ...(o.fsyncIntervalMs !== undefined ? { fsyncIntervalMs: o.fsyncIntervalMs } : {}),
    ...(o.retryMinMs !== undefined ? { retryMinMs: o.retryMinMs } : {}),
    ...(o.retryMaxMs !== undefined ? { retryMaxMs: o.retryMaxMs } : {}),
  };
}

export class AuditLog {
  readonly #o: AuditLogOptions;
  readonly #lanes: AuditLanes;
  readonly #onEnd = (msg: unknown): void => {
    // A subscriber's throw would surface as an uncaught exception: never let one escape.
    try { this.#record(msg as RequestEndEvent); } catch (err) {
      this.#o.logger.error('audit record not built', { error: err instanceof Error ? err.message : String(err) });
    }
  };

  private constructor(opts: AuditLogOptions, lanes: AuditLanes) {
    this.#o = opts;
    this.#lanes = lanes;
  }

  static async open(opts: AuditLogOptions): Promise<AuditLog> {
    const settings = laneSettings(opts);
    const lanes: AuditLanes = opts.targetConfigs !== undefined
      ? await ThreadLanes.open(settings, opts.deploymentId, opts.targetConfigs, opts.logger)
      : await SealingLanes.open(settings, opts.deploymentId, opts.targets, opts.logger);
    const log = new AuditLog(opts, lanes);
    subscribe(REQUEST_END_CHANNEL, log.#onEnd);
    return log;
  }

  get node(): string { return this.#o.node; }

  stats(): AuditTargetStats[] {
    return this.#lanes.stats();
  }

  /** Resolves once every record so far is in its queues (or dropped). */
  async settled(): Promise<void> {
    await this.#lanes.settled();
  }

  /** Stops taking records; closes the lanes (which save the chain head). */
  async close(): Promise<void> {
    unsubscribe(REQUEST_END_CHANNEL, this.#onEnd);
    await this.#lanes.close();
  }

  #record(e: RequestEndEvent): void {
    this.#lanes.push(encodeRecordFields(e, e.accessKey === '' ? '' : this.#o.accountOf(e.accessKey)), e.requestId);
  }
}
