import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as domain from './domain-errors.js';
import { S3_CODES } from './s3-codes.js';
import { S3Error } from './s3-error.js';
import { isInternal, toS3Error } from './to-s3-error.js';

const when = new Date(Date.UTC(2024, 0, 1));

describe('toS3Error', () => {
  const cases: Array<[Error, string, number]> = [
    [new domain.BucketNotFoundError('b'), 'NoSuchBucket', 404],
    [new domain.BucketExistsError('b'), 'BucketAlreadyOwnedByYou', 409],
    [new domain.BucketNotEmptyError('b'), 'BucketNotEmpty', 409],
    [new domain.InvalidBucketNameError('B'), 'InvalidBucketName', 400],
    [new domain.ObjectNotFoundError('b', 'k'), 'NoSuchKey', 404],
    [new domain.ObjectDeletedError('b', 'k', 'v1', when), 'NoSuchKey', 404],
    [new domain.VersionNotFoundError('b', 'k', 'v1'), 'NoSuchVersion', 404],
    [new domain.InvalidVersionIdError('zzz'), 'InvalidArgument', 400],
    [new domain.VersionIsDeleteMarkerError('b', 'k', 'v1', when), 'MethodNotAllowed', 405],
    [new domain.InvalidObjectNameError('k'.repeat(1025), 'too long'), 'KeyTooLongError', 400],
    [new domain.InvalidObjectNameError('k', 'bad'), 'InvalidArgument', 400],
    [new domain.PreconditionFailedError('If-Match'), 'PreconditionFailed', 412],
    [new domain.NotModifiedError('abc', when), 'NotModified', 304],
    [new domain.ConditionalConflictError(), 'ConditionalRequestConflict', 409],
    [new domain.InvalidRangeError(10), 'InvalidRange', 416],
    [new domain.InvalidPartNumberError(3), 'InvalidPartNumber', 400],
    [new domain.DigestMismatchError('md5'), 'BadDigest', 400],
    [new domain.DigestMismatchError('crc32'), 'BadDigest', 400],
    [new domain.IncompleteBodyError(10, 5), 'IncompleteBody', 400],
    [new domain.EntityTooLargeError(5), 'EntityTooLarge', 400],
    [new domain.UploadNotFoundError('u'), 'NoSuchUpload', 404],
    [new domain.InvalidPartError(2, 'etag'), 'InvalidPart', 400],
    [new domain.InvalidPartOrderError(), 'InvalidPartOrder', 400],
    [new domain.EntityTooSmallError(1, 100), 'EntityTooSmall', 400],
    [new domain.InvalidChecksumRequestError('sha + full'), 'InvalidRequest', 400],
    [new domain.DrivePathError('../x', 'escapes'), 'InternalError', 500],
    [new domain.QuorumError('read', 3, 1), 'ServiceUnavailable', 503],
    [new domain.QuorumError('write', 3, 1), 'SlowDown', 503],
    [new domain.DriveOfflineError('/d1'), 'ServiceUnavailable', 503],
    [new domain.DriveFullError('/d1'), 'ServiceUnavailable', 503],
    [new domain.BitrotError('/d1', 'p'), 'InternalError', 500],
    [new domain.CorruptRecordError('x'), 'InternalError', 500],
    [new domain.FormatError('x'), 'InternalError', 500],
    [new domain.FileNotFoundError('p'), 'InternalError', 500],
    [new domain.DecryptionFailedError('package 3 failed authentication'), 'InternalError', 500],
    [new domain.KmsKeyNotFoundError('my-key'), 'KMS.NotFoundException', 400],
    [new domain.KmsKeyOfOtherAccountError('key-a', '222222222222', 'GenerateDataKey'), 'AccessDenied', 403],
    [new domain.KmsConfigError('CAIRN_KMS_SECRET_KEY: bad'), 'InternalError', 500],
  ];
  for (const [err, code, status] of cases) {
    it(`${err.constructor.name} → ${status} ${code}`, () => {
      const s3 = toS3Error(err);
      assert.equal(s3.code, code);
      assert.equal(s3.status, status);
      assert.equal(s3.cause, err);
    });
  }

  it('NoSuchKey carries the Key; a delete marker adds x-amz-delete-marker', () => {
    assert.deepEqual(toS3Error(new domain.ObjectNotFoundError('b', 'a/k')).extra, { Key: 'a/k' });
    const dm = toS3Error(new domain.ObjectDeletedError('b', 'k', 'v9', when));
    assert.equal(dm.headers['x-amz-delete-marker'], 'true');
    assert.equal(dm.headers['x-amz-version-id'], 'v9');
  });
  it('a delete-marker version is 405 with the method and ResourceType', () => {
    const e = toS3Error(new domain.VersionIsDeleteMarkerError('b', 'k', 'v1', when), { method: 'GET' });
    assert.equal(e.headers['x-amz-delete-marker'], 'true');
    assert.deepEqual(e.extra, { Method: 'GET', ResourceType: 'DeleteMarker' });
  });
  it('InvalidRange carries Content-Range bytes */size', () => {
    assert.equal(toS3Error(new domain.InvalidRangeError(1234)).headers['content-range'], 'bytes */1234');
  });
  it('NotModified carries the ETag', () => {
    assert.equal(toS3Error(new domain.NotModifiedError('abc', when)).headers['etag'], '"abc"');
  });
  it('undecryptable data says so (a 500, logged as internal) and names no key material', () => {
    const e = toS3Error(new domain.DecryptionFailedError('package 0 failed authentication'));
    assert.equal(e.message, 'The requested object was modified and may be compromised.');
    assert.ok(isInternal(e));
    assert.equal(toS3Error(new domain.KmsKeyNotFoundError('k1')).message, 'Invalid keyId k1');
  });
  it('an S3Error passes through unchanged', () => {
    const e = new S3Error('AccessDenied');
    assert.equal(toS3Error(e), e);
  });
  it('unknown errors become a generic 500 that hides the internal message', () => {
    const e = toS3Error(new Error('secret path /var/lib/x exploded'));
    assert.equal(e.code, 'InternalError');
    assert.equal(e.message, S3_CODES.InternalError.message);
    assert.ok(isInternal(e));
    assert.equal(toS3Error('a string').code, 'InternalError');
    assert.equal(toS3Error(undefined).code, 'InternalError');
    assert.equal(toS3Error(Object.assign(new Error('x'), { code: 'ERR_SOMETHING_NEW' })).code, 'InternalError');
  });
  it('client errors are not internal', () => {
    assert.equal(isInternal(toS3Error(new domain.ObjectNotFoundError('b', 'k'))), false);
  });
});
