/**
 * Admin heal sequences (POST /minio/admin/v3/heal/): one heal pass over everything
 * (workers/heal-pass.ts: bucket records and config documents, every object key of every set,
 * every pending multipart upload), deep (every frame's bitrot checksum) or normal (existence
 * and size), started on demand, at full speed (the operator asked for it), one at a time.
 * Results are counted per sequence and reported to the shared HealOutcomes. A sequence is
 * stopped by forceStart or close() between two keys. The last few ended sequences are kept
 * so that their status can still be asked for by token. Runs in any server process (it
 * needs only the layer, not the background workers).
 */
import { randomUUID } from 'node:crypto';
import type { HealSequence, HealSequenceState, HealStartOptions } from '../admin/admin-backend.js';
import type { ObjectHealer } from '../object/heal/index.js';
import { runHealPass, UnhealableLog } from '../workers/index.js';
import { unhealableList, unhealedReason, type HealOutcomes } from './heal-outcomes.js';

export interface HealSequencesOptions {
  readonly healer: ObjectHealer;
  readonly outcomes: HealOutcomes;
  /** Keys per range scan (default 200). */
  readonly batchSize?: number;
  /** Ended sequences kept for status queries (default 8). */
  readonly keep?: number;
  readonly now?: () => Date;
}

const MAX_FAILURES = 20;
const SEQUENCE_UNHEALABLE = 100;

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

class Sequence {
  readonly token = randomUUID();
  readonly controller = new AbortController();
  readonly unhealable = new UnhealableLog(SEQUENCE_UNHEALABLE);
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
      ...(this.finished ? { finished: this.finished.toISOString() } : {}),
      objectsChecked: this.objectsChecked,
      objectsHealed: this.objectsHealed,
      shardsHealed: this.shardsHealed,
      recordsHealed: this.recordsHealed,
      unhealable: unhealableList(this.unhealable),
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
    this.#running?.controller.abort();
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
    const { outcomes } = this.#opts;
    try {
      const pass = await runHealPass(this.#opts.healer, {
        deep: seq.deep,
        signal: seq.controller.signal,
        ...(this.#opts.batchSize !== undefined ? { batchSize: this.#opts.batchSize } : {}),
        onResult: (res) => {
          seq.objectsChecked++;
          seq.shardsHealed += res.shardsHealed;
          seq.recordsHealed += res.recordsHealed;
          if (res.shardsHealed + res.recordsHealed > 0) seq.objectsHealed++;
          outcomes.record(res);
          const reason = unhealedReason(res);
          if (reason !== undefined) seq.unhealable.add(res.bucket, res.key, reason);
        },
        onError: (bucket, key, err) => {
          if (bucket === '') { seq.fail(`bucket records: ${message(err)}`); return; }
          if (!/^upload /.test(message(err))) seq.objectsChecked++;
          seq.unhealable.add(bucket, key, outcomes.recordError(bucket, key, err));
        },
      });
      seq.recordsHealed += pass.bucketRecordsHealed;
      outcomes.records += pass.bucketRecordsHealed;
      // Upload part files rebuilt are counted by the pass, not per key.
      seq.shardsHealed = Math.max(seq.shardsHealed, pass.shardsHealed);
      seq.state = pass.isComplete ? 'finished' : 'stopped';
    } catch (err) {
      seq.state = 'failed';
      seq.fail(message(err));
    } finally {
      seq.finished = this.#now();
      if (this.#running === seq) this.#running = undefined;
    }
  }
}
