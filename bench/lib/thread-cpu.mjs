// CPU time per thread of one process, from /proc/PID/task/TID/stat (utime + stime, clock
// ticks). Node names every thread "node", so threads are told apart by id: the main thread's
// id is the pid; the others (the audit thread, libuv's pool, V8's platform workers, lmdb's
// writer) are listed by id, busiest first.
import { readFileSync, readdirSync } from 'node:fs';

/** Map of thread id -> CPU ticks so far. */
export function threadTicks(pid) {
  const out = new Map();
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    try {
      const s = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      out.set(Number(t), Number(f[11]) + Number(f[12]));
    } catch { /* gone */ }
  }
  return out;
}

/**
 * Each thread's share of the CPU the process used between two readings and, given the
 * process's CPU per request over the same run, that share in µs per request.
 */
export function threadReport(before, after, usPerOp) {
  const pid = Math.min(...after.keys());
  const used = [...after].map(([tid, ticks]) => ({ tid, ticks: ticks - (before.get(tid) ?? 0) })).filter((x) => x.ticks > 0);
  const total = used.reduce((a, x) => a + x.ticks, 0);
  used.sort((a, b) => b.ticks - a.ticks);
  const lines = [`CPU per thread over the run (${total} ticks = ${(total / 100).toFixed(2)} s):`];
  for (const x of used) {
    const share = x.ticks / Math.max(1, total);
    const us = Number.isFinite(usPerOp) ? ` ~${Math.round(share * usPerOp)} µs/request` : '';
    lines.push(`  ${x.tid === pid ? 'main' : `tid ${x.tid}`}: ${(100 * share).toFixed(1)}%${us}`);
  }
  return lines.join('\n');
}
