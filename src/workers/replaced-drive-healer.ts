/**
 * Rebuilds the drives that must be healed completely (Storage.replacedDrives: found empty at
 * start, or an earlier rebuild that never finished) and says when each is whole.
 *
 * A rebuild is a deep heal pass (heal-pass.ts) over the bucket records, config documents and
 * every key of each set holding such a drive: every version of every object (inline,
 * multi-block, multipart), delete markers and internal objects (the system bucket is a
 * bucket like the others), with every frame of every shard on every drive of the set
 * verified, so rot on the other drives is repaired on the way. "Whole" is claimed only after
 * a pass in which every key was healed and the drive never left: then its healing marker is
 * dropped and a log line says so, and losing any m other drives of the set loses nothing.
 * A pass that left keys unhealed (they are in the unhealable log) is retried after
 * `retryMs`; the drive keeps its marker, also across restarts, until a pass is clean.
 */
import type { ObjectHealer } from '../object/heal/index.js';
import type { BackgroundLog } from './background-log.js';
import { runHealPass, type HealPassStats } from './heal-pass.js';
import type { RateLimits } from './rate-limiter.js';
import { sleep } from './sleep.js';
import type { UnhealableLog } from './unhealable-log.js';
import type { Worker, WorkerContext } from './worker-runner.js';
import { REPLACED_DRIVE_HEAL } from './worker-names.js';

export interface ReplacedDriveProgress {
  readonly phase: 'waiting' | 'healing' | 'retrying' | 'done';
  /** Endpoints still being rebuilt. */
  readonly drives: readonly string[];
  /** Endpoints this process rebuilt until whole. */
  readonly wholeDrives: readonly string[];
  readonly attempt: number;
  readonly objectsScanned: number;
  readonly objectsHealed: number;
  readonly shardsHealed: number;
  /** Keys the last pass could not heal (details in the unhealable log). */
  readonly failures: number;
  readonly setsDone: number;
  readonly setsTotal: number;
  readonly startedAt?: Date;
  readonly finishedAt?: Date;
}

export interface ReplacedDriveHealerOptions {
  readonly batchSize?: number;
  /** Pause before a pass that left keys unhealed is repeated (default 60 s). */
  readonly retryMs?: number;
  readonly limits?: RateLimits;
  readonly unhealable?: UnhealableLog;
  readonly log?: BackgroundLog;
}

export class ReplacedDriveHealer implements Worker {
  readonly name = REPLACED_DRIVE_HEAL;
  readonly #healer: ObjectHealer;
  readonly #opts: ReplacedDriveHealerOptions;
  progress: ReplacedDriveProgress;

  constructor(healer: ObjectHealer, opts: ReplacedDriveHealerOptions = {}) {
    this.#healer = healer;
    this.#opts = opts;
    this.progress = {
      phase: 'waiting', drives: healer.storage.replacedDrives.map((d) => d.endpoint), wholeDrives: [], attempt: 0,
      objectsScanned: 0, objectsHealed: 0, shardsHealed: 0, failures: 0, setsDone: 0, setsTotal: 0,
    };
  }

  async run(wctx: WorkerContext): Promise<void> {
    await this.healAll(wctx.signal, (p) => wctx.report(flatten(p), 'running'), (e) => wctx.reportError(e));
  }

  /** Heal until every replaced drive is whole (or the signal aborts); resolves with the final progress. */
  async healAll(
    signal?: AbortSignal, onProgress?: (p: ReplacedDriveProgress) => void, onError?: (err: unknown) => void,
  ): Promise<ReplacedDriveProgress> {
    const storage = this.#healer.storage;
    const update = (patch: Partial<ReplacedDriveProgress>): void => {
      this.progress = { ...this.progress, ...patch };
      onProgress?.(this.progress);
    };
    for (let attempt = 1; ; attempt++) {
      const drives = [...storage.replacedDrives];
      if (drives.length === 0) { update({ phase: 'done', drives: [], finishedAt: new Date() }); return this.progress; }
      const sets = storage.sets.filter((s) => s.drives.some((d) => drives.includes(d)));
      const startedAt = new Date();
      update({ phase: 'healing', drives: drives.map((d) => d.endpoint), attempt, startedAt, setsTotal: sets.length, setsDone: 0 });
      this.#opts.log?.('info', 'rebuilding replaced drives', { drives: drives.map((d) => d.endpoint), attempt });
      const stayedOnline = (): boolean => drives.every((d) => d.isOnline());
      const pass = await runHealPass(this.#healer, {
        deep: true, sets, signal,
        ...(this.#opts.limits ? { limits: this.#opts.limits } : {}),
        ...(this.#opts.batchSize !== undefined ? { batchSize: this.#opts.batchSize } : {}),
        isStillValid: stayedOnline,
        onResult: (res) => this.#opts.unhealable?.record(res),
        onError: (bucket, key, err) => {
          this.#opts.unhealable?.add(bucket, key, err instanceof Error ? err.message : String(err));
          onError?.(err);
        },
        onProgress: (s) => update(fromPass(s)),
      });
      if (signal?.aborted || !pass.isComplete) return this.progress;
      if (pass.unhealable === 0 && !pass.invalidated) {
        for (const d of drives) {
          await storage.markDriveHealed(d);
          update({ wholeDrives: [...this.progress.wholeDrives, d.endpoint] });
          this.#opts.log?.('info', 'drive is whole: rebuild finished', {
            drive: d.endpoint, objects: pass.objectsChecked, shardsHealed: pass.shardsHealed,
            seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
          });
        }
        continue; // drives replaced meanwhile? the next round finds none and ends
      }
      const why = pass.invalidated ? 'a drive went offline during the pass' : `${pass.unhealable} key(s) could not be healed`;
      this.#opts.log?.('warn', 'rebuild pass incomplete, retrying', { drives: drives.map((d) => d.endpoint), reason: why, attempt });
      update({ phase: 'retrying' });
      if (!(await sleep(this.#opts.retryMs ?? 60_000, signal, { idle: true }))) return this.progress;
    }
  }
}

function fromPass(s: HealPassStats): Partial<ReplacedDriveProgress> {
  return {
    objectsScanned: s.objectsChecked, objectsHealed: s.objectsHealed, shardsHealed: s.shardsHealed,
    failures: s.unhealable, setsDone: s.setsDone, setsTotal: s.setsTotal,
  };
}

function flatten(p: ReplacedDriveProgress): Record<string, number | string> {
  return {
    phase: p.phase, drives: p.drives.join(','), attempt: p.attempt, objectsScanned: p.objectsScanned,
    objectsHealed: p.objectsHealed, shardsHealed: p.shardsHealed, failures: p.failures,
    setsDone: p.setsDone, setsTotal: p.setsTotal,
  };
}

