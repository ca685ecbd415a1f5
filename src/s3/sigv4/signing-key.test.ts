import { test } from 'node:test';
import assert from 'node:assert/strict';
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
