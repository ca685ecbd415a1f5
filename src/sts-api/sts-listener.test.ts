import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { isStsRequest } from './sts-listener.js';
import { toStsError } from './to-sts-error.js';
import { S3Error } from '../errors/s3-error.js';
import { SessionTokenExpiredError, SessionTokenInvalidError } from '../errors/domain-errors.js';

const req = (method: string, url: string, headers: Record<string, string> = {}): IncomingMessage => ({ method, url, headers } as unknown as IncomingMessage);
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
const signed = (service: string): Record<string, string> => ({ ...FORM, authorization: `AWS4-HMAC-SHA256 Credential=AKIA/20261202/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=ab` });

test('isStsRequest: form POST or GET ?Action= on /, unsigned or signed for sts; never S3 or IAM requests', () => {
  assert.equal(isStsRequest(req('POST', '/', FORM)), true);
  assert.equal(isStsRequest(req('POST', '/', signed('sts'))), true);
  assert.equal(isStsRequest(req('GET', '/?Action=GetCallerIdentity&Version=2011-06-15', { authorization: signed('sts').authorization! })), true);
  assert.equal(isStsRequest(req('POST', '/', signed('iam'))), false);
  assert.equal(isStsRequest(req('POST', '/', signed('s3'))), false);
  assert.equal(isStsRequest(req('GET', '/')), false, 'anonymous ListBuckets');
  assert.equal(isStsRequest(req('POST', '/bucket', FORM)), false);
  assert.equal(isStsRequest(req('POST', '/', { 'content-type': 'multipart/form-data; boundary=x' })), false, 'browser POST upload');
  assert.equal(isStsRequest(req('PUT', '/', FORM)), false);
});

test('toStsError: authentication failures in STS words', () => {
  assert.equal(toStsError(new S3Error('InvalidAccessKeyId')).code, 'InvalidClientTokenId');
  assert.equal(toStsError(new S3Error('SignatureDoesNotMatch')).code, 'SignatureDoesNotMatch');
  assert.equal(toStsError(new SessionTokenExpiredError(new Date())).code, 'ExpiredToken');
  assert.equal(toStsError(new SessionTokenInvalidError('x')).message, 'The security token included in the request is invalid.');
  const internal = toStsError(new Error('disk on fire'));
  assert.equal(internal.code, 'InternalFailure');
  assert.equal(internal.status, 500);
  assert.ok(!internal.message.includes('disk'));
});
