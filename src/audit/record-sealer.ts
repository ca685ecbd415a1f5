/**
 * The chain head of one node (audit-chain.ts) where records are sealed: turns encoded record
 * fields (record-fields.ts) into sealed JSON text (audit-record.ts), each the next link of the
 * node's chain, and keeps the head in `<dir>/<node>/chain.json` (tmp + rename, at most once
 * per HEAD_SAVE_MS and at close). At open the chain continues from the newest of that file and
 * the newest record the queues hold (the newest record always stays on disk; the file covers
 * records that were dropped or targets that were removed). A record sealed but not yet
 * appended when the process is killed (a window of about one append) is lost with its seq,
 * which the next start may reuse.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CHAIN_START, type ChainHead } from './audit-chain.js';
import { sealedRecordText } from './audit-record.js';
import type { AuditLogger } from './audit-types.js';
import { decodeRecordFields } from './record-fields.js';

/** The chain head file is rewritten at most this often (and at close). */
const HEAD_SAVE_MS = 1000;

export interface SealerOptions {
  readonly dir: string;
  readonly node: string;
  readonly deploymentId: string;
  readonly logger: AuditLogger;
  readonly fileMode?: number;
  readonly dirMode?: number;
}

export class RecordSealer {
  readonly #o: SealerOptions;
  readonly #file: string;
  #head: ChainHead;
  #headWrite: Promise<void> = Promise.resolve();
  #headTimer: NodeJS.Timeout | undefined;

  private constructor(o: SealerOptions, head: ChainHead) {
    this.#o = o;
    this.#file = join(o.dir, o.node, 'chain.json');
    this.#head = head;
  }

  /** Continues the chain from chain.json or `newestQueued` (the queues' newest record), whichever is newer. */
  static async open(o: SealerOptions, newestQueued: ChainHead | undefined): Promise<RecordSealer> {
    const nodeDir = join(o.dir, o.node);
    await mkdir(nodeDir, { recursive: true, ...(o.dirMode !== undefined ? { mode: o.dirMode } : {}) });
    let head = await RecordSealer.#readHead(join(nodeDir, 'chain.json'));
    if (newestQueued !== undefined && newestQueued.seq > head.seq) head = newestQueued;
    return new RecordSealer(o, head);
  }

  static async #readHead(file: string): Promise<ChainHead> {
    try {
      const doc = JSON.parse(await readFile(file, 'utf8')) as { seq?: unknown; hash?: unknown };
      if (typeof doc.seq === 'number' && typeof doc.hash === 'string') return { seq: doc.seq, hash: doc.hash };
    } catch { /* no head yet */ }
    return CHAIN_START;
  }

  /** The sealed JSON text of encoded fields, linked to the record sealed before it. */
  seal(fields: string): string {
    const sealed = sealedRecordText(decodeRecordFields(fields), this.#o.deploymentId, this.#o.node, this.#head);
    this.#head = sealed.head;
    this.#saveHead();
    return sealed.json;
  }

  /** Writes the head now; no save is pending after it. */
  async close(): Promise<void> {
    clearTimeout(this.#headTimer);
    this.#headTimer = undefined;
    this.#writeHead();
    await this.#headWrite;
  }

  /**
   * Saves the chain head at most once per HEAD_SAVE_MS (a rename per record would cost a
   * forced flush each on ext4).
   */
  #saveHead(): void {
    if (this.#headTimer !== undefined) return;
    this.#headTimer = setTimeout(() => { this.#headTimer = undefined; this.#writeHead(); }, HEAD_SAVE_MS);
    this.#headTimer.unref();
  }

  #writeHead(): void {
    const head = this.#head;
    this.#headWrite = this.#headWrite.then(async () => {
      const tmp = `${this.#file}.tmp`;
      await writeFile(tmp, JSON.stringify(head), { mode: this.#o.fileMode ?? 0o600 });
      await rename(tmp, this.#file);
    }).catch((err: unknown) => {
      this.#o.logger.warn('audit chain head not saved', { error: err instanceof Error ? err.message : String(err) });
    });
  }
}
