import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { isS3Error } from '../../../errors/s3-error.js';
import type { BodyDigests } from '../../../object/object-layer.js';
import { computeChecksum } from '../../../util/checksums.js';
import { checksumResponseHeaders, checksumWriteOptions, parseChecksumHeaders } from './checksum-headers.js';

const BODY = Buffer.from('hello world');
const md5 = createHash('md5').update(BODY).digest();
const crc32 = computeChecksum('CRC32', BODY);
const sha256 = computeChecksum('SHA256', BODY);
const digests: BodyDigests = { size: BODY.length, md5, checksums: { CRC32: crc32, SHA256: sha256 } };
const code = (c: string, msg?: string) => (e: unknown) => isS3Error(e) && e.code === c && (msg === undefined || e.message === msg);
const noTrailers = () => ({});

test('Content-MD5: valid digest accepted, mismatch is BadDigest at commit', () => {
  const ok = checksumWriteOptions(parseChecksumHeaders({ 'content-md5': md5.toString('base64') }), noTrailers);
  assert.equal(ok.checksumAlgorithms, undefined);
  assert.doesNotThrow(() => ok.beforeCommit?.(digests));
  const bad = checksumWriteOptions(parseChecksumHeaders({ 'content-md5': Buffer.alloc(16).toString('base64') }), noTrailers);
  assert.throws(() => bad.beforeCommit?.(digests), code('BadDigest'));
});

test('Content-MD5: malformed base64, wrong length or sent empty is InvalidDigest', () => {
  for (const v of ['not base64!', 'AAAA', Buffer.alloc(15).toString('base64'), Buffer.alloc(17).toString('base64'), '', '  ']) {
    assert.throws(() => parseChecksumHeaders({ 'content-md5': v }), code('InvalidDigest'), v);
  }
});

test('x-amz-checksum-crc32 header: requested, verified and stored', () => {
  const opts = checksumWriteOptions(parseChecksumHeaders({ 'x-amz-checksum-crc32': crc32.toString('base64') }), noTrailers);
  assert.deepEqual(opts.checksumAlgorithms, ['CRC32']);
  assert.equal(opts.storeChecksum, 'CRC32');
  assert.doesNotThrow(() => opts.beforeCommit?.(digests));
  const wrong = checksumWriteOptions(parseChecksumHeaders({ 'x-amz-checksum-crc32': 'AAAAAA==' }), noTrailers);
  assert.throws(() => wrong.beforeCommit?.(digests),
    code('BadDigest', 'The CRC32 you specified did not match the calculated checksum.'));
});

test('invalid checksum values and multiple checksum headers are InvalidRequest', () => {
  assert.throws(() => parseChecksumHeaders({ 'x-amz-checksum-crc32': 'AAAA' }),
    code('InvalidRequest', 'Value for x-amz-checksum-crc32 header is invalid.'));
  assert.throws(() => parseChecksumHeaders({ 'x-amz-checksum-sha256': crc32.toString('base64') }), code('InvalidRequest'));
  assert.throws(() => parseChecksumHeaders({
    'x-amz-checksum-crc32': crc32.toString('base64'),
    'x-amz-checksum-sha256': sha256.toString('base64'),
  }), code('InvalidRequest'));
  assert.throws(() => parseChecksumHeaders({ 'x-amz-sdk-checksum-algorithm': 'MD4' }), code('InvalidRequest'));
  assert.throws(() => parseChecksumHeaders({ 'x-amz-sdk-checksum-algorithm': 'CRC32' }), code('InvalidRequest'));
  assert.throws(() => parseChecksumHeaders({ 'x-amz-trailer': 'x-amz-meta-foo' }), code('InvalidRequest'));
});

test('trailer checksum: read from the trailers at commit time', () => {
  let trailers: Record<string, string> = {};
  const parsed = parseChecksumHeaders({ 'x-amz-trailer': 'x-amz-checksum-sha256', 'x-amz-sdk-checksum-algorithm': 'SHA256' });
  assert.equal(parsed.algorithm, 'SHA256');
  const opts = checksumWriteOptions(parsed, () => trailers);
  assert.deepEqual(opts.checksumAlgorithms, ['SHA256']);
  assert.throws(() => opts.beforeCommit?.(digests), code('InvalidRequest')); // trailer never arrived
  trailers = { 'x-amz-checksum-sha256': sha256.toString('base64') };
  assert.doesNotThrow(() => opts.beforeCommit?.(digests));
  trailers = { 'x-amz-checksum-sha256': computeChecksum('SHA256', Buffer.from('x')).toString('base64') };
  assert.throws(() => opts.beforeCommit?.(digests), code('BadDigest', 'The SHA256 you specified did not match the calculated checksum.'));
});

test('no integrity headers: no options', () => {
  assert.deepEqual(checksumWriteOptions(parseChecksumHeaders({}), noTrailers), {});
});

test('checksumResponseHeaders names the algorithm header and type', () => {
  assert.deepEqual(checksumResponseHeaders({ algorithm: 'CRC32C', type: 'FULL_OBJECT', value: 'yZRlqg==' }),
    { 'x-amz-checksum-crc32c': 'yZRlqg==', 'x-amz-checksum-type': 'FULL_OBJECT' });
  assert.deepEqual(checksumResponseHeaders(undefined), {});
});
