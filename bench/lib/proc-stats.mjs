// Server process figures from /proc: the process tree, CPU seconds, current and peak RSS.
// Peak RSS is VmHWM; it is reset per measurement by writing 5 to /proc/<pid>/clear_refs
// (Linux >= 4.0), and a sampler backs it up where the reset is refused.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

const CLK_TCK = 100; // getconf CLK_TCK on Linux x86_64/arm64

/** The pid and all its descendants (cluster workers, child processes). */
export function procTree(pid, acc = new Set(), depth = 0) {
  if (acc.has(pid) || depth > 16) return acc;
  acc.add(pid);
  let tasks = [];
  try { tasks = readdirSync(`/proc/${pid}/task`); } catch { return acc; }
  for (const t of tasks) {
    let ch = '';
    try { ch = readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim(); } catch { continue; }
    if (ch) for (const c of ch.split(/\s+/)) procTree(parseInt(c, 10), acc, depth + 1);
  }
  return acc;
}

/** Parses the fields after the command name of /proc/<pid>/stat; null if the process is gone. */
export function parseStat(text) {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const f = text.slice(close + 2).trim().split(' ');
  // f[0] is field 3 (state); utime is field 14, stime 15
  const utime = parseInt(f[11], 10);
  const stime = parseInt(f[12], 10);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return { state: f[0], utimeTicks: utime, stimeTicks: stime };
}

/** Parses "VmHWM: 1234 kB"-style lines of /proc/<pid>/status into KiB numbers. */
export function parseStatusKiB(text, field) {
  const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
  return m ? parseInt(m[1], 10) : null;
}

/** CPU seconds (user + system) of a process tree. */
export function treeCpuSeconds(rootPid) {
  let ticks = 0;
  for (const pid of procTree(rootPid)) {
    try {
      const s = parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      if (s) ticks += s.utimeTicks + s.stimeTicks;
    } catch { /* exited */ }
  }
  return ticks / CLK_TCK;
}

function sumStatus(rootPid, field) {
  let kib = 0; let seen = 0;
  for (const pid of procTree(rootPid)) {
    try {
      const v = parseStatusKiB(readFileSync(`/proc/${pid}/status`, 'utf8'), field);
      if (v != null) { kib += v; seen++; }
    } catch { /* exited */ }
  }
  return seen ? kib / 1024 : null;
}

/** Current RSS of the tree in MiB (sum over processes). */
export const treeRssMiB = (pid) => sumStatus(pid, 'VmRSS');
/** Anonymous (heap, stacks, buffers) part of the current RSS in MiB: RSS without mapped files such as LMDB. */
export const treeRssAnonMiB = (pid) => sumStatus(pid, 'RssAnon');
/** Peak RSS (VmHWM) of the tree in MiB, summed over processes: an upper bound for a cluster. */
export const treeHwmMiB = (pid) => sumStatus(pid, 'VmHWM');

/** Resets VmHWM of every process in the tree; returns false where the kernel refused. */
export function resetPeakRss(rootPid) {
  let ok = true;
  for (const pid of procTree(rootPid)) {
    try { writeFileSync(`/proc/${pid}/clear_refs`, '5'); } catch { ok = false; }
  }
  return ok;
}

/**
 * Measures the peak RSS of a tree over an async action: resets VmHWM, samples VmRSS every
 * intervalMs, and returns the larger of the two peaks with the action's result.
 */
export async function withPeakRss(rootPid, action, intervalMs = 100) {
  const resetOk = resetPeakRss(rootPid);
  let sampled = treeRssMiB(rootPid) ?? 0;
  const timer = setInterval(() => { const r = treeRssMiB(rootPid); if (r != null && r > sampled) sampled = r; }, intervalMs);
  try {
    const result = await action();
    const hwm = resetOk ? treeHwmMiB(rootPid) : null;
    return { result, peakRssMiB: Math.max(sampled, hwm ?? 0), hwmReset: resetOk };
  } finally {
    clearInterval(timer);
  }
}
