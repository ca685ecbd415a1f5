/**
 * Admin heal sequences (POST /minio/admin/v3/heal/): one pass over everything, started on
 * demand, one at a time:
 *  1. the deployment-wide records (`b/`, `c/`: object/heal healBucketRecords);
 *  2. every object key of every set (workers/set-key-walker.ts nextKeyBatch, the walk the
 *     scanner and the replaced-drive healer use), each healed with object/heal healObject,
 *     deep (every frame's bitrot checksum) or normal (existence and size).
 * Results are counted per sequence and reported to the shared HealOutcomes. A sequence is
 * stopped by forceStart or close() between two keys. The last few ended sequences are kept
 * so that their status can still be asked for by token.
 */
import { randomUUID } from 'node:crypto';
import type { HealSequence, HealSequenceState, HealStartOptions } from '../admin/admin-backend.js';
import type { LayerContext } from '../object/index.js';
import { healBucketRecords, healObject } from '../object/heal/index.js';
import { nextKeyBatch } from '../workers/set-key-walker.js';
import { UnhealableLog, unhealedReason, type HealOutcomes } from './heal-outcomes.js';

export interface HealSequencesOptions {
  readonly ctx: LayerContext;
  readonly outcomes: HealOutcomes;
  /** Keys per range scan (default 200). */
  readonly batchSize?: number;
  /** Ended sequences kept for status queries (default 8). */
  readonly keep?: number;
  readonly now?: () => Date;
}

const MAX_FAILURES = 20;

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

class Sequence {
  readonly token = randomUUID();
  readonly controller = new AbortController();
  readonly unhealable = new UnhealableLog();
  readonly failures: string[] = [];
  state: HealSequenceState = 'running';
  finished: Date | undefined;
  objectsChecked = 0;
  objectsHealed = 0;
  shardsHealed = 0;
  recordsHealed = 0;
  done: Promise<void> = Promise.resolve();

  constructor(readonly deep: boolean, readonly clientAddress: string, readonly started: Date) {}

  fail(text: string): void {
    if (this.failures.length < MAX_FAILURES) this.failures.push(text);
  }

  snapshot(): HealSequence {
    return {
      clientToken: this.token,
      state: this.state,
      done: this.state !== 'running',
      deep: this.deep,
      clientAddress: this.clientAddress,
      started: this.started.toISOString(),
      finished: this.finished?.toISOString(),
      objectsChecked: this.objectsChecked,
      objectsHealed: this.objectsHealed,
      shardsHealed: this.shardsHealed,
      recordsHealed: this.recordsHealed,
      unhealable: this.unhealable.list(),
      failures: [...this.failures],
    };
  }
}

export class HealSequences {
  readonly #opts: HealSequencesOptions;
  readonly #now: () => Date;
  readonly #sequences = new Map<string, Sequence>();
  #running: Sequence | undefined;
  #closed = false;

  constructor(opts: HealSequencesOptions) {
    this.#opts = opts;
    this.#now = opts.now ?? (() => new Date());
  }

  start(opts: HealStartOptions): HealSequence | 'already-running' {
    if (this.#closed) throw new Error('heal sequences are closed (the server is stopping)');
    if (this.#running !== undefined) {
      if (opts.force !== true) return 'already-running';
      this.#running.controller.abort();
    }
    const seq = new Sequence(opts.deep, opts.clientAddress ?? '', this.#now());
    this.#running = seq;
    this.#sequences.set(seq.token, seq);
    this.#prune();
    seq.done = this.#run(seq);
    return seq.snapshot();
  }

  get(token: string): HealSequence | undefined {
    return this.#sequences.get(token)?.snapshot();
  }

  /** The most recently started sequence. */
  latest(): HealSequence | undefined {
    let last: Sequence | undefined;
    for (const s of this.#sequences.values()) last = s;
    return last?.snapshot();
  }

  /** Stop the running sequence (if any) and wait for it; no sequence starts after this. */
  async close(): Promise<void> {
    this.#closed = true;
    const running = this.#running;
    running?.controller.abort();
    await Promise.all([...this.#sequences.values()].map((s) => s.done));
  }

  #prune(): void {
    const keep = this.#opts.keep ?? 8;
    for (const [token, s] of this.#sequences) {
      if (this.#sequences.size <= keep + 1) break;
      if (s.state !== 'running') this.#sequences.delete(token);
    }
  }

  async #run(seq: Sequence): Promise<void> {
    try {
      await this.#healBuckets(seq);
      for (const set of this.#opts.ctx.storage.sets) {
        if (!(await this.#healSet(seq, set))) { seq.state = 'stopped'; return; }
      }
      seq.state = 'finished';
    } catch (err) {
      seq.state = 'failed';
      seq.fail(message(err));
    } finally {
      seq.finished = this.#now();
      if (this.#running === seq) this.#running = undefined;
    }
  }

  async #healBuckets(seq: Sequence): Promise<void> {
    try {
      const b = await healBucketRecords(this.#opts.ctx);
      seq.recordsHealed += b.bucketRecordsHealed + b.configRecordsHealed;
      this.#opts.outcomes.records += b.bucketRecordsHealed + b.configRecordsHealed;
      for (const f of b.failures) seq.fail(`bucket records: ${f}`);
    } catch (err) {
      seq.fail(`bucket records: ${message(err)}`);
    }
  }

  /** Heal every key of one set; false when the sequence was stopped. */
  async #healSet(seq: Sequence, set: LayerContext['storage']['sets'][number]): Promise<boolean> {
    const signal = seq.controller.signal;
    let after: string | undefined;
    // Bounded: every batch advances `after`, or is the last one.
    for (;;) {
      if (signal.aborted) return false;
      const batch = await nextKeyBatch(set, after, this.#opts.batchSize ?? 200);
      for (const item of batch.items) {
        if (signal.aborted) return false;
        await this.#healKey(seq, item.bucket, item.key);
        after = item.metaKey;
      }
      if (batch.next === undefined) return true;
      after = batch.next;
    }
  }

  async #healKey(seq: Sequence, bucket: string, key: string): Promise<void> {
    const at = (): string => this.#now().toISOString();
    seq.objectsChecked++;
    try {
      const res = await healObject(this.#opts.ctx, bucket, key, { deep: seq.deep });
      seq.shardsHealed += res.shardsHealed;
      seq.recordsHealed += res.recordsHealed;
      if (res.shardsHealed + res.recordsHealed > 0) seq.objectsHealed++;
      this.#opts.outcomes.record(res);
      const reason = unhealedReason(res);
      if (reason !== undefined) seq.unhealable.add({ bucket, key, reason, at: at() });
    } catch (err) {
      seq.unhealable.add({ bucket, key, reason: this.#opts.outcomes.recordError(bucket, key, err), at: at() });
    }
  }
}
