import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isS3Error } from '../../../errors/s3-error.js';
import { bucketNameProblem, isValidBucketName, requireValidBucketName } from './bucket-name.js';

describe('bucket naming rules', () => {
  it('accepts names AWS accepts', () => {
    for (const n of ['docexamplebucket1', 'log-delivery-march-2020', 'my-hosted-content', 'abc', 'a.b.c', 'x'.repeat(63), '1bucket9']) {
      assert.ok(isValidBucketName(n), n);
    }
  });
  it('refuses names AWS refuses, with a reason', () => {
    for (const n of ['doc_example_bucket', 'DocExampleBucket', 'doc-example-bucket-', 'ab', 'x'.repeat(64), 'a..b', '192.168.5.4', 'xn--abc', 'sthree-x', 'amzn-s3-demo-bucket', 'bucket-s3alias', 'bucket--ol-s3', 'a.-b', 'a-.b', '.abc', '']) {
      assert.ok(bucketNameProblem(n), n);
    }
  });
  it('requireValidBucketName: 400 InvalidBucketName naming the bucket; the system bucket is never valid', () => {
    assert.doesNotThrow(() => requireValidBucketName('my-bucket'));
    for (const n of ['.cairn.sys', '.hidden', 'Upper']) {
      assert.throws(() => requireValidBucketName(n), (e) => isS3Error(e) && e.code === 'InvalidBucketName' && e.status === 400
        && e.extra['BucketName'] === n, n);
    }
  });
});
