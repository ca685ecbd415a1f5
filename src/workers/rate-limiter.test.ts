import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter } from './rate-limiter.js';

test('rate limiter: the delay keeps objects and bytes within their budgets since the pass began', () => {
  let now = 1_000;
  const l = new RateLimiter({ objectsPerSecond: 10, bytesPerSecond: 1000 }, () => now);
  assert.equal(l.delayFor(1, 0), 100);        // 1 object = 100 ms of budget
  now += 100;
  assert.equal(l.delayFor(0, 500), 400);      // 500 bytes = 500 ms, 100 ms spent
  now += 1_000;
  assert.equal(l.delayFor(1, 0), 0);          // behind budget: no wait
  const free = new RateLimiter({}, () => now);
  assert.equal(free.delayFor(1_000_000, 1e12), 0);
  assert.throws(() => new RateLimiter({ bytesPerSecond: -1 }), RangeError);
});

test('rate limiter: pace returns false when the signal aborts the wait', async () => {
  const l = new RateLimiter({ objectsPerSecond: 0.001 });
  const ac = new AbortController();
  const p = l.pace(1, 0, ac.signal);
  ac.abort();
  assert.equal(await p, false);
});
