import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { deriveStreamKey, newStreamIv, STREAM_IV_BYTES } from './stream-key.js';

it('stream key = HMAC-SHA256(object key, label || 0 || IV): fixed vector', () => {
  const objectKey = Buffer.alloc(32, 7);
  const iv = Buffer.alloc(32, 9);
  const expected = createHmac('sha256', objectKey).update('CAIRN-SSE stream key v1\0').update(iv).digest();
  assert.ok(deriveStreamKey(objectKey, iv).equals(expected));
  assert.equal(deriveStreamKey(objectKey, iv).length, 32);
});

it('every stream IV gives its own key: a re-uploaded part never reuses key and nonces', () => {
  const objectKey = randomBytes(32);
  const keys = new Set<string>();
  for (let i = 0; i < 100; i++) keys.add(deriveStreamKey(objectKey, newStreamIv()).toString('hex'));
  assert.equal(keys.size, 100);
  const iv = newStreamIv();
  assert.equal(iv.length, STREAM_IV_BYTES);
  assert.ok(!deriveStreamKey(objectKey, iv).equals(deriveStreamKey(randomBytes(32), iv)), 'another object, another key');
  assert.ok(deriveStreamKey(objectKey, iv).equals(deriveStreamKey(objectKey, Buffer.from(iv))), 'deterministic');
});

it('wrong lengths are refused', () => {
  assert.throws(() => deriveStreamKey(randomBytes(16), newStreamIv()), /object key must be 32 bytes, got 16/);
  assert.throws(() => deriveStreamKey(randomBytes(32), randomBytes(12)), /stream IV must be 32 bytes, got 12/);
});
