import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isS3Error } from '../../../errors/s3-error.js';
import { parseCopySource, parseCopySourceRange } from './copy-source.js';

const invalidArg = (e: unknown) => isS3Error(e) && e.code === 'InvalidArgument';

test('parseCopySource: bucket/key with and without leading slash, URL-decoded', () => {
  assert.deepEqual(parseCopySource({ 'x-amz-copy-source': 'src/a/b.txt' }), { bucket: 'src', key: 'a/b.txt' });
  assert.deepEqual(parseCopySource({ 'x-amz-copy-source': '/src/dir%2Fwith%20space%3F.txt' }),
    { bucket: 'src', key: 'dir/with space?.txt' });
  assert.deepEqual(parseCopySource({ 'x-amz-copy-source': '/src/k%C3%A9y' }), { bucket: 'src', key: 'kéy' });
});

test('parseCopySource: ?versionId=', () => {
  assert.deepEqual(parseCopySource({ 'x-amz-copy-source': 'src/key?versionId=3HL4kqtJlcpXroDTDmJ' }),
    { bucket: 'src', key: 'key', versionId: '3HL4kqtJlcpXroDTDmJ' });
  assert.throws(() => parseCopySource({ 'x-amz-copy-source': 'src/key?versionId=' }), invalidArg);
});

test('parseCopySource: missing bucket or key, bad escapes', () => {
  for (const v of ['', 'bucket', 'bucket/', '/bucket', '/', '//key', 'b/%E0%A4%A']) {
    assert.throws(() => parseCopySource({ 'x-amz-copy-source': v }), invalidArg, v);
  }
  assert.throws(() => parseCopySource({}), invalidArg);
});

test('parseCopySource: a source bucket with an invalid name (the system bucket) is InvalidBucketName', () => {
  for (const v of ['.cairn.sys/config/root-credentials.json', '/.cairn.sys/x', '%2Ecairn.sys/x', 'Bad_Name/k']) {
    assert.throws(() => parseCopySource({ 'x-amz-copy-source': v }), (e) => isS3Error(e) && e.code === 'InvalidBucketName', v);
  }
});

test('parseCopySourceRange: bounded only', () => {
  assert.deepEqual(parseCopySourceRange({ 'x-amz-copy-source-range': 'bytes=0-5242879' }), { start: 0, end: 5242879 });
  assert.equal(parseCopySourceRange({}), undefined);
  for (const v of ['bytes=5-', 'bytes=-5', 'bytes=9-1', 'items=0-1', 'bytes=0-1,2-3', '', '   ']) {
    assert.throws(() => parseCopySourceRange({ 'x-amz-copy-source-range': v }), invalidArg, v);
  }
});
