import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidBucketNameError } from '../errors/domain-errors.js';
import { isValidBucketName, SYSTEM_BUCKET, validateBucketName } from './bucket-names.js';

test('S3 bucket naming rules', () => {
  for (const ok of ['abc', 'my-bucket', 'my.bucket.name', 'a1b', '123', 'a'.repeat(63), 'bucket-s3alias-x', 'xn-bucket']) {
    assert.ok(isValidBucketName(ok), ok);
  }
  for (const bad of ['ab', 'a'.repeat(64), 'My-Bucket', 'my_bucket', '-abc', 'abc-', '.abc', 'abc.', 'a..b', 'a.-b', 'a-.b',
    '192.168.5.4', 'xn--abc', 'sthree-abc', 'amzn-s3-demo-x', 'abc-s3alias', 'abc--ol-s3', 'abc.mrap', 'abc--x-s3',
    'abc--table-s3', 'a b', 'a/b', '', 'ünï']) {
    assert.ok(!isValidBucketName(bad), bad);
  }
});

test('the system bucket: not an S3 name, but accepted by the object layer; nothing else is', () => {
  assert.equal(SYSTEM_BUCKET, '.cairn.sys');
  assert.equal(isValidBucketName(SYSTEM_BUCKET), false);
  assert.doesNotThrow(() => validateBucketName(SYSTEM_BUCKET));
  assert.doesNotThrow(() => validateBucketName('my-bucket'));
  for (const bad of ['.cairn', '.cairn.sys2', '.hidden', 'My-Bucket']) assert.throws(() => validateBucketName(bad), InvalidBucketNameError, bad);
});
