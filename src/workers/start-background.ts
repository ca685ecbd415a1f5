/**
 * Starts the background workers of one object layer on a WorkerRunner: heal (drains the heal
 * queue fed by reads and the scanner), scanner, sweeper, and — when the storage found
 * replaced drives — the replaced-drive healer. `stop()` cancels them all and waits.
 */
import type { HealResult } from '../object/heal/index.js';
import type { LayerContext } from '../object/index.js';
import { HealQueue } from './heal-queue.js';
import { HealWorker } from './heal-worker.js';
import { ReplacedDriveHealer } from './replaced-drive-healer.js';
import { ObjectScanner, type ScannerOptions } from './scanner.js';
import { Sweeper, type SweeperOptions } from './sweeper.js';
import { WorkerRunner } from './worker-runner.js';

/** Name of the one-shot deep verification pass on the runner. */
export const DEEP_SCAN = 'deep-scan';

export interface BackgroundOptions {
  readonly scanner?: ScannerOptions & { readonly enabled?: boolean };
  readonly sweeper?: SweeperOptions & { readonly enabled?: boolean };
  /** Observer of every heal the heal worker does (logs, tests). */
  readonly onHealed?: (res: HealResult) => void;
  /** Heal replaced drives at start (default true). */
  readonly healReplacedDrives?: boolean;
}

export interface BackgroundWorkers {
  readonly runner: WorkerRunner;
  readonly queue: HealQueue;
  readonly heal: HealWorker;
  readonly scanner: ObjectScanner;
  readonly sweeper: Sweeper;
  readonly replaced: ReplacedDriveHealer;
  /**
   * Admin trigger: one deep pass (every frame of every shard file verified) as the one-shot
   * worker 'deep-scan', its findings queued for heal. false when one is already running.
   */
  startDeepScan(opts?: { objectsPerSecond?: number }): boolean;
  stop(): Promise<void>;
}

export function startBackgroundWorkers(ctx: LayerContext, queue: HealQueue, opts: BackgroundOptions = {}): BackgroundWorkers {
  const runner = new WorkerRunner();
  const heal = new HealWorker({ ctx, queue, ...(opts.onHealed ? { onHealed: opts.onHealed } : {}) });
  const scanner = new ObjectScanner(ctx, (b, k) => { queue.add(b, k); }, opts.scanner);
  const sweeper = new Sweeper(ctx.storage, opts.sweeper);
  const replaced = new ReplacedDriveHealer(ctx);
  runner.start(heal);
  if (opts.scanner?.enabled !== false) runner.start(scanner);
  if (opts.sweeper?.enabled !== false) runner.start(sweeper);
  if (opts.healReplacedDrives !== false && ctx.storage.replacedDrives.length > 0) runner.start(replaced);
  let stopping: Promise<void> | undefined;
  const startDeepScan = (o: { objectsPerSecond?: number } = {}): boolean => {
    const state = runner.statusOf(DEEP_SCAN)?.state;
    if (stopping !== undefined || state === 'running' || state === 'sleeping') return false;
    const deep = new ObjectScanner(ctx, (b, k) => { queue.add(b, k); }, { ...opts.scanner, ...o, deep: true });
    runner.start({
      name: DEEP_SCAN,
      run: async (wctx) => {
        const stats = await deep.scanPass({
          deep: true, signal: wctx.signal,
          onProgress: (p) => wctx.report({ set: p.set, objects: p.objects, findings: p.findings, errors: p.errors }, 'running'),
        });
        wctx.report({ objects: stats.objects, findings: stats.findings, errors: stats.errors });
      },
    });
    return true;
  };
  return {
    runner, queue, heal, scanner, sweeper, replaced, startDeepScan,
    stop: () => (stopping ??= runner.stopAll()),
  };
}
