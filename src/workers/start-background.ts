/**
 * Starts the background workers of one object layer on a WorkerRunner: heal (drains the heal
 * queue fed by reads and the scanner), scanner, sweeper, and — when the storage found
 * replaced drives — the replaced-drive healer. `stop()` cancels them all and waits.
 */
import type { LayerContext } from '../object/index.js';
import { HealQueue } from './heal-queue.js';
import { HealWorker } from './heal-worker.js';
import { ReplacedDriveHealer } from './replaced-drive-healer.js';
import { ObjectScanner, type ScannerOptions } from './scanner.js';
import { Sweeper, type SweeperOptions } from './sweeper.js';
import { WorkerRunner } from './worker-runner.js';

export interface BackgroundOptions {
  readonly scanner?: ScannerOptions & { readonly enabled?: boolean };
  readonly sweeper?: SweeperOptions & { readonly enabled?: boolean };
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
  stop(): Promise<void>;
}

export function startBackgroundWorkers(ctx: LayerContext, queue: HealQueue, opts: BackgroundOptions = {}): BackgroundWorkers {
  const runner = new WorkerRunner();
  const heal = new HealWorker({ ctx, queue });
  const scanner = new ObjectScanner(ctx, (b, k) => { queue.add(b, k); }, opts.scanner);
  const sweeper = new Sweeper(ctx.storage, opts.sweeper);
  const replaced = new ReplacedDriveHealer(ctx);
  runner.start(heal);
  if (opts.scanner?.enabled !== false) runner.start(scanner);
  if (opts.sweeper?.enabled !== false) runner.start(sweeper);
  if (opts.healReplacedDrives !== false && ctx.storage.replacedDrives.length > 0) runner.start(replaced);
  let stopping: Promise<void> | undefined;
  return {
    runner, queue, heal, scanner, sweeper, replaced,
    stop: () => (stopping ??= runner.stopAll()),
  };
}
