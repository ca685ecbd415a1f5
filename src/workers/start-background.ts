/**
 * Starts the background workers of one object layer on a WorkerRunner: heal (drains the heal
 * queue fed by reads and the scanner), scanner, sweeper, the bitrot scrub, and — when the
 * storage has drives to rebuild — the replaced-drive healer; given the object layer, the
 * lifecycle expiry worker. The one-shot deep scan runs on
 * the same runner. What heal could not fix lands in one unhealable
 * log. `stop()` cancels everything and waits.
 */
import type { HealResult, ObjectHealer } from '../object/heal/index.js';
import type { ObjectLayer } from '../object/object-layer.js';
import type { BackgroundLog } from './background-log.js';
import { HealQueue } from './heal-queue.js';
import { HealWorker } from './heal-worker.js';
import { ExpiryWorker, type ExpiryWorkerOptions } from './lifecycle/expiry-worker.js';
import { ReplacedDriveHealer, type ReplacedDriveHealerOptions } from './replaced-drive-healer.js';
import { ObjectScanner, type ScannerOptions } from './scanner.js';
import { Scrubber, type ScrubOptions } from './scrubber.js';
import { Sweeper, type SweeperOptions } from './sweeper.js';
import { UnhealableLog } from './unhealable-log.js';
import type { WorkerStateStore } from './worker-state-store.js';
import { WorkerRunner } from './worker-runner.js';

/** Name of the one-shot deep verification pass on the runner. */
export const DEEP_SCAN = 'deep-scan';

type Enabled = { readonly enabled?: boolean };

export interface BackgroundOptions {
  readonly scanner?: ScannerOptions & Enabled;
  readonly sweeper?: SweeperOptions & Enabled;
  readonly scrub?: Omit<ScrubOptions, 'state' | 'unhealable' | 'log'> & Enabled;
  readonly replaced?: Omit<ReplacedDriveHealerOptions, 'unhealable' | 'log'>;
  /** The lifecycle expiry worker; it runs only when `objects` is given. */
  readonly lifecycle?: Omit<ExpiryWorkerOptions, 'log'> & Enabled;
  /** The object layer the lifecycle worker acts through. */
  readonly objects?: ObjectLayer;
  /** Observer of every heal the heal worker does (logs, tests). */
  readonly onHealed?: (res: HealResult) => void;
  /** Heal replaced drives at start (default true). */
  readonly healReplacedDrives?: boolean;
  /** Where the scrub keeps its last finished pass (the system bucket); in memory when absent. */
  readonly state?: WorkerStateStore;
  readonly log?: BackgroundLog;
}

export interface BackgroundWorkers {
  readonly runner: WorkerRunner;
  readonly queue: HealQueue;
  readonly heal: HealWorker;
  readonly scanner: ObjectScanner;
  readonly sweeper: Sweeper;
  readonly scrub: Scrubber;
  readonly replaced: ReplacedDriveHealer;
  readonly unhealable: UnhealableLog;
  /** undefined when no object layer was given or lifecycle is disabled. */
  readonly lifecycle: ExpiryWorker | undefined;
  /**
   * One deep pass (every frame of every shard file verified) as the one-shot worker
   * 'deep-scan', its findings queued for heal. false when one is already running.
   */
  startDeepScan(opts?: { objectsPerSecond?: number }): boolean;
  stop(): Promise<void>;
}

export function startBackgroundWorkers(healer: ObjectHealer, queue: HealQueue, opts: BackgroundOptions = {}): BackgroundWorkers {
  const runner = new WorkerRunner();
  const unhealable = new UnhealableLog();
  const log = opts.log;
  const heal = new HealWorker({
    healer, queue,
    onHealed: (res) => { unhealable.record(res); opts.onHealed?.(res); },
    onHealError: (bucket, key, err) => unhealable.add(bucket, key, err instanceof Error ? err.message : String(err)),
  });
  const scanner = new ObjectScanner(healer, (b, k) => { queue.add(b, k); }, opts.scanner);
  const sweeper = new Sweeper(healer.storage, opts.sweeper);
  const scrub = new Scrubber(healer, { ...opts.scrub, unhealable, ...(log ? { log } : {}), ...(opts.state ? { state: opts.state } : {}) });
  const replaced = new ReplacedDriveHealer(healer, { ...opts.replaced, unhealable, ...(log ? { log } : {}) });
  runner.start(heal);
  if (opts.scanner?.enabled !== false) runner.start(scanner);
  if (opts.sweeper?.enabled !== false) runner.start(sweeper);
  if (opts.scrub?.enabled !== false) runner.start(scrub);
  if (opts.healReplacedDrives !== false && healer.storage.replacedDrives.length > 0) runner.start(replaced);
  const lifecycle = opts.objects !== undefined && opts.lifecycle?.enabled !== false
    ? new ExpiryWorker(opts.objects, { ...opts.lifecycle, ...(log ? { log } : {}) })
    : undefined;
  if (lifecycle !== undefined) runner.start(lifecycle);
  let stopping: Promise<void> | undefined;
  const startDeepScan = (o: { objectsPerSecond?: number } = {}): boolean => {
    const state = runner.statusOf(DEEP_SCAN)?.state;
    if (stopping !== undefined || state === 'running' || state === 'sleeping') return false;
    // Not a usage sink: the continuous scanner's passes own the usage figure.
    const { usage: _usage, ...scannerOpts } = opts.scanner ?? {};
    const deep = new ObjectScanner(healer, (b, k) => { queue.add(b, k); }, { ...scannerOpts, ...o, deep: true });
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
    runner, queue, heal, scanner, sweeper, scrub, replaced, unhealable, lifecycle, startDeepScan,
    stop: () => (stopping ??= runner.stopAll()),
  };
}
