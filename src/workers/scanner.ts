/**
 * The scanner: walks every object record of every erasure set (range scans, set-key-walker.ts),
 * checkpointing where it is, and for each key compares the copies of the record across the
 * set's drives and checks each drive's shard files (existence and size; in deep mode every
 * frame's bitrot checksum). Whatever is wrong is handed to `onFinding` (the heal queue).
 * Each pass also heals the bucket records and config documents (at its start) and each set's
 * pending multipart uploads (after the set's keys) directly, so a drive that returns after
 * missing a bucket change or part uploads gets them within one scanner interval.
 * Rate-limited: at most `objectsPerSecond` keys per second, sleeping between batches; an
 * abort stops it between two keys.
 * Bucket usage: each key's versions (sizes from the record the set should hold; no shard
 * data read) are summed per bucket; a complete pass hands the figure to `usage.passCompleted`
 * with the pass's trace (the recent writes each counted record showed: the quota ledger settles
 * writes made during the pass with it; object/usage-scan-trace.ts). The system bucket's own keys are left out.
 * An interrupted pass counts nothing.
 */
import type { ObjectHealer } from '../object/heal/index.js';
import { ScanTraceBuilder, SYSTEM_BUCKET, UsageAccumulator, type ScanTrace, type UsageSnapshot } from '../object/index.js';
import { nextKeyBatch } from './set-key-walker.js';
import { sleep } from './sleep.js';
import type { Worker, WorkerContext } from './worker-runner.js';
import { SCANNER } from './worker-names.js';

export interface ScannerOptions {
  /** Keys checked per second at most (default 100). */
  readonly objectsPerSecond?: number;
  /** Keys per range scan (default 100). */
  readonly batchSize?: number;
  /** Pause between two full passes, ms (default 5 minutes). */
  readonly intervalMs?: number;
  /** Pause before the first pass, ms (default 60 s). */
  readonly startDelayMs?: number;
  /** Deep mode: verify every frame of every shard file (default false). */
  readonly deep?: boolean;
  /** Given the usage figure of each complete pass, with when it read which keys. */
  readonly usage?: UsageSink;
}

/** Where the scanner's usage figures go (compose: the quota ledger and the system bucket). */
export interface UsageSink {
  passCompleted(figure: UsageSnapshot, trace: ScanTrace): void;
}

export interface ScanStats {
  readonly objects: number;
  readonly findings: number;
  readonly errors: number;
  readonly isComplete: boolean;
}

export interface ScanPassOptions {
  readonly deep?: boolean;
  readonly signal?: AbortSignal;
  /** Called after each batch (progress). */
  readonly onProgress?: (stats: ScanStats & { set: number }) => void;
}

export class ObjectScanner implements Worker {
  readonly name = SCANNER;
  readonly #healer: ObjectHealer;
  readonly #onFinding: (bucket: string, key: string) => void;
  readonly #rate: number;
  readonly #batch: number;
  readonly #interval: number;
  readonly #startDelay: number;
  readonly #deep: boolean;
  readonly #usageSink: UsageSink | undefined;
  /** Usage of the pass under way (since it started from the beginning). */
  #usage = new UsageAccumulator();
  /** When the pass under way read which keys (usage-scan-trace.ts). */
  #trace = new ScanTraceBuilder(Date.now());
  /** Checkpoint: the set being scanned and the last metadata key done there. */
  #checkpoint: { set: number; after: string | undefined } = { set: 0, after: undefined };
  passes = 0;
  /** The last complete pass (object count for status), undefined before the first. */
  lastPass: (ScanStats & { readonly finishedAt: Date }) | undefined;

