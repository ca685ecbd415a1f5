// CPU metering of server process trees and of the whole machine, from /proc.
import { readFileSync, readdirSync } from 'node:fs';

const CLK_TCK = 100;
export function procTree(pid, acc = new Set()) {
  if (acc.has(pid)) return acc;
  acc.add(pid);
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      const ch = readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim();
      if (ch) for (const c of ch.split(/\s+/)) procTree(parseInt(c, 10), acc);
    }
  } catch { /* gone */ }
  return acc;
}
export function pidCpuSec(pids) {
  let ticks = 0;
  for (const root of pids) {
    for (const pid of procTree(root)) {
      try {
        const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
        ticks += parseInt(f[11], 10) + parseInt(f[12], 10); // utime, stime
      } catch { /* gone */ }
    }
  }
  return ticks / CLK_TCK;
}
export function machineStat() {
  try {
    const l = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = l;
    return { busy: user + nice + system + irq + softirq, idle: idle + iowait, steal: steal || 0, total: l.slice(0, 8).reduce((a, b) => a + b, 0) };
  } catch { return null; }
}
