import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HealQueue } from './heal-queue.js';

test('heal queue: FIFO, deduplicated until taken, bounded (drops and counts when full)', () => {
  const q = new HealQueue(3);
  assert.equal(q.add('b', 'x'), true);
  assert.equal(q.add('b', 'y'), true);
  assert.equal(q.add('b', 'x'), true); // already queued
  assert.equal(q.size, 2);
  assert.equal(q.add('c', 'x'), true);
  assert.equal(q.add('b', 'z'), false);
  assert.equal(q.dropped, 1);
  assert.deepEqual(q.poll(), { bucket: 'b', key: 'x' });
  assert.equal(q.add('b', 'x'), true); // queued again once taken
  assert.deepEqual([q.poll(), q.poll(), q.poll(), q.poll()], [
    { bucket: 'b', key: 'y' }, { bucket: 'c', key: 'x' }, { bucket: 'b', key: 'x' }, undefined,
  ]);
  assert.throws(() => new HealQueue(0), RangeError);
});

test('heal queue: take waits for an item and returns undefined on abort', async () => {
  const q = new HealQueue();
  const ac = new AbortController();
  const waiting = q.take(ac.signal);
  setTimeout(() => q.add('b', 'k'), 5);
  assert.deepEqual(await waiting, { bucket: 'b', key: 'k' });
  const idle = q.take(ac.signal);
  setTimeout(() => ac.abort(), 5);
  assert.equal(await idle, undefined);
});
