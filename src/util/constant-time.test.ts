import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constantTimeEqual } from './constant-time.js';

test('constantTimeEqual: equal only for identical strings', () => {
  assert.equal(constantTimeEqual('abc', 'abc'), true);
  assert.equal(constantTimeEqual('', ''), true);
  assert.equal(constantTimeEqual('abc', 'abd'), false);
  assert.equal(constantTimeEqual('abc', 'ab'), false);
  assert.equal(constantTimeEqual('ab', 'abc'), false);
  assert.equal(constantTimeEqual('abc', ''), false);
  // Compared as UTF-8 bytes: same UTF-16 length, different bytes.
  assert.equal(constantTimeEqual('é', 'e'), false);
  assert.equal(constantTimeEqual('dGVzdA==', 'dGVzdA=='), true);
});
