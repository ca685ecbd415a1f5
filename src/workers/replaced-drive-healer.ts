/**
 * Heals drives that were found empty at start (Storage.replacedDrives) completely, in the
 * background: first the deployment-wide records (`b/`, `c/`), then every object of each set
 * that holds a replaced drive (records and shard files, from the other drives of the set).
 * Progress (phase, objects scanned / healed, failures) is reported in the worker status.
 */
import type { LayerContext } from '../object/index.js';
import { healBucketRecords, healObject } from '../object/heal/index.js';
import { nextKeyBatch } from './set-key-walker.js';
import type { Worker, WorkerContext } from './worker-runner.js';

export interface ReplacedDriveProgress {
  readonly phase: 'buckets' | 'objects' | 'done';
  readonly objectsScanned: number;
  readonly objectsHealed: number;
  readonly failures: number;
}

export class ReplacedDriveHealer implements Worker {
  readonly name = 'replaced-drive-heal';
  readonly #ctx: LayerContext;
  readonly #batch: number;
  progress: ReplacedDriveProgress = { phase: 'buckets', objectsScanned: 0, objectsHealed: 0, failures: 0 };

  constructor(ctx: LayerContext, opts: { batchSize?: number } = {}) {
    this.#ctx = ctx;
    this.#batch = opts.batchSize ?? 200;
  }

  async run(wctx: WorkerContext): Promise<void> {
    await this.healAll(wctx.signal, (p) => wctx.report({ ...p }, 'running'), (e) => wctx.reportError(e));
  }

  /** Heal everything the replaced drives should hold; resolves with the final progress. */
  async healAll(
    signal?: AbortSignal, onProgress?: (p: ReplacedDriveProgress) => void, onError?: (err: unknown) => void,
  ): Promise<ReplacedDriveProgress> {
    const storage = this.#ctx.storage;
    const replaced = new Set(storage.replacedDrives);
    const update = (patch: Partial<ReplacedDriveProgress>): void => {
      this.progress = { ...this.progress, ...patch };
      onProgress?.(this.progress);
    };
    if (replaced.size === 0) { update({ phase: 'done' }); return this.progress; }
    update({ phase: 'buckets' });
    try {
      const b = await healBucketRecords(this.#ctx);
      if (b.failures.length > 0) update({ failures: this.progress.failures + b.failures.length });
    } catch (err) {
      update({ failures: this.progress.failures + 1 });
      onError?.(err);
    }
    update({ phase: 'objects' });
    for (const set of storage.sets) {
      if (!set.drives.some((d) => replaced.has(d))) continue;
      let after: string | undefined;
      // Bounded: every batch advances `after`, or is the last one.
      for (;;) {
        if (signal?.aborted) return this.progress;
        const batch = await nextKeyBatch(set, after, this.#batch);
        for (const item of batch.items) {
          if (signal?.aborted) return this.progress;
          try {
            const res = await healObject(this.#ctx, item.bucket, item.key);
            const healed = res.recordsHealed + res.shardsHealed > 0 ? 1 : 0;
            update({
              objectsScanned: this.progress.objectsScanned + 1,
              objectsHealed: this.progress.objectsHealed + healed,
              failures: this.progress.failures + (res.failures.length > 0 ? 1 : 0),
            });
          } catch (err) {
            update({ objectsScanned: this.progress.objectsScanned + 1, failures: this.progress.failures + 1 });
            onError?.(err);
          }
          after = item.metaKey;
        }
        if (batch.next === undefined) break;
        after = batch.next;
      }
    }
    update({ phase: 'done' });
    return this.progress;
  }
}
