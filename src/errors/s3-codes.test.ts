import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { S3_CODES } from './s3-codes.js';

/** dist/src/errors → repository root. */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('S3 error code table', () => {
  it('regenerating from the data file gives no diff', () => {
    execFileSync(process.execPath, [join(root, 'scripts', 'gen-s3-codes.mjs'), '--check'], { stdio: 'pipe' });
  });
  it('holds every code of the data file and the ones the other modules rely on', () => {
    const data = JSON.parse(readFileSync(join(root, 'src', 'errors', 's3-codes.data.json'), 'utf8')) as { codes: Record<string, unknown> };
    assert.deepEqual(Object.keys(S3_CODES).sort(), Object.keys(data.codes).sort());
    for (const code of ['AccessDenied', 'NoSuchKey', 'NoSuchBucket', 'InvalidRange', 'NotImplemented', 'MalformedXML', 'MaxMessageLengthExceeded', 'XAmzContentSHA256Mismatch', 'RequestHeaderSectionTooLarge', 'InvalidPartNumber', 'ConditionalRequestConflict', 'NotModified']) {
      assert.ok(code in S3_CODES, code);
    }
  });
  it('statuses are as AWS documents them', () => {
    assert.equal(S3_CODES.NoSuchKey.status, 404);
    assert.equal(S3_CODES.InvalidRange.status, 416);
    assert.equal(S3_CODES.InvalidPartNumber.status, 400);
    assert.equal(S3_CODES.MethodNotAllowed.status, 405);
    assert.equal(S3_CODES.MissingContentLength.status, 411);
    assert.equal(S3_CODES.PreconditionFailed.status, 412);
    assert.equal(S3_CODES.NotImplemented.status, 501);
    assert.equal(S3_CODES.SlowDown.status, 503);
    assert.equal(S3_CODES.NotModified.status, 304);
    assert.equal(S3_CODES.BucketAlreadyOwnedByYou.status, 409);
  });
});
