/**
 * Whether the shard bytes a drive reads or writes leave the page cache once done with
 * (`CAIRN_DATA_CACHE`): a read drops the pages it read, a new shard file its pages once synced,
 * both with posix_fadvise(DONTNEED) in the native job that did the I/O (node:fs has no fadvise,
 * so the node implementation keeps them).
 *
 * - `keep`: the kernel caches shard files as any file's.
 * - `drop`: never kept (MinIO writes with O_DIRECT for the same reason).
 * - `auto` (default): dropped while the process runs under a memory limit below the machine's
 *   memory (cgroup-memory-limit.ts, re-read every 5 s: a process can be moved into a cgroup).
 *
 * Why: everything a container's page cache holds counts against its limit, and the metadata
 * (each drive's LMDB map) is read by every request while a shard is one object of many. In a
 * 1 GiB cgroup the shard pages pushed the LMDB maps out, and every lookup that faulted a page
 * back stalled the event loop; with both dropped the server stayed ~300 MiB under the limit
 * (ARCHITECTURE "Metadata memory and the inline threshold"). Parity shards are dropped once
 * written whatever the choice (they are read only to heal).
 */
import { memoryLimitBytes } from '../../util/cgroup-memory-limit.js';

export type DataCacheChoice = 'auto' | 'keep' | 'drop';

const RECHECK_MS = 5000;

let choice: DataCacheChoice = 'keep';
let limited = false;
let timer: NodeJS.Timeout | undefined;

/** True when shard files read or written should leave the page cache. */
export function dropDataPages(): boolean {
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
