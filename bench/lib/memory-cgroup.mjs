// A memory cgroup for one benchmarked server: created as a child of the cgroup this process
// runs in (so it stays inside whatever limits the caller already has), v1 (memory controller
// mounted at /sys/fs/cgroup/memory) or v2 (unified hierarchy with the memory controller).
// Needs root (or a delegated cgroup). Every figure is read from the cgroup's own files.
import { existsSync, readFileSync, rmdirSync, mkdirSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const V1_ROOT = '/sys/fs/cgroup/memory';

/** Which cgroup version gives us a memory controller, and where our own cgroup is. */
export function detectMemoryCgroup(procSelfCgroup = safeRead('/proc/self/cgroup') ?? '') {
  const lines = procSelfCgroup.trim().split('\n').map((l) => l.split(':'));
  const v1 = lines.find((f) => f[1] && f[1].split(',').includes('memory'));
  if (v1 && existsSync(path.join(V1_ROOT, 'memory.limit_in_bytes'))) {
    return { version: 1, parent: path.join(V1_ROOT, v1.slice(2).join(':')) };
  }
  const v2 = lines.find((f) => f[0] === '0' && f[1] === '');
  for (const mount of ['/sys/fs/cgroup', '/sys/fs/cgroup/unified']) {
    const controllers = safeRead(path.join(mount, 'cgroup.controllers'));
    if (v2 && controllers != null && controllers.split(/\s+/).includes('memory')) {
      return { version: 2, parent: path.join(mount, v2.slice(2).join(':')) };
    }
  }
  return null;
}

function safeRead(file) {
  try { return readFileSync(file, 'utf8'); } catch { return null; }
}

/** "key value" lines (memory.stat, memory.events, memory.oom_control) as numbers. */
export function parseKeyValues(text) {
  const out = {};
  for (const line of (text ?? '').split('\n')) {
    const [k, v] = line.trim().split(/\s+/);
    if (k && v !== undefined && /^-?\d+$/.test(v)) out[k] = Number(v);
  }
  return out;
}

const MiB = 1024 * 1024;
const mib = (bytes) => (bytes == null ? null : Math.round((bytes / MiB) * 10) / 10);

export class MemoryCgroup {
  /** Creates `<our cgroup>/<name>` with limitBytes (null: no limit). Throws if cgroups are unusable. */
  static create(name, limitBytes) {
    const found = detectMemoryCgroup();
    if (!found) throw new Error('no memory cgroup controller (v1 /sys/fs/cgroup/memory or v2 with +memory) found');
    let parent = found.parent;
    if (found.version === 2) {
      // v2: a cgroup with processes cannot enable controllers for children; put ours in a leaf.
      const sub = safeRead(path.join(parent, 'cgroup.subtree_control')) ?? '';
      if (!sub.split(/\s+/).includes('memory')) writeFileSync(path.join(parent, 'cgroup.subtree_control'), '+memory');
    }
    const dir = path.join(parent, name);
    mkdirSync(dir);
    const cg = new MemoryCgroup(found.version, dir);
    try { cg.setLimit(limitBytes); } catch (e) { cg.remove(); throw e; }
    return cg;
  }

  constructor(version, dir) {
    this.version = version;
    this.dir = dir;
  }

  #file(name) { return path.join(this.dir, name); }

  setLimit(limitBytes) {
    if (this.version === 1) writeFileSync(this.#file('memory.limit_in_bytes'), limitBytes == null ? '-1' : String(limitBytes));
    else writeFileSync(this.#file('memory.max'), limitBytes == null ? 'max' : String(limitBytes));
  }

  /** Moves a process (all its threads) into the cgroup. */
  addProcess(pid) {
    writeFileSync(this.#file('cgroup.procs'), String(pid));
  }

  pids() {
    return (safeRead(this.#file('cgroup.procs')) ?? '').split('\n').filter(Boolean).map(Number);
  }

  /**
   * One sample: usage, anonymous and file-backed memory (file = page cache charged to the
   * cgroup; mapped = the part of it mapped into a process, e.g. LMDB's data.mdb), OOM kills.
   */
  sample() {
    if (this.version === 1) {
      const st = parseKeyValues(safeRead(this.#file('memory.stat')));
      const oom = parseKeyValues(safeRead(this.#file('memory.oom_control')));
      return {
        usage_mib: mib(Number(safeRead(this.#file('memory.usage_in_bytes')))),
        anon_mib: mib(st.total_rss ?? st.rss),
        file_mib: mib(st.total_cache ?? st.cache),
        mapped_file_mib: mib(st.total_mapped_file ?? st.mapped_file),
        active_file_mib: mib(st.total_active_file ?? st.active_file),
        dirty_mib: mib(st.total_dirty ?? st.dirty),
        refault_file: st.total_workingset_refault_file ?? st.workingset_refault_file ?? st.total_workingset_refault ?? null,
        limit_hits: Number(safeRead(this.#file('memory.failcnt')) ?? 0),
        oom_kills: oom.oom_kill ?? 0,
      };
    }
    const st = parseKeyValues(safeRead(this.#file('memory.stat')));
    const ev = parseKeyValues(safeRead(this.#file('memory.events')));
    return {
      usage_mib: mib(Number(safeRead(this.#file('memory.current')))),
      anon_mib: mib(st.anon),
      file_mib: mib(st.file),
      mapped_file_mib: mib(st.file_mapped),
      active_file_mib: mib(st.active_file),
      dirty_mib: mib(st.file_dirty),
      refault_file: st.workingset_refault_file ?? st.workingset_refault ?? null,
      limit_hits: ev.max ?? 0,
      oom_kills: ev.oom_kill ?? 0,
    };
  }

  /** Removes the cgroup once its processes are gone (bounded wait); false if it could not. */
  async remove(waitMs = 10_000) {
    const until = Date.now() + waitMs;
    for (;;) {
      try { rmdirSync(this.dir); return true; } catch (e) {
        if (e.code === 'ENOENT') return true;
        if (Date.now() > until) return false;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Size and allocated bytes of every data.mdb under the drive directories. */
export function dataMdbSizes(driveDirs) {
  const out = [];
  for (const d of driveDirs) {
    for (const f of findFiles(d, 'data.mdb', 4)) {
      const s = statSync(f);
      out.push({ file: path.relative(path.dirname(d), f), size_mib: mib(s.size), allocated_mib: mib(s.blocks * 512) });
    }
  }
  return out;
}

function findFiles(dir, name, depth) {
  if (depth < 0) return [];
  let ents = [];
  try { ents = readdirSync(dir, { withFileTypes: true }); } catch { return []; }
  const out = [];
  for (const e of ents) {
    const p = path.join(dir, e.name);
    if (e.isFile() && e.name === name) out.push(p);
    else if (e.isDirectory() && !/^[0-9a-f]{2}$/.test(e.name)) out.push(...findFiles(p, name, depth - 1));
  }
  return out;
}