  constructor(healer: ObjectHealer, onFinding: (bucket: string, key: string) => void, opts: ScannerOptions = {}) {
    this.#healer = healer;
    this.#onFinding = onFinding;
    this.#rate = opts.objectsPerSecond ?? 100;
    this.#batch = opts.batchSize ?? 100;
    this.#interval = opts.intervalMs ?? 5 * 60_000;
    this.#startDelay = opts.startDelayMs ?? 60_000;
    this.#deep = opts.deep ?? false;
    this.#usageSink = opts.usage;
    if (!(this.#rate > 0) || !Number.isSafeInteger(this.#batch) || this.#batch < 1) throw new RangeError('bad scanner rate or batch size');
  }

  get checkpoint(): { readonly set: number; readonly after: string | undefined } { return this.#checkpoint; }

  async run(wctx: WorkerContext): Promise<void> {
    if (!(await sleep(this.#startDelay, wctx.signal, { idle: true }))) return;
    for (;;) {
      wctx.report({ pass: this.passes + 1 }, 'running');
      const stats = await this.scanPass({
        deep: this.#deep, signal: wctx.signal,
        onProgress: (s) => wctx.report({ set: s.set, objects: s.objects, findings: s.findings, errors: s.errors }),
      });
      if (!stats.isComplete) return;
      wctx.report({ lastPassObjects: stats.objects, lastPassFindings: stats.findings, passesDone: this.passes }, 'sleeping');
      if (!(await sleep(this.#interval, wctx.signal, { idle: true }))) return;
    }
  }

  /**
   * One pass over every set from the checkpoint (resumes an interrupted pass). Also the admin
   * trigger and what tests call, with `deep` to verify every frame.
   */
  async scanPass(opts: ScanPassOptions = {}): Promise<ScanStats> {
    let objects = 0;
    let findings = 0;
    let errors = 0;
    const sets = this.#healer.storage.sets;
    const budgetMs = (n: number): number => (n * 1000) / this.#rate;
    if (this.#checkpoint.set === 0 && this.#checkpoint.after === undefined) {
      this.#usage = new UsageAccumulator();
      this.#trace = new ScanTraceBuilder(Date.now());
      // Bucket records and config documents onto drives that missed them (a returning drive).
      try {
        const b = await this.#healer.healBuckets();
        findings += b.bucketRecordsHealed + b.configRecordsHealed;
        errors += b.failures.length;
      } catch {
        errors++;
      }
    }
    while (this.#checkpoint.set < sets.length) {
      const set = sets[this.#checkpoint.set]!;
      // Bounded: each batch advances the checkpoint past at least one key, or ends the set.
      for (;;) {
        if (opts.signal?.aborted) return { objects, findings, errors, isComplete: false };
        const began = Date.now();
        const batch = await nextKeyBatch(set, this.#checkpoint.after, this.#batch);
        for (const item of batch.items) {
          if (opts.signal?.aborted) return { objects, findings, errors, isComplete: false };
          objects++;
          try {
            const check = await this.#healer.checkObject({ bucket: item.bucket, key: item.key, deep: opts.deep === true });
            if (check.versions !== undefined && item.bucket !== SYSTEM_BUCKET) this.#usage.add(item.bucket, check.versions);
            if (check.writes !== undefined) this.#trace.read(set.index, item.metaKey, check.writes);
            if (check.needsHeal) {
              findings++;
              this.#onFinding(item.bucket, item.key);
            }
          } catch {
            errors++;
          }
          this.#checkpoint = { set: this.#checkpoint.set, after: item.metaKey };
        }
        opts.onProgress?.({ set: set.index, objects, findings, errors, isComplete: false });
        const wait = budgetMs(batch.items.length) - (Date.now() - began);
        if (wait > 0 && !(await sleep(wait, opts.signal))) return { objects, findings, errors, isComplete: false };
        if (batch.next === undefined) break;
        this.#checkpoint = { set: this.#checkpoint.set, after: batch.next };
      }
      // Pending multipart uploads of the set: healed right away (they have no heal queue).
      const up = await this.#healer.healUploads(set, { deep: opts.deep === true, ...(opts.signal ? { signal: opts.signal } : {}) });
      if (!up.isComplete) return { objects, findings, errors, isComplete: false };
      findings += up.uploadsHealed;
      errors += up.failures;
      this.#checkpoint = { set: this.#checkpoint.set + 1, after: undefined };
    }
    this.#checkpoint = { set: 0, after: undefined };
    this.passes++;
    const stats: ScanStats = { objects, findings, errors, isComplete: true };
    const finishedAt = new Date();
    this.lastPass = { ...stats, finishedAt };
    this.#usageSink?.passCompleted(this.#usage.snapshot(finishedAt), this.#trace.finish(finishedAt.getTime()));
    return stats;
  }
}
