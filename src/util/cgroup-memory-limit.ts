/**
 * The memory limit of the cgroup this process runs in (Kubernetes' `resources.limits.memory`,
 * `docker run -m`, systemd's MemoryMax), read from /proc/self/cgroup and the cgroup file system:
 * - cgroup v2 (`0::/path`): the smallest `memory.max` of the process's cgroup and its ancestors
 *   that is not "max";
 * - cgroup v1 (`N:...memory...:/path`): `hierarchical_memory_limit` of the memory controller's
 *   `memory.stat` (ancestors included), else `memory.limit_in_bytes`.
 * A limit at or above the machine's memory is no limit. Undefined when there is none or it
 * cannot be read (not Linux, no cgroup file system mounted).
 */
import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';

export interface CgroupSource {
  /** Contents of /proc/self/cgroup. */
  readonly selfCgroup: string | undefined;
  /** A file under the cgroup mount (path relative to it), undefined when unreadable. */
  read(rel: string): string | undefined;
  /** The machine's memory in bytes. */
  readonly totalBytes: number;
}

export function memoryLimitBytes(src: CgroupSource = systemCgroups()): number | undefined {
  if (src.selfCgroup === undefined) return undefined;
  let limit: number | undefined;
  for (const line of src.selfCgroup.split('\n')) {
    const m = /^(\d+):([^:]*):(\/.*)$/.exec(line.trim());
    if (m === null) continue;
    const [, id, controllers, path] = m;
    const found = id === '0' && controllers === '' ? v2Limit(src, path!) : controllers!.split(',').includes('memory') ? v1Limit(src, path!) : undefined;
    if (found !== undefined && (limit === undefined || found < limit)) limit = found;
  }
  return limit !== undefined && limit < src.totalBytes ? limit : undefined;
}

function v2Limit(src: CgroupSource, path: string): number | undefined {
  let limit: number | undefined;
  for (let dir = path; ; dir = dir.slice(0, dir.lastIndexOf('/')) || '/') {
    const v = src.read(join('.', dir, 'memory.max'))?.trim();
    const n = v === undefined || v === 'max' ? undefined : Number(v);
    if (n !== undefined && Number.isFinite(n) && (limit === undefined || n < limit)) limit = n;
    if (dir === '/') return limit;
  }
}

function v1Limit(src: CgroupSource, path: string): number | undefined {
  const stat = src.read(join('memory', path, 'memory.stat'));
  const h = stat === undefined ? undefined : /^hierarchical_memory_limit (\d+)$/m.exec(stat);
  const v = h?.[1] ?? src.read(join('memory', path, 'memory.limit_in_bytes'))?.trim();
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function systemCgroups(root = '/sys/fs/cgroup'): CgroupSource {
  const readOrUndefined = (abs: string): string | undefined => {
    try { return readFileSync(abs, 'utf8'); } catch { return undefined; }
  };
  return { selfCgroup: readOrUndefined('/proc/self/cgroup'), read: (rel) => readOrUndefined(join(root, rel)), totalBytes: totalmem() };
}
