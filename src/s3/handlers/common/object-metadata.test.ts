import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isS3Error } from '../../../errors/s3-error.js';
import { parseObjectMetadata, storedContentEncoding } from './object-metadata.js';

const code = (c: string) => (e: unknown) => isS3Error(e) && e.code === c;

test('parseObjectMetadata: user, system metadata, content type and storage class', () => {
  const m = parseObjectMetadata({
    'content-type': 'text/plain',
    'x-amz-meta-Color': 'blue',
    'x-amz-meta-size': '10',
    'cache-control': 'no-cache',
    'content-disposition': 'attachment',
    'content-encoding': 'aws-chunked,gzip',
    'content-language': 'en',
    expires: 'Thu, 01 Dec 1994 16:00:00 GMT',
    'x-amz-website-redirect-location': '/other',
    'x-amz-storage-class': 'STANDARD_IA',
    'x-amz-date': 'ignored',
  });
  assert.equal(m.contentType, 'text/plain');
  assert.deepEqual(m.userMetadata, { color: 'blue', size: '10' });
  assert.deepEqual(m.systemMetadata, {
    'cache-control': 'no-cache',
    'content-disposition': 'attachment',
    'content-encoding': 'gzip',
    'content-language': 'en',
    expires: 'Thu, 01 Dec 1994 16:00:00 GMT',
    'x-amz-website-redirect-location': '/other',
  });
  assert.equal(m.storageClass, 'STANDARD_IA');
  assert.equal(m.hasUserMetadata, true);
});

test('parseObjectMetadata: defaults are left to the caller', () => {
  const m = parseObjectMetadata({});
  assert.equal(m.contentType, undefined);
  assert.equal(m.storageClass, undefined);
  assert.deepEqual(m.userMetadata, {});
  assert.deepEqual(m.systemMetadata, {});
});

test('storedContentEncoding strips aws-chunked', () => {
  assert.equal(storedContentEncoding('aws-chunked'), undefined);
  assert.equal(storedContentEncoding('gzip, aws-chunked'), 'gzip');
  assert.equal(storedContentEncoding('br'), 'br');
  assert.equal(storedContentEncoding('deflate, gzip'), 'deflate, gzip', 'kept as sent');
  assert.equal(storedContentEncoding('aws-chunked, deflate,gzip'), 'deflate, gzip');
  assert.equal(storedContentEncoding('aws-chunked, AWS-CHUNKED'), undefined);
});

test('user metadata above 2 KiB is MetadataTooLarge, exactly 2 KiB passes', () => {
  const name = 'k'; // 1 byte name
  assert.doesNotThrow(() => parseObjectMetadata({ [`x-amz-meta-${name}`]: 'v'.repeat(2047) }));
  assert.throws(() => parseObjectMetadata({ [`x-amz-meta-${name}`]: 'v'.repeat(2048) }), code('MetadataTooLarge'));
  assert.throws(() => parseObjectMetadata({ 'x-amz-meta-a': 'x'.repeat(1100), 'x-amz-meta-b': 'y'.repeat(1100) }),
    code('MetadataTooLarge'));
});

test('unknown storage class and bad redirect are refused; SSE headers are not metadata', () => {
  assert.throws(() => parseObjectMetadata({ 'x-amz-storage-class': 'CHEAP' }), code('InvalidStorageClass'));
  assert.throws(() => parseObjectMetadata({ 'x-amz-website-redirect-location': 'ftp://x' }), code('InvalidArgument'));
  assert.deepEqual(parseObjectMetadata({ 'x-amz-server-side-encryption': 'AES256' }).systemMetadata, {});
  assert.equal(parseObjectMetadata({ 'x-amz-tagging': 'a=b&c=d%20e' }).systemMetadata['x-amz-tagging'], 'a=b&c=d+e');
  assert.throws(() => parseObjectMetadata({ 'x-amz-tagging': Array.from({ length: 11 }, (_, i) => `k${i}=v`).join('&') }), code('BadRequest'));
  assert.throws(() => parseObjectMetadata({ 'x-amz-tagging': 'a=1&a=2' }), code('InvalidTag'));
  // Object Lock headers are not metadata: object-lock-headers.ts reads them.
  assert.deepEqual(parseObjectMetadata({ 'x-amz-object-lock-mode': 'GOVERNANCE' }).systemMetadata, {});
  // ACL headers are not metadata either: handlers/common/object-acl.ts reads them (and refuses
  // them where Object Ownership disables ACLs).
  assert.deepEqual(parseObjectMetadata({ 'x-amz-acl': 'public-read', 'x-amz-grant-read': 'id=x' }).systemMetadata, {});
  for (const sc of ['STANDARD', 'REDUCED_REDUNDANCY', 'GLACIER', 'DEEP_ARCHIVE', 'GLACIER_IR', 'INTELLIGENT_TIERING']) {
    assert.equal(parseObjectMetadata({ 'x-amz-storage-class': sc }).storageClass, sc);
  }
});
