import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isS3Error } from '../../../errors/s3-error.js';
import {
  decodeContinuationToken, encodeContinuationToken, parseDelimiter, parseEncodingType, parsePageSize,
} from './list-params.js';

const invalidArg = (e: unknown) => isS3Error(e) && e.code === 'InvalidArgument';
const q = (s: string) => new URLSearchParams(s);

test('parsePageSize: default, clamp, zero, invalid', () => {
  assert.equal(parsePageSize(q(''), 'max-keys'), 1000);
  assert.equal(parsePageSize(q('max-keys=5'), 'max-keys'), 5);
  assert.equal(parsePageSize(q('max-keys=0'), 'max-keys'), 0);
  assert.equal(parsePageSize(q('max-keys=5000'), 'max-keys'), 1000);
  for (const v of ['-1', 'abc', '1.5', '', '99999999999999999999']) {
    assert.throws(() => parsePageSize(q(`max-keys=${v}`), 'max-keys'), invalidArg, v);
  }
});

test('parseEncodingType: url only', () => {
  assert.equal(parseEncodingType(q('')), undefined);
  assert.equal(parseEncodingType(q('encoding-type=url')), 'url');
  assert.throws(() => parseEncodingType(q('encoding-type=base64')), invalidArg);
});

test('parseDelimiter: empty means none', () => {
  assert.equal(parseDelimiter(q('delimiter=')), undefined);
  assert.equal(parseDelimiter(q('delimiter=%2F')), '/');
});

test('continuation token round-trips any key and rejects garbage', () => {
  for (const key of ['a', 'dir/sub/ké y', '\u0001odd', 'x'.repeat(1024)]) {
    const t = encodeContinuationToken(key);
    assert.match(t, /^[A-Za-z0-9_-]+$/);
    assert.equal(decodeContinuationToken(t), key);
  }
  for (const bad of ['', 'not a token', Buffer.from('plain').toString('base64url'), '!!!!']) {
    assert.throws(() => decodeContinuationToken(bad), invalidArg, bad);
  }
});
