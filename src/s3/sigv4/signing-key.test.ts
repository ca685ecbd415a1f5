import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { deriveSigningKey, SigningKeyCache } from './signing-key.js';

test('SigningKeyCache gives the derived key of each secret when secrets alternate', () => {
  const cache = new SigningKeyCache(8);
  const a = deriveSigningKey('secret-a', '20261127', 'us-east-1', 's3');
  const b = deriveSigningKey('secret-b', '20261127', 'us-east-1', 's3');
  assert.notDeepEqual(a, b);
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(cache.get('secret-a', '20261127', 'us-east-1', 's3'), a);
    assert.deepEqual(cache.get('secret-b', '20261127', 'us-east-1', 's3'), b);
  }
  assert.deepEqual(cache.get('secret-a', '20261128', 'us-east-1', 's3'), deriveSigningKey('secret-a', '20261128', 'us-east-1', 's3'));
  assert.equal(cache.size, 3);
});

test('SigningKeyCache stays bounded', () => {
  const cache = new SigningKeyCache(2);
  for (const s of ['s1', 's2', 's3', 's4']) cache.get(s, '20261127', 'us-east-1', 's3');
  assert.equal(cache.size, 2);
  assert.deepEqual(cache.get('s1', '20261127', 'us-east-1', 's3'), deriveSigningKey('s1', '20261127', 'us-east-1', 's3'));
});

test('SigningKeyCache: its MAC is createHmac unless its owner hands another', () => {
  const key = deriveSigningKey('secret-a', '20261127', 'us-east-1', 's3');
  assert.equal(new SigningKeyCache().macHex(key, 'text'), createHmac('sha256', key).update('text', 'utf8').digest('hex'));
  const calls: string[] = [];
  const cache = new SigningKeyCache(8, (_k, text) => { calls.push(text); return 'mac'; });
  assert.equal(cache.macHex(key, 'sts'), 'mac');
  assert.deepEqual(calls, ['sts']);
});
