/** `--workers N`: one primary forking N server processes over the same drives and port. */
export { ClusterPrimary, type ClusterPrimaryOptions } from './cluster-primary.js';
export { isClusterWorker, runClusterWorker } from './cluster-worker.js';
export { workerIndexFromEnv, WORKER_INDEX_ENV } from './messages.js';
export { prepareDrives } from './prepare-drives.js';
export { resolveWorkerCount, MAX_WORKERS } from './worker-count.js';
