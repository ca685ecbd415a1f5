import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { MAX_STREAM_KEYS, ObjectKeyCache } from './object-key-cache.js';

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

test('ObjectKeyCache stream keys: kept with their object key, copies both ways, at most MAX_STREAM_KEYS, gone with the entry', () => {
  let now = 1000;
  const c = new ObjectKeyCache({ ttlMs: 50, maxEntries: 2, now: () => now });
  const iv = (n: number): Buffer => Buffer.alloc(32, n);
  const sk = randomBytes(32);
  c.setStream('a', iv(1), sk);
  assert.equal(c.getStream('a', iv(1)), undefined, 'no entry for the object key: nothing kept');
  c.set('a', randomBytes(32));
  c.setStream('a', iv(1), sk);
  sk.fill(9); // the cache holds its own copy
  const hit = c.getStream('a', iv(1))!;
  assert.notDeepEqual(hit, Buffer.alloc(32, 9));
  hit.fill(0); // nor does a caller's change reach the cache
  assert.notDeepEqual(c.getStream('a', iv(1)), Buffer.alloc(32));
  assert.equal(c.getStream('a', iv(2)), undefined, 'another IV');
  assert.equal(c.getStream('b', iv(1)), undefined, 'another object key');
  for (let n = 2; n <= MAX_STREAM_KEYS + 1; n++) c.setStream('a', iv(n), randomBytes(32));
  assert.equal(c.getStream('a', iv(1)), undefined, 'the oldest stream key dropped');
  for (let n = 2; n <= MAX_STREAM_KEYS + 1; n++) assert.ok(c.getStream('a', iv(n)), `IV ${n} kept`);
  c.set('a', randomBytes(32));
  assert.equal(c.getStream('a', iv(2)), undefined, 'a new object key under the id drops the old stream keys');
  c.setStream('a', iv(2), randomBytes(32));
  now += 50;
  assert.equal(c.getStream('a', iv(2)), undefined, 'expired with the entry');
  c.set('x', randomBytes(32));
  c.setStream('x', iv(3), randomBytes(32));
  c.set('y', randomBytes(32));
  c.set('z', randomBytes(32));
  assert.equal(c.getStream('x', iv(3)), undefined, 'evicted with the entry (least recently used)');
});

test('an entry hits only with its own binding, string for string; another binding misses and keeps no stream key', () => {
  const c = new ObjectKeyCache();
  const key = randomBytes(32);
  const binding = ['kms-key', 'data-key-text', '', 'acct', 'bucket', 'k'];
  c.set('sealed', key, binding);
  assert.deepEqual(c.get('sealed', [...binding]), key, 'equal strings, other array: a hit');
  for (let i = 0; i < binding.length; i++) {
    const other = [...binding];
    other[i] = `${other[i]}x`;
    assert.equal(c.get('sealed', other), undefined, `binding field ${i} differs`);
  }
  assert.equal(c.get('sealed', binding.slice(0, 5)), undefined, 'a shorter binding');
  assert.equal(c.get('sealed'), undefined, 'no binding');
  const iv = Buffer.alloc(32, 7);
  c.setStream('sealed', iv, randomBytes(32), [...binding.slice(0, 5), 'other-key']);
  assert.equal(c.getStream('sealed', iv, binding), undefined, 'a stream key under another binding is not kept');
  const sk = randomBytes(32);
  c.setStream('sealed', iv, sk, binding);
  assert.deepEqual(c.getStream('sealed', iv, binding), sk);
  assert.equal(c.getStream('sealed', iv, [...binding.slice(0, 5), 'other-key']), undefined);
  c.set('sealed', randomBytes(32), ['x']);
  assert.equal(c.get('sealed', binding), undefined, 'replaced by the entry of another binding');
});
