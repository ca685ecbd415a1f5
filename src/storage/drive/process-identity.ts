/**
 * Who a process is, in a way that survives pid reuse: its pid plus its start time (field 22 of
 * /proc/<pid>/stat, clock ticks since boot) and the kernel's boot id. A drive hold records
 * these, and a later start asks whether that process still runs: a pid that is gone, or now
 * belongs to a process that started at another time, or a record from another boot, is not
 * alive. Where /proc is missing (not Linux) only the pid is checked (kill(pid, 0)).
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export interface ProcessIdentity {
  readonly pid: number;
  /** Start time in clock ticks since boot; undefined where /proc is not available. */
  readonly start: number | undefined;
  readonly bootId: string | undefined;
  readonly host: string;
}

/** Start time of `pid` (/proc/<pid>/stat field 22); undefined when /proc cannot tell; null when no such process. */
export function processStartTime(pid: number): number | undefined | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ESRCH') return existsProcDir() ? null : undefined;
    return undefined;
  }
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses; fields after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const start = Number(fields[19]);
  return Number.isSafeInteger(start) ? start : undefined;
}

function existsProcDir(): boolean {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
}

function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}

export function processIdentity(pid: number): ProcessIdentity {
  return { pid, start: processStartTime(pid) ?? undefined, bootId: bootId(), host: hostname() };
}

/** Whether the process a record names still runs (same boot, same pid, same start time). */
export function isRunning(who: ProcessIdentity): boolean {
  const ourBoot = bootId();
  if (who.bootId !== undefined && ourBoot !== undefined && who.bootId !== ourBoot) return false;
  const start = processStartTime(who.pid);
  if (start === null) return false;
  if (start !== undefined && who.start !== undefined) return start === who.start;
  try {
    process.kill(who.pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: unknown }).code === 'EPERM';
  }
}
