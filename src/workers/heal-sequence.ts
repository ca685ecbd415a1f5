/**
 * Heal sequences: a heal pass over everything started on demand (the admin API's
 * `POST /minio/admin/v3/heal/`, `cairn admin heal [--deep] [--wait]`), run as the one-shot
 * worker `heal-sequence` at full speed (the operator asked for it), identified by a token the
 * caller polls. One runs at a time; the last few finished ones stay queryable.
 */
import { randomBytes } from 'node:crypto';
import type { ObjectHealer } from '../object/heal/index.js';
import { runHealPass, type HealPassStats } from './heal-pass.js';
import type { UnhealableLog } from './unhealable-log.js';
import type { WorkerRunner } from './worker-runner.js';

export const HEAL_SEQUENCE = 'heal-sequence';
const KEPT = 8;

export interface HealSequence {
  readonly token: string;
  readonly deep: boolean;
  readonly state: 'running' | 'done' | 'stopped' | 'failed';
  readonly startedAt: Date;
  readonly finishedAt?: Date;
  readonly stats: HealPassStats;
  readonly error?: string;
}

const EMPTY: HealPassStats = {
  objectsChecked: 0, objectsHealed: 0, shardsHealed: 0, recordsHealed: 0, unhealable: 0, bytesVerified: 0,
  bucketRecordsHealed: 0, uploadsChecked: 0, uploadsHealed: 0, setsDone: 0, setsTotal: 0, isComplete: false,
};

export class HealSequences {
  readonly #runner: WorkerRunner;
  readonly #healer: ObjectHealer;
  readonly #unhealable: UnhealableLog | undefined;
  readonly #all = new Map<string, HealSequence>();
  #current: string | undefined;

  constructor(runner: WorkerRunner, healer: ObjectHealer, unhealable?: UnhealableLog) {
    this.#runner = runner;
    this.#healer = healer;
    this.#unhealable = unhealable;
  }

  /** Start one; 'already-running' while another is. */
  start(opts: { deep: boolean }): HealSequence | 'already-running' {
    if (this.#current !== undefined && this.#all.get(this.#current)?.state === 'running') return 'already-running';
    const token = randomBytes(12).toString('hex');
    const set = (patch: Partial<HealSequence>): void => {
      this.#all.set(token, { ...this.#all.get(token)!, ...patch });
    };
    this.#all.set(token, { token, deep: opts.deep, state: 'running', startedAt: new Date(), stats: { ...EMPTY, setsTotal: this.#healer.storage.sets.length } });
    this.#current = token;
    this.#trim();
    this.#runner.start({
      name: HEAL_SEQUENCE,
      run: async (wctx) => {
        try {
          const pass = await runHealPass(this.#healer, {
            deep: opts.deep, signal: wctx.signal,
            onResult: (res) => this.#unhealable?.record(res),
            onError: (bucket, key, err) => this.#unhealable?.add(bucket, key, err instanceof Error ? err.message : String(err)),
            onProgress: (stats) => { set({ stats }); wctx.report({ token, objects: stats.objectsChecked, shardsHealed: stats.shardsHealed }); },
          });
          set({ stats: pass, state: pass.isComplete ? 'done' : 'stopped', finishedAt: new Date() });
        } catch (err) {
          set({ state: 'failed', error: err instanceof Error ? err.message : String(err), finishedAt: new Date() });
          throw err;
        }
      },
    });
    return this.#all.get(token)!;
  }

  get(token: string): HealSequence | undefined { return this.#all.get(token); }

  /** The running one, if any. */
  current(): HealSequence | undefined {
    const c = this.#current === undefined ? undefined : this.#all.get(this.#current);
    return c?.state === 'running' ? c : undefined;
  }

  #trim(): void {
    while (this.#all.size > KEPT) {
      const oldest = this.#all.keys().next();
      if (oldest.done) return;
      this.#all.delete(oldest.value);
    }
  }
}
