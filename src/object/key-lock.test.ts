import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { KeyLocks } from './key-lock.js';

test('KeyLocks serializes per name, runs names in parallel, survives errors and cleans up', async () => {
  const locks = new KeyLocks();
  const log: string[] = [];
  const job = (name: string, id: string, ms: number, fail = false) => locks.withLock(name, async () => {
    log.push(`start ${id}`);
    await sleep(ms);
    log.push(`end ${id}`);
    if (fail) throw new Error(`fail ${id}`);
    return id;
  });
  const results = await Promise.allSettled([job('a', 'a1', 20, true), job('a', 'a2', 5), job('b', 'b1', 1)]);
  assert.equal(results[0].status, 'rejected');
  assert.deepEqual(results.slice(1).map((r) => (r.status === 'fulfilled' ? r.value : r.reason)), ['a2', 'b1']);
  assert.ok(log.indexOf('end a1') < log.indexOf('start a2'), log.join(','));
  assert.ok(log.indexOf('start b1') < log.indexOf('end a1'), log.join(','));
  assert.equal(locks.size, 0);
});
