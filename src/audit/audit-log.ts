/**
 * The audit log of one server process: subscribes to `cairn:request:end`
 * (s3/pipeline/request-events.ts), turns each request into a record (audit-record.ts),
 * seals it into this node's hash chain (audit-chain.ts) and hands it to every target's lane
 * (audit-lanes.ts: durable queue + sender; on an audit thread of their own when the targets
 * are given as configurations, audit-thread.ts). Nothing here runs on the request's path but
 * the record build and one sha256; requests never wait for a disk or a target.
 *
 * Layout under `dir` (one per process: `node` names the hostname and worker slot, so
 * `--workers N` processes never share a queue or a chain):
 *   <dir>/<node>/chain.json            the newest sealed head {seq, hash} (tmp + rename)
 *   <dir>/<node>/<target>/             that target's durable queue
 * At start the chain continues from the newest of chain.json and the queues' newest records
 * (the newest record always stays on disk; chain.json, rewritten at most once a second and
 * at close, covers records that were dropped or targets that were removed). A record sealed
 * but not yet appended when the process is killed (a window of about one append after its
 * response closed) is lost with its seq, which the next start may reuse.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditTargetConfig } from '../config/index.js';
import { REQUEST_END_CHANNEL, type RequestEndEvent } from '../s3/pipeline/request-events.js';
import { CHAIN_START, type ChainHead } from './audit-chain.js';
import { LocalLanes, type AuditLanes, type LaneSettings, type OpenedLanes } from './audit-lanes.js';
import { ThreadLanes } from './audit-thread.js';
import { sealedRecordText, type RecordContext } from './audit-record.js';
import type { AuditLogger, AuditTargetStats } from './audit-types.js';
import type { AuditTarget } from './targets/audit-target.js';

/** The chain head file is rewritten at most this often (and at close). */
const HEAD_SAVE_MS = 1000;

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
  readonly #chainFile: string;
  #head: ChainHead;
  #headWrite: Promise<void> = Promise.resolve();
  #headTimer: NodeJS.Timeout | undefined;
  readonly #onEnd = (msg: unknown): void => {
    // A subscriber's throw would surface as an uncaught exception: never let one escape.
    try { this.#record(msg as RequestEndEvent); } catch (err) {
      this.#o.logger.error('audit record not built', { error: err instanceof Error ? err.message : String(err) });
    }
  };

  private constructor(opts: AuditLogOptions, lanes: AuditLanes, head: ChainHead) {
    this.#o = opts;
    this.#lanes = lanes;
    this.#head = head;
    this.#chainFile = join(opts.dir, opts.node, 'chain.json');
  }

  static async open(opts: AuditLogOptions): Promise<AuditLog> {
    const nodeDir = join(opts.dir, opts.node);
    await mkdir(nodeDir, { recursive: true, ...(opts.dirMode !== undefined ? { mode: opts.dirMode } : {}) });
    let head = await AuditLog.#readHead(join(nodeDir, 'chain.json'));
    const settings = laneSettings(opts);
    const opened: OpenedLanes<AuditLanes> = opts.targetConfigs !== undefined
      ? await ThreadLanes.open(settings, opts.targetConfigs, opts.logger)
      : await LocalLanes.open(settings, opts.targets, opts.logger);
    if (opened.newest !== undefined && opened.newest.seq > head.seq) head = opened.newest;
    const log = new AuditLog(opts, opened.lanes, head);
    subscribe(REQUEST_END_CHANNEL, log.#onEnd);
    return log;
  }

  static async #readHead(file: string): Promise<ChainHead> {
    try {
      const doc = JSON.parse(await readFile(file, 'utf8')) as { seq?: unknown; hash?: unknown };
      if (typeof doc.seq === 'number' && typeof doc.hash === 'string') return { seq: doc.seq, hash: doc.hash };
    } catch { /* no head yet */ }
    return CHAIN_START;
  }

  get node(): string { return this.#o.node; }

  stats(): AuditTargetStats[] {
    return this.#lanes.stats();
  }

  /** Resolves once every record so far is in its queues (or dropped). */
  async settled(): Promise<void> {
    await this.#lanes.settled();
  }

  async close(): Promise<void> {
    unsubscribe(REQUEST_END_CHANNEL, this.#onEnd);
    await this.#lanes.close();
    clearTimeout(this.#headTimer);
    this.#headTimer = undefined;
    this.#writeHead();
    await this.#headWrite;
  }

  #record(e: RequestEndEvent): void {
    const sealed = sealedRecordText(e, this.#o, this.#o.node, this.#head);
    this.#head = sealed.head;
    this.#lanes.push(sealed.json, e.requestId);
    this.#saveHead();
  }

  /**
   * Saves the chain head at most once per HEAD_SAVE_MS (a rename per record would cost a
   * forced flush each on ext4 and hold a thread-pool thread the data path needs).
   */
  #saveHead(): void {
    if (this.#headTimer !== undefined) return;
    this.#headTimer = setTimeout(() => { this.#headTimer = undefined; this.#writeHead(); }, HEAD_SAVE_MS);
    this.#headTimer.unref();
  }

  #writeHead(): void {
    const head = this.#head;
    this.#headWrite = this.#headWrite.then(async () => {
      const tmp = `${this.#chainFile}.tmp`;
      await writeFile(tmp, JSON.stringify(head), { mode: this.#o.fileMode ?? 0o600 });
      await rename(tmp, this.#chainFile);
    }).catch((err: unknown) => {
      this.#o.logger.warn('audit chain head not saved', { error: err instanceof Error ? err.message : String(err) });
    });
  }

}
