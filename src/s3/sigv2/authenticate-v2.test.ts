/**
 * SigV2: the AWS documentation examples (johnsmith bucket, 27 Mar 2007), query auth,
 * sub-resources, and rejections. Driven through sigv4's authenticate(), which dispatches.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { isS3Error } from '../../errors/s3-error.js';
import { authenticate } from '../sigv4/index.js';
import type { AuthRequest, CredentialStore } from '../sigv4/index.js';
import { stringToSignV2 } from './string-to-sign.js';

const AK = 'AKIAIOSFODNN7EXAMPLE';
const SK = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const store: CredentialStore = { secretFor: (k) => (k === AK ? SK : undefined) };
const opts = (iso: string) => ({ now: new Date(iso), region: 'us-east-1' });
const sign = (sts: string): string => createHmac('sha1', SK).update(sts).digest('base64');

function expectCode(fn: () => unknown, code: string, message?: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isS3Error(e), `expected S3Error, got ${String(e)}`);
    assert.equal(e.code, code);
    if (message !== undefined) assert.equal(e.message, message);
    return true;
  });
}

describe('SigV2 AWS documentation examples', () => {
  it('GET object, virtual-hosted (bWq2s1WEIj+Ydj0vQ697zp+IXMU=)', () => {
    const r = authenticate(
      {
        method: 'GET',
        rawPath: '/photos/puppy.jpg',
        rawQuery: '',
        virtualHostBucket: 'johnsmith',
        headers: {
          host: 'johnsmith.s3.amazonaws.com',
          date: 'Tue, 27 Mar 2007 19:36:42 +0000',
          authorization: `AWS ${AK}:bWq2s1WEIj+Ydj0vQ697zp+IXMU=`,
        },
      },
      store,
      opts('2007-03-27T19:40:00Z'),
    );
    assert.equal(r.accessKey, AK);
    assert.equal(r.version, 2);
    assert.equal(r.anonymous, false);
    assert.deepEqual(r.payload, { kind: 'none' });
  });

  it('PUT object with Content-Type (MyyxeRY7whkBe+bq8fHCL/2kKUg=)', () => {
    const r = authenticate(
      {
        method: 'PUT',
        rawPath: '/photos/puppy.jpg',
        rawQuery: '',
        virtualHostBucket: 'johnsmith',
        headers: {
          host: 'johnsmith.s3.amazonaws.com',
          'content-type': 'image/jpeg',
          'content-length': '94328',
          date: 'Tue, 27 Mar 2007 21:15:45 +0000',
          authorization: `AWS ${AK}:MyyxeRY7whkBe+bq8fHCL/2kKUg=`,
        },
      },
      store,
      opts('2007-03-27T21:16:00Z'),
    );
    assert.equal(r.accessKey, AK);
  });

  it('List with non-sub-resource query parameters (htDYFYduRNen8P9ZfE/s9SuKy0U=)', () => {
    const r = authenticate(
      {
        method: 'GET',
        rawPath: '/',
        rawQuery: 'prefix=photos&max-keys=50&marker=puppy',
        virtualHostBucket: 'johnsmith',
        headers: {
          host: 'johnsmith.s3.amazonaws.com',
          date: 'Tue, 27 Mar 2007 19:42:41 +0000',
          'user-agent': 'Mozilla/5.0',
          authorization: `AWS ${AK}:htDYFYduRNen8P9ZfE/s9SuKy0U=`,
        },
      },
      store,
      opts('2007-03-27T19:42:41Z'),
    );
    assert.equal(r.accessKey, AK);
  });

  it('GET ?acl sub-resource (c2WLPFtWHVgbEmeEG93a4cG37dM=)', () => {
    const r = authenticate(
      {
        method: 'GET',
        rawPath: '/',
        rawQuery: 'acl',
        virtualHostBucket: 'johnsmith',
        headers: { host: 'johnsmith.s3.amazonaws.com', date: 'Tue, 27 Mar 2007 19:44:46 +0000', authorization: `AWS ${AK}:c2WLPFtWHVgbEmeEG93a4cG37dM=` },
      },
      store,
      opts('2007-03-27T19:44:46Z'),
    );
    assert.equal(r.accessKey, AK);
  });

  it('DELETE path-style with x-amz-date, as the docs sign it (lx3byBScXR6KzyMaifNkardMwNk=)', () => {
    const r = authenticate(
      {
        method: 'DELETE',
        rawPath: '/johnsmith/photos/puppy.jpg',
        rawQuery: '',
        headers: {
          host: 's3.amazonaws.com',
          'user-agent': 'dotnet',
          date: 'Tue, 27 Mar 2007 21:20:27 +0000',
          'x-amz-date': 'Tue, 27 Mar 2007 21:20:26 +0000',
          authorization: `AWS ${AK}:lx3byBScXR6KzyMaifNkardMwNk=`,
        },
      },
      store,
      opts('2007-03-27T21:20:27Z'),
    );
    assert.equal(r.accessKey, AK);
  });

  it('x-amz-date the boto/s3cmd way (empty Date line, x-amz-date among the amz headers)', () => {
    const sts = 'DELETE\n\n\n\nx-amz-date:Tue, 27 Mar 2007 21:20:26 +0000\n/johnsmith/photos/puppy.jpg';
    const r = authenticate(
      {
        method: 'DELETE',
        rawPath: '/johnsmith/photos/puppy.jpg',
        rawQuery: '',
        headers: { host: 's3.amazonaws.com', 'x-amz-date': 'Tue, 27 Mar 2007 21:20:26 +0000', authorization: `AWS ${AK}:${sign(sts)}` },
      },
      store,
      opts('2007-03-27T21:20:27Z'),
    );
    assert.equal(r.accessKey, AK);
  });
});

describe('SigV2 canonicalization and query auth', () => {
  it('sorts x-amz-* headers, joins repeats with ",", keeps sub-resources (decoded) sorted', () => {
    const req: AuthRequest = {
      method: 'PUT',
      rawPath: '/bucket/my%20key',
      rawQuery: 'uploadId=abc%2B1&partNumber=2&foo=bar',
      headers: {
        'content-md5': 'XrY7u+Ae7tCTyyK7j1rNww==',
        'content-type': 'text/plain',
        date: 'Thu, 17 Nov 2005 18:49:58 GMT',
        'x-amz-meta-b': ['one', 'two'],
        'x-amz-meta-a': '  spaced  ',
      },
    };
    const params = new Map<string, string[]>([
      ['uploadId', ['abc+1']],
      ['partNumber', ['2']],
      ['foo', ['bar']],
    ]);
    assert.equal(
      stringToSignV2({ req, dateLine: 'Thu, 17 Nov 2005 18:49:58 GMT', path: req.rawPath, params }),
      'PUT\nXrY7u+Ae7tCTyyK7j1rNww==\ntext/plain\nThu, 17 Nov 2005 18:49:58 GMT\n' +
        'x-amz-meta-a:spaced\nx-amz-meta-b:one,two\n/bucket/my%20key?partNumber=2&uploadId=abc+1',
    );
  });

  it('query auth (AWSAccessKeyId/Expires/Signature) verifies and expires', () => {
    const expires = '1175139620';
    const sig = sign(`GET\n\n\n${expires}\n/johnsmith/photos/puppy.jpg`);
    assert.equal(sig, 'NpgCjnDzrM+WFzoENXmpNDUsSn8='); // the AWS docs' query-string example
    const req: AuthRequest = {
      method: 'GET',
      rawPath: '/photos/puppy.jpg',
      rawQuery: `AWSAccessKeyId=${AK}&Expires=${expires}&Signature=${encodeURIComponent(sig)}`,
      virtualHostBucket: 'johnsmith',
      headers: { host: 'johnsmith.s3.amazonaws.com' },
    };
    const r = authenticate(req, store, opts('2007-03-29T03:00:00Z'));
    assert.equal(r.version, 2);
    assert.equal(r.method, 'presigned');
    // A raw (unencoded) '+' in the signature still verifies.
    const rawPlus = { ...req, rawQuery: `AWSAccessKeyId=${AK}&Expires=${expires}&Signature=${sig.replace(/\//g, '%2F').replace(/=/g, '%3D')}` };
    assert.equal(authenticate(rawPlus, store, opts('2007-03-29T03:00:00Z')).accessKey, AK);
    expectCode(() => authenticate(req, store, opts('2007-03-29T04:00:21Z')), 'AccessDenied', 'Request has expired');
  });

  it('a path-style request to a bucket verifies signed as /bucket or as /bucket/ (botocore), nothing else', () => {
    const date = 'Tue, 27 Mar 2007 19:36:42 +0000';
    const req = (resource: string, rawPath = '/johnsmith'): AuthRequest => ({
      method: 'PUT', rawPath, rawQuery: '',
      headers: { host: 's3.amazonaws.com', date, authorization: `AWS ${AK}:${sign(`PUT\n\n\n${date}\n${resource}`)}` },
    });
    const at = opts('2007-03-27T19:40:00Z');
    assert.equal(authenticate(req('/johnsmith'), store, at).accessKey, AK);
    assert.equal(authenticate(req('/johnsmith/'), store, at).accessKey, AK);
    expectCode(() => authenticate(req('/johnsmith//'), store, at), 'SignatureDoesNotMatch');
    expectCode(() => authenticate(req('/other/'), store, at), 'SignatureDoesNotMatch');
    // An object path has no such second form.
    expectCode(() => authenticate(req('/johnsmith/k/', '/johnsmith/k'), store, at), 'SignatureDoesNotMatch');
    const expires = '1175139620';
    const presigned: AuthRequest = {
      method: 'GET', rawPath: '/johnsmith', headers: { host: 's3.amazonaws.com' },
      rawQuery: `AWSAccessKeyId=${AK}&Expires=${expires}&Signature=${encodeURIComponent(sign(`GET\n\n\n${expires}\n/johnsmith/`))}`,
    };
    assert.equal(authenticate(presigned, store, opts('2007-03-29T03:00:00Z')).accessKey, AK);
  });

  it('rejections: forged, unknown key, skewed, no date, malformed header, bad Expires', () => {
    const base: AuthRequest = {
      method: 'GET',
      rawPath: '/photos/puppy.jpg',
      rawQuery: '',
      virtualHostBucket: 'johnsmith',
      headers: { host: 'johnsmith.s3.amazonaws.com', date: 'Tue, 27 Mar 2007 19:36:42 +0000', authorization: `AWS ${AK}:bWq2s1WEIj+Ydj0vQ697zp+IXMU=` },
    };
    const at = opts('2007-03-27T19:40:00Z');
    expectCode(() => authenticate({ ...base, rawPath: '/photos/kitten.jpg' }, store, at), 'SignatureDoesNotMatch');
    expectCode(() => authenticate({ ...base, headers: { ...base.headers, authorization: 'AWS NOPE:bWq2s1WEIj+Ydj0vQ697zp+IXMU=' } }, store, at), 'InvalidAccessKeyId');
    expectCode(() => authenticate(base, store, opts('2007-03-27T20:00:00Z')), 'RequestTimeTooSkewed');
    expectCode(() => authenticate({ ...base, headers: { host: 'h', authorization: String(base.headers.authorization) } }, store, at), 'AccessDenied');
    expectCode(() => authenticate({ ...base, headers: { ...base.headers, authorization: 'AWS nocolon' } }, store, at), 'InvalidArgument');
    expectCode(
      () => authenticate({ ...base, headers: { host: 'h' }, rawQuery: `AWSAccessKeyId=${AK}&Expires=soon&Signature=x` }, store, at),
      'AccessDenied',
    );
    expectCode(() => authenticate({ ...base, headers: { host: 'h' }, rawQuery: `AWSAccessKeyId=${AK}&Signature=x` }, store, at), 'AccessDenied');
  });
});
