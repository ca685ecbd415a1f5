import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_TIMER_MS } from '../util/timer-delay.js';
import { sleep } from './sleep.js';

test('sleep: a wait longer than a timer holds does not end after 1 ms (real timers)', async () => {
  const ac = new AbortController();
  let ended: boolean | undefined;
  const slept = sleep(30 * 86_400_000, ac.signal).then((v) => { ended = v; });
  // A 1 ms timer set after it: an overflowed timer (Node turns it into 1 ms) would fire first.
  await new Promise((r) => setTimeout(r, 1));
  assert.equal(ended, undefined, 'a 30-day sleep is still sleeping after a 1 ms timer set after it');
  ac.abort();
  await slept;
  assert.equal(ended, false, 'aborted');
});

test('sleep: a 30-day wait is slept in pieces and ends after 30 days (mock timers)', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const thirty = 30 * 86_400_000;
  let ended: boolean | undefined;
  const slept = sleep(thirty, undefined, { idle: true }).then((v) => { ended = v; });
  t.mock.timers.tick(MAX_TIMER_MS);
  await Promise.resolve();
  assert.equal(ended, undefined, 'still sleeping after the first piece');
  t.mock.timers.tick(thirty - MAX_TIMER_MS - 1);
  await Promise.resolve();
  assert.equal(ended, undefined, 'still sleeping 1 ms before the end');
  t.mock.timers.tick(1);
  await slept;
  assert.equal(ended, true);
});

test('sleep: abort during a later piece ends it with false; 0, negative and NaN end at once', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const ac = new AbortController();
  const slept = sleep(3 * MAX_TIMER_MS, ac.signal);
  t.mock.timers.tick(MAX_TIMER_MS + 10);
  ac.abort();
  assert.equal(await slept, false);
  assert.equal(await sleep(0), true);
  assert.equal(await sleep(-5), true);
  assert.equal(await sleep(Number.NaN), true);
  const pre = new AbortController();
  pre.abort();
  assert.equal(await sleep(10, pre.signal), false);
});
