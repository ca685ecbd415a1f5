/**
 * The audit log of one server process: subscribes to `cairn:request:end`
 * (s3/pipeline/request-events.ts), turns each request into a record (audit-record.ts),
 * seals it into this node's hash chain (audit-chain.ts) and hands it to every target's lane
 * (audit-lane.ts: durable queue + sender). Nothing here runs on the request's path but the
 * record build and one sha256; requests never wait for a disk or a target.
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
import type { AuditQueueFullPolicy } from '../config/index.js';
import { REQUEST_END_CHANNEL, type RequestEndEvent } from '../s3/pipeline/request-events.js';
import { CHAIN_START, type ChainHead } from './audit-chain.js';
import { AuditLane } from './audit-lane.js';
import { sealedRecordText, type RecordContext } from './audit-record.js';
import type { AuditLogger, AuditTargetStats } from './audit-types.js';
import { DurableQueue } from './queue/durable-queue.js';
import type { AuditTarget } from './targets/audit-target.js';

/** The chain head file is rewritten at most this often (and at close). */
const HEAD_SAVE_MS = 1000;

export interface AuditLogOptions extends RecordContext {
  readonly dir: string;
  readonly node: string;
  readonly targets: readonly AuditTarget[];
  readonly queueSize: number;
  readonly policy: AuditQueueFullPolicy;
  readonly blockTimeoutMs: number;
  readonly logger: AuditLogger;
  readonly fileMode?: number;
  readonly dirMode?: number;
  /** Queue fdatasync: 0 per appended batch, else at most this many ms after a write. */
  readonly fsyncIntervalMs?: number;
  /** Sender retry pauses (tests shorten them). */
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
}

function headOf(json: string | undefined): ChainHead | undefined {
  if (json === undefined) return undefined;
  const c = (JSON.parse(json) as { chain?: { seq?: unknown; hash?: unknown } }).chain;
  return typeof c?.seq === 'number' && typeof c.hash === 'string' ? { seq: c.seq, hash: c.hash } : undefined;
}

export class AuditLog {
  readonly #o: AuditLogOptions;
  readonly #lanes: AuditLane[];
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

  private constructor(opts: AuditLogOptions, lanes: AuditLane[], head: ChainHead) {
    this.#o = opts;
    this.#lanes = lanes;
    this.#head = head;
    this.#chainFile = join(opts.dir, opts.node, 'chain.json');
  }

  static async open(opts: AuditLogOptions): Promise<AuditLog> {
    const nodeDir = join(opts.dir, opts.node);
    const modes = { ...(opts.fileMode !== undefined ? { fileMode: opts.fileMode } : {}), ...(opts.dirMode !== undefined ? { dirMode: opts.dirMode } : {}) };
    await mkdir(nodeDir, { recursive: true, ...(opts.dirMode !== undefined ? { mode: opts.dirMode } : {}) });
    let head = await AuditLog.#readHead(join(nodeDir, 'chain.json'));
    const lanes: AuditLane[] = [];
    for (const target of opts.targets) {
      const queue = new DurableQueue({ dir: join(nodeDir, target.name), maxRecords: opts.queueSize, ...modes, ...(opts.fsyncIntervalMs !== undefined ? { fsyncIntervalMs: opts.fsyncIntervalMs } : {}) });
      const report = await queue.open();
      if (report.tornBytes > 0 || report.damagedLines > 0) {
        opts.logger.warn('audit queue: damaged records left out', { target: target.name, tornBytes: report.tornBytes, damagedLines: report.damagedLines });
      }
      const newest = headOf(report.newest);
      if (newest !== undefined && newest.seq > head.seq) head = newest;
      lanes.push(new AuditLane({
        target, queue, policy: opts.policy, blockTimeoutMs: opts.blockTimeoutMs, logger: opts.logger,
        ...(opts.retryMinMs !== undefined ? { retryMinMs: opts.retryMinMs } : {}),
        ...(opts.retryMaxMs !== undefined ? { retryMaxMs: opts.retryMaxMs } : {}),
      }));
      if (report.records > 0) opts.logger.info('audit queue: records to deliver from before the start', { target: target.name, records: report.records });
    }
    const log = new AuditLog(opts, lanes, head);
    for (const lane of lanes) lane.start();
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
    return this.#lanes.map((l) => l.stats());
  }

  /** Resolves once every record so far is in its queues (or dropped). */
  async settled(): Promise<void> {
    await Promise.all(this.#lanes.map((l) => l.settled()));
  }

  async close(): Promise<void> {
    unsubscribe(REQUEST_END_CHANNEL, this.#onEnd);
    await Promise.all(this.#lanes.map((l) => l.close()));
    clearTimeout(this.#headTimer);
    this.#headTimer = undefined;
    this.#writeHead();
    await this.#headWrite;
  }

  #record(e: RequestEndEvent): void {
    const sealed = sealedRecordText(e, this.#o, this.#o.node, this.#head);
    this.#head = sealed.head;
    for (const lane of this.#lanes) lane.push(sealed.json, e.requestId);
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
