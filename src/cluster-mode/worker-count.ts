/** How many server processes `--workers` asks for: a count, or `auto` = one per core. */
import { availableParallelism } from 'node:os';

/** Upper bound whatever the machine says (each worker holds its own LMDB envs and buffers). */
export const MAX_WORKERS = 256;

export function resolveWorkerCount(setting: number | 'auto', cores: number = availableParallelism()): number {
  const n = setting === 'auto' ? cores : setting;
  if (!Number.isSafeInteger(n) || n < 1) return 1;
  return Math.min(n, MAX_WORKERS);
}
