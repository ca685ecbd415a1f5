/** workers/: the background runner and the scanner, heal and sweeper workers. */
export { WorkerRunner, type Worker, type WorkerContext, type WorkerState, type WorkerStatus } from './worker-runner.js';
export { HealQueue, DEFAULT_HEAL_QUEUE_CAPACITY, type HealItem } from './heal-queue.js';
export { HealWorker, type HealWorkerOptions } from './heal-worker.js';
export { ObjectScanner, type ScannerOptions, type ScanStats } from './scanner.js';
export { Sweeper, DEFAULT_SWEEP_GRACE_MS, type SweeperOptions, type SweepStats } from './sweeper.js';
export { ReplacedDriveHealer, type ReplacedDriveProgress } from './replaced-drive-healer.js';
export { DEEP_SCAN, startBackgroundWorkers, type BackgroundOptions, type BackgroundWorkers } from './start-background.js';
export { sleep } from './sleep.js';
