/**
 * A server's process tree from Linux /proc: its descendants (the workers of `--workers N`,
 * which outlive a SIGKILLed primary and would hold the test's output pipes open), and what
 * each of their threads is doing (state, kernel wait channel, current syscall, and the native
 * stacks when gdb is installed) for the error message of a server that did not start in time.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Direct children of `pid` (every thread's children list). */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tasks) {
    const text = read(`/proc/${pid}/task/${tid}/children`);
    if (text === undefined) continue;
    for (const c of text.trim().split(/\s+/)) if (c !== '') out.push(Number(c));
  }
  return out;
}

/** Every descendant of `pid`, parents before their children. */
export function descendantPids(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0 && out.length < 1_000) {
    for (const c of childPids(queue.shift()!)) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

/** SIGKILL to each pid still alive (errors ignored: it may have exited meanwhile). */
export function killAll(pids: readonly number[]): void {
  for (const p of pids) {
    try { process.kill(p, 'SIGKILL'); } catch { /* gone */ }
  }
}

/**
 * One line per thread of `pid` and of its descendants: `pid/tid comm state wchan syscall`
 * (state from /proc stat, the kernel function it sleeps in, the syscall number and arguments).
 */
export function describeTree(pid: number): string {
  const lines: string[] = [];
  for (const p of [pid, ...descendantPids(pid)]) {
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      const base = `/proc/${p}/task/${tid}`;
      const stat = read(`${base}/stat`) ?? '';
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const state = stat.slice(close + 2, close + 3);
      const wchan = read(`${base}/wchan`) ?? '?';
      const syscall = (read(`${base}/syscall`) ?? '?').trim().split(' ').slice(0, 3).join(' ');
      lines.push(`${p}/${tid} ${comm} ${state} wchan=${wchan} syscall=${syscall}`);
    }
  }
  return lines.join('\n');
}

const GDB = '/usr/bin/gdb';

/**
 * Native stacks of every thread of `pid` (gdb attaches for a moment, bounded to 20 s);
 * empty when gdb is not installed or cannot attach.
 */
export function nativeStacks(pid: number): string {
  if (!existsSync(GDB)) return '';
  try {
    return execFileSync(GDB, ['-batch', '-nx', '-p', String(pid), '-ex', 'thread apply all bt 30'], {
      encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'pipe'],
    }).split('\n').filter((l) => /^(Thread |#\d)/.test(l)).join('\n');
  } catch (err) {
    return `gdb: ${(err as Error).message.split('\n')[0]}`;
  }
}

/** describeTree, then the native stacks of each descendant (the workers of `--workers N`). */
export function describeStuckTree(pid: number): string {
  const parts = [describeTree(pid)];
  for (const p of descendantPids(pid)) {
    const stacks = nativeStacks(p);
    if (stacks !== '') parts.push(`native stacks of ${p}:\n${stacks}`);
  }
  return parts.join('\n');
}
