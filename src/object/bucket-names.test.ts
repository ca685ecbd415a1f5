import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidBucketName } from './bucket-names.js';

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
