import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { handlerHeaders } from './request-headers.js';

describe('handlerHeaders', () => {
  it('returns the same object when no x-amz-meta-* header repeats', () => {
    const headers = { host: 'h', 'x-amz-meta-a': '1', 'x-amz-meta-b': '2' };
    assert.equal(handlerHeaders(headers, ['Host', 'h', 'X-Amz-Meta-A', '1', 'x-amz-meta-b', '2']), headers);
  });
  it('joins repeated x-amz-meta-* values with "," (any case) and leaves the original untouched', () => {
    const headers = { host: 'h', 'x-amz-meta-a': '1, 2,3', other: 'x, y' };
    const out = handlerHeaders(headers, ['Host', 'h', 'X-Amz-Meta-A', '1', 'x-amz-meta-a', ' 2,3 ', 'other', 'x', 'other', 'y']);
    assert.deepEqual(out, { host: 'h', 'x-amz-meta-a': '1,2,3', other: 'x, y' });
    assert.equal(headers['x-amz-meta-a'], '1, 2,3');
  });
});
