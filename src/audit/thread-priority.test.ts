import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** Runs ThreadPriority on a thread of its own and reports that thread's nice value after each step. */
async function niceSteps(backlogs: number[]): Promise<{ usable: boolean; steps: Array<{ low: boolean; nice: number }>; serverNice: number }> {
  const worker = new Worker(`
    const { parentPort, workerData } = require('node:worker_threads');
    const { readFileSync } = require('node:fs');
    const nice = () => { const s = readFileSync('/proc/thread-self/stat', 'utf8'); return Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[16]); };
    import(workerData.module).then(({ ThreadPriority }) => {
      const logs = [];
      const p = new ThreadPriority({ info: (m) => logs.push(m), warn() {}, error() {} });
      const steps = workerData.backlogs.map((b) => { p.pace(b); return { low: p.low, nice: nice() }; });
      parentPort.postMessage({ usable: logs.length === 0, steps });
    });`, { eval: true, workerData: { backlogs, module: new URL('./thread-priority.js', import.meta.url).href } });
  const r = await new Promise<{ usable: boolean; steps: Array<{ low: boolean; nice: number }> }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  const self = readNice();
  return { ...r, serverNice: self };
}

function readNice(): number {
  const s = readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, 'utf8');
  return Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[16]);
}

describe('audit thread priority', { skip: process.platform !== 'linux' }, () => {
  it('low while it keeps up, normal once behind, low again once caught up; only that thread', async () => {
    const r = await niceSteps([0, 500, 1001, 500, 99, 5000]);
    if (!r.usable) {
      // Without CAP_SYS_NICE / RLIMIT_NICE the thread must stay where it is, never low.
      assert.ok(r.steps.every((s) => !s.low && s.nice === r.serverNice));
      return;
    }
    assert.deepEqual(r.steps.map((s) => [s.low, s.nice]), [
      [true, 19], // nothing to do: low
      [true, 19], // below BEHIND: stays low
      [false, r.serverNice], // behind: back to the process's priority
      [false, r.serverNice], // not yet caught up
      [true, 19], // caught up
      [false, r.serverNice],
    ]);
    assert.equal(readNice(), r.serverNice, 'the server thread is untouched');
  });
});
