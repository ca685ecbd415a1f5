import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { parseStat, parseStatusKiB, procTree, treeCpuSeconds, treeRssMiB, withPeakRss } from '../lib/proc-stats.mjs';

test('parseStat reads utime/stime even with spaces and parens in the command name', () => {
  const line = '123 (node (x) y) S 1 123 123 0 -1 4194560 100 0 0 0 250 40 0 0 20 0 11 0 5 1000 100 0 0';
  const s = parseStat(line);
  assert.deepEqual(s, { state: 'S', utimeTicks: 250, stimeTicks: 40 });
  assert.equal(parseStat('garbage'), null);
});

test('parseStatusKiB finds a field or returns null', () => {
  const text = 'Name:\tnode\nVmHWM:\t  245596 kB\nVmRSS:\t  1000 kB\n';
  assert.equal(parseStatusKiB(text, 'VmHWM'), 245596);
  assert.equal(parseStatusKiB(text, 'VmRSS'), 1000);
  assert.equal(parseStatusKiB(text, 'VmSwap'), null);
});

test('a child process shows up in the tree, with CPU time and a measured peak RSS', async () => {
  // the child holds ~100 MiB for a moment, then frees it and waits to be killed
  const child = spawn(process.execPath, ['-e', `
    let b = Buffer.alloc(100 << 20, 1); process.stdout.write('big\\n');
    setTimeout(() => { b = null; globalThis.gc?.(); process.stdout.write('freed\\n'); }, 400);
    setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const lines = [];
    const seen = (w) => new Promise((r) => { const f = () => (lines.join('').includes(w) ? r() : setTimeout(f, 20)); f(); });
    child.stdout.on('data', (d) => lines.push(String(d)));
    const { peakRssMiB } = await withPeakRss(process.pid, () => seen('freed'), 20);
    assert.ok(procTree(process.pid).has(child.pid));
    assert.ok(peakRssMiB > 100, `peak ${peakRssMiB}`);
    assert.ok(treeCpuSeconds(process.pid) > 0);
    assert.ok(treeRssMiB(child.pid) > 10);
  } finally {
    child.kill('SIGKILL');
  }
});
