import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ObjectKeyCache } from './object-key-cache.js';

test('ObjectKeyCache: hits are copies; entries expire after the TTL and are wiped', () => {
  let now = 1000;
  const c = new ObjectKeyCache({ ttlMs: 50, now: () => now });
  const key = randomBytes(32);
  c.set('a', key);
  key.fill(7); // the cache holds its own copy
  const hit = c.get('a')!;
  assert.equal(hit.length, 32);
  assert.notDeepEqual(hit, Buffer.alloc(32, 7));
  hit.fill(0); // nor does a caller's change reach the cache
  assert.notDeepEqual(c.get('a'), Buffer.alloc(32));
  assert.equal(c.get('b'), undefined);
  now += 50;
  assert.equal(c.get('a'), undefined, 'expired');
  assert.equal(c.size, 0);
});

test('ObjectKeyCache: at most maxEntries, the least recently used dropped first; clear empties it', () => {
  const c = new ObjectKeyCache({ maxEntries: 2 });
  c.set('a', randomBytes(32));
  c.set('b', randomBytes(32));
  assert.ok(c.get('a')); // a is now the most recent
  c.set('c', randomBytes(32));
  assert.equal(c.size, 2);
  assert.equal(c.get('b'), undefined, 'b was the least recently used');
  assert.ok(c.get('a'));
  assert.ok(c.get('c'));
  c.clear();
  assert.equal(c.size, 0);
  assert.equal(c.get('a'), undefined);
});
