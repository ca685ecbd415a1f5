import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sleep } from './sleep.js';
import { WorkerRunner, type WorkerContext } from './worker-runner.js';

test('worker runner: status reports progress, done, failure and stop', async () => {
  const runner = new WorkerRunner();
  runner.start({ name: 'counts', async run(ctx: WorkerContext) { for (let i = 1; i <= 3; i++) ctx.report({ n: i }); } });
  runner.start({ name: 'fails', async run() { throw new Error('boom'); } });
  runner.start({
    name: 'sleeper',
    async run(ctx: WorkerContext) {
      ctx.report({ phase: 'waiting' }, 'sleeping');
      await sleep(60_000, ctx.signal);
    },
  });
  await runner.wait('counts');
  await runner.wait('fails');
  assert.equal(runner.statusOf('counts')!.state, 'done');
  assert.equal(runner.statusOf('counts')!.detail.n, 3);
  assert.equal(runner.statusOf('fails')!.state, 'failed');
  assert.equal(runner.statusOf('fails')!.lastError, 'boom');
  assert.equal(runner.statusOf('sleeper')!.state, 'sleeping');
  assert.throws(() => runner.start({ name: 'sleeper', async run() {} }), /already running/);
  const t0 = Date.now();
  await runner.stopAll();
  assert.ok(Date.now() - t0 < 5_000, 'stop is prompt');
  assert.equal(runner.statusOf('sleeper')!.state, 'stopped');
  assert.deepEqual(runner.status().map((s) => s.name).sort(), ['counts', 'fails', 'sleeper']);
});
