/** workers/: the background runner and the scanner, heal, scrub, sweeper and rebuild workers. */
export { WorkerRunner, type Worker, type WorkerContext, type WorkerState, type WorkerStatus } from './worker-runner.js';
export { HealQueue, DEFAULT_HEAL_QUEUE_CAPACITY, type HealItem } from './heal-queue.js';
export { HealWorker, type HealWorkerOptions } from './heal-worker.js';
export { ObjectScanner, type ScannerOptions, type ScanStats, type UsageSink } from './scanner.js';
export { Sweeper, DEFAULT_SWEEP_GRACE_MS, type SweeperOptions, type SweepStats } from './sweeper.js';
export { ReplacedDriveHealer, type ReplacedDriveProgress, type ReplacedDriveHealerOptions } from './replaced-drive-healer.js';
export { Scrubber, DEFAULT_SCRUB_INTERVAL_MS, DEFAULT_SCRUB_BYTES_PER_SECOND, SCRUB_STATE, type ScrubOptions, type ScrubSummary } from './scrubber.js';
export { runHealPass, type HealPassOptions, type HealPassStats } from './heal-pass.js';
export { nextKeyBatch, type KeyBatch } from './set-key-walker.js';
export { HEAL_WORKER, SCANNER, REPLACED_DRIVE_HEAL, SCRUB, LIFECYCLE } from './worker-names.js';
export { ExpiryWorker, expiryIntervalMs, type ExpiryWorkerOptions } from './lifecycle/expiry-worker.js';
export type { ExpiryCounters } from './lifecycle/expiry-counters.js';
export { UnhealableLog, type UnhealableEntry } from './unhealable-log.js';
export { RateLimiter, type RateLimits } from './rate-limiter.js';
export type { WorkerStateStore } from './worker-state-store.js';
export type { BackgroundLog } from './background-log.js';
export { DEEP_SCAN, startBackgroundWorkers, type BackgroundOptions, type BackgroundWorkers } from './start-background.js';
export { sleep } from './sleep.js';
