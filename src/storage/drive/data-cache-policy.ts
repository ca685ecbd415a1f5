/**
 * Whether the shard bytes a read brings into the page cache are dropped once read
 * (`CAIRN_DATA_CACHE`; the native file calls do it in the read's own job with
 * posix_fadvise(DONTNEED); node:fs has no fadvise, so the node implementation keeps them).
 *
 * - `keep`: the kernel caches what GETs read, as any file reader.
 * - `drop`: never kept (MinIO reads large objects with O_DIRECT for the same reason).
 * - `auto` (default): dropped while the process runs under a memory limit below the machine's
 *   memory (cgroup-memory-limit.ts, re-read every 5 s: a process can be moved into a cgroup).
 *
 * Why: everything a container's page cache holds counts against its limit, and the metadata
 * (each drive's LMDB map) is read by every request while a GET's shard is one object of many.
 * In a 1 GiB cgroup the shard pages pushed the LMDB map out, and every lookup that faulted a
 * page back stalled the event loop (ARCHITECTURE "Metadata memory and the inline threshold":
 * dropping read pages there gave 1,384-1,431 ops/s against 1,206-1,286, limited runs alternated).
 * Parity shards are dropped once written whatever the choice (they are read only to heal).
 */
import { memoryLimitBytes } from '../../util/cgroup-memory-limit.js';

export type DataCacheChoice = 'auto' | 'keep' | 'drop';

const RECHECK_MS = 5000;

let choice: DataCacheChoice = 'keep';
let limited = false;
let timer: NodeJS.Timeout | undefined;

/** True when reads of shard files should drop the pages they read. */
export function dropReadPages(): boolean {
  return choice === 'drop' || (choice === 'auto' && limited);
}

/**
 * Chooses the policy for the process (compose does, from CAIRN_DATA_CACHE). `auto` reads the
 * memory limit now and every 5 s; `limitOf` replaces that reading (tests).
 */
export function selectDataCache(c: DataCacheChoice, limitOf: () => number | undefined = memoryLimitBytes): void {
  choice = c;
  if (timer !== undefined) clearInterval(timer);
  timer = undefined;
  limited = false;
  if (c !== 'auto') return;
  const check = () => { limited = limitOf() !== undefined; };
  check();
  timer = setInterval(check, RECHECK_MS);
  timer.unref();
}
