import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_TIMER_MS, timerDelay } from './timer-delay.js';

test('timerDelay: caps at the longest delay a timer holds, at least 1 ms', () => {
  assert.equal(MAX_TIMER_MS, 2_147_483_647);
  assert.equal(timerDelay(2_000), 2_000);
  assert.equal(timerDelay(30 * 86_400_000), MAX_TIMER_MS);
  assert.equal(timerDelay(0), 1);
});

test('timerDelay: an interval of 30 days does not fire after 1 ms (real timers)', async () => {
  let fired = 0;
  const timer = setInterval(() => { fired++; }, timerDelay(30 * 86_400_000));
  // A 1 ms timer set after it: an overflowed interval (Node turns it into 1 ms) would fire first.
  await new Promise((r) => setTimeout(r, 1));
  clearInterval(timer);
  assert.equal(fired, 0);
});
