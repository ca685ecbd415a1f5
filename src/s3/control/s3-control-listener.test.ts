import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { isS3ControlRequest, splitControlTarget } from './s3-control-listener.js';

const req = (url: string, headers: Record<string, string> = {}): IncomingMessage => ({ method: 'GET', url, headers } as unknown as IncomingMessage);
const ACCOUNT = { 'x-amz-account-id': '123456789012' };

test('isS3ControlRequest: the publicAccessBlock path with x-amz-account-id, origin or absolute form; nothing else', () => {
  assert.equal(isS3ControlRequest(req('/v20180820/configuration/publicAccessBlock', ACCOUNT)), true);
  assert.equal(isS3ControlRequest(req('http://123456789012.127.0.0.1:9000/v20180820/configuration/publicAccessBlock', ACCOUNT)), true);
  assert.equal(isS3ControlRequest(req('/v20180820/configuration/publicAccessBlock')), false, 'a bucket named v20180820 stays S3');
  assert.equal(isS3ControlRequest(req('/v20180820/configuration/other', ACCOUNT)), false);
  assert.equal(isS3ControlRequest(req('/bucket/key', ACCOUNT)), false);
  assert.equal(isS3ControlRequest(req('/bucket?publicAccessBlock', ACCOUNT)), false);
});

test('splitControlTarget: the origin-form path and query of any target', () => {
  assert.deepEqual(splitControlTarget('/a/b?x=1'), { rawPath: '/a/b', rawQuery: 'x=1' });
  assert.deepEqual(splitControlTarget('http://h:1/a?y'), { rawPath: '/a', rawQuery: 'y' });
  assert.deepEqual(splitControlTarget('https://h'), { rawPath: '/', rawQuery: '' });
});
