/**
 * Router tests, replaying request lines from the AWS S3 API reference examples
 * (path-style and virtual-hosted-style), plus key decoding and error cases.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { S3Error, isS3Error } from '../../errors/s3-error.js';
import { ALL_OPERATIONS, type S3Operation } from '../operations.js';
import { route, type Route } from './route.js';
import { ROUTE_RULES } from './route-table.js';

const DOMAINS = { domains: ['s3.amazonaws.com', 's3.example.test'] };

function req(method: string, target: string, opts: { host?: string; headers?: string[] } = {}): Route {
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
  const headers = new Set(opts.headers ?? []);
  return route({ method, host: opts.host ?? 's3.amazonaws.com', path, query, hasHeader: (h) => headers.has(h) }, DOMAINS);
}

function expectError(fn: () => unknown, code: string): void {
  assert.throws(fn, (err: unknown) => isS3Error(err) && (err as S3Error).code === code);
}

describe('router: AWS documentation examples', () => {
  const cases: Array<[string, string, { host?: string; headers?: string[] }, S3Operation, string | undefined, string | undefined]> = [
    // [method, target, opts, op, bucket, key]
    ['GET', '/', {}, 'ListBuckets', undefined, undefined],
    ['GET', '/?max-buckets=10&prefix=a', {}, 'ListBuckets', undefined, undefined],
    ['PUT', '/', { host: 'amzn-s3-demo-bucket.s3.amazonaws.com' }, 'CreateBucket', 'amzn-s3-demo-bucket', undefined],
    ['PUT', '/examplebucket', {}, 'CreateBucket', 'examplebucket', undefined],
    ['HEAD', '/', { host: 'examplebucket.s3.amazonaws.com' }, 'HeadBucket', 'examplebucket', undefined],
    ['DELETE', '/', { host: 'quotes.s3.amazonaws.com' }, 'DeleteBucket', 'quotes', undefined],
    ['GET', '/?location', { host: 'myBucket.s3.amazonaws.com' }, 'GetBucketLocation', 'mybucket', undefined],
    ['GET', '/?versioning', { host: 'bucket.s3.amazonaws.com' }, 'GetBucketVersioning', 'bucket', undefined],
    ['PUT', '/?versioning', { host: 'bucket.s3.amazonaws.com' }, 'PutBucketVersioning', 'bucket', undefined],
    ['GET', '/?list-type=2', { host: 'bucket.s3.amazonaws.com' }, 'ListObjectsV2', 'bucket', undefined],
    ['GET', '/?list-type=2&prefix=photos/2006/&delimiter=/', { host: 'examplebucket.s3.amazonaws.com' }, 'ListObjectsV2', 'examplebucket', undefined],
    ['GET', '/?max-keys=2&prefix=N&marker=Ned', { host: 'quotes.s3.amazonaws.com' }, 'ListObjects', 'quotes', undefined],
    ['GET', '/?versions&key-marker=key2', { host: 'bucket.s3.amazonaws.com' }, 'ListObjectVersions', 'bucket', undefined],
    ['GET', '/?uploads&max-uploads=3', { host: 'example-bucket.s3.amazonaws.com' }, 'ListMultipartUploads', 'example-bucket', undefined],
    ['POST', '/?delete', { host: 'bucketname.s3.amazonaws.com' }, 'DeleteObjects', 'bucketname', undefined],
    ['GET', '/?acl', { host: 'bucket.s3.amazonaws.com' }, 'GetBucketAcl', 'bucket', undefined],
    ['GET', '/?tagging', { host: 'examplebucket.s3.amazonaws.com' }, 'GetBucketTagging', 'examplebucket', undefined],
    ['DELETE', '/?cors', { host: 'examplebucket.s3.amazonaws.com' }, 'DeleteBucketCors', 'examplebucket', undefined],
    ['GET', '/?analytics&id=list1', { host: 'examplebucket.s3.amazonaws.com' }, 'GetBucketAnalyticsConfiguration', 'examplebucket', undefined],
    ['GET', '/?analytics', { host: 'examplebucket.s3.amazonaws.com' }, 'ListBucketAnalyticsConfigurations', 'examplebucket', undefined],
    ['GET', '/?events=s3:ObjectCreated:*&prefix=photos/&suffix=.jpg', { host: 'bucket.s3.amazonaws.com' }, 'ListenBucketNotification', 'bucket', undefined],
    ['PUT', '/my-image.jpg', { host: 'myBucket.s3.amazonaws.com' }, 'PutObject', 'mybucket', 'my-image.jpg'],
    ['GET', '/my-image.jpg', { host: 'bucket.s3.amazonaws.com' }, 'GetObject', 'bucket', 'my-image.jpg'],
    ['GET', '/myObject?versionId=3/L4kqtJlcpXroDTDmpUMLUo', { host: 'bucket.s3.amazonaws.com' }, 'GetObject', 'bucket', 'myObject'],
    ['HEAD', '/my-image.jpg', { host: 'bucket.s3.amazonaws.com' }, 'HeadObject', 'bucket', 'my-image.jpg'],
    ['DELETE', '/my-second-image.jpg', { host: 'bucket.s3.amazonaws.com' }, 'DeleteObject', 'bucket', 'my-second-image.jpg'],
    ['PUT', '/my-second-image.jpg', { host: 'bucket.s3.amazonaws.com', headers: ['x-amz-copy-source'] }, 'CopyObject', 'bucket', 'my-second-image.jpg'],
    ['GET', '/my-image.jpg?attributes', { host: 'bucket.s3.amazonaws.com' }, 'GetObjectAttributes', 'bucket', 'my-image.jpg'],
    ['POST', '/example-object?uploads', { host: 'example-bucket.s3.amazonaws.com' }, 'CreateMultipartUpload', 'example-bucket', 'example-object'],
    ['PUT', '/my-movie.m2ts?partNumber=1&uploadId=VCVsb2FkIElEIGZvciBlbZZpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZR', { host: 'example-bucket.s3.amazonaws.com' }, 'UploadPart', 'example-bucket', 'my-movie.m2ts'],
    ['PUT', '/newobject?partNumber=2&uploadId=VCVsb2Fk', { host: 'target-bucket.s3.amazonaws.com', headers: ['x-amz-copy-source'] }, 'UploadPartCopy', 'target-bucket', 'newobject'],
    ['GET', '/example-object?uploadId=XXBsb2FkIElEIGZvciBlbHZpbmcncyVcdS1tb3ZpZS5tMnRzEEEwbG9hZA&max-parts=2&part-number-marker=1', { host: 'example-bucket.s3.amazonaws.com' }, 'ListParts', 'example-bucket', 'example-object'],
    ['POST', '/example-object?uploadId=AAAsb2FkIElEIGZvciBlbHZpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA', { host: 'example-bucket.s3.amazonaws.com' }, 'CompleteMultipartUpload', 'example-bucket', 'example-object'],
    ['DELETE', '/example-object?uploadId=VXBsb2FkIElEIGZvciBlbHZpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZ', { host: 'example-bucket.s3.amazonaws.com' }, 'AbortMultipartUpload', 'example-bucket', 'example-object'],
    ['GET', '/my-image.jpg?acl', { host: 'bucket.s3.amazonaws.com' }, 'GetObjectAcl', 'bucket', 'my-image.jpg'],
    ['GET', '/example-object?tagging', { host: 'examplebucket.s3.amazonaws.com' }, 'GetObjectTagging', 'examplebucket', 'example-object'],
    ['DELETE', '/exampleobject?tagging', { host: 'examplebucket.s3.amazonaws.com' }, 'DeleteObjectTagging', 'examplebucket', 'exampleobject'],
    ['POST', '/exampleobject?restore&versionId=3HL4kqtJlcpXroDTDmJ', { host: 'examplebucket.s3.amazonaws.com' }, 'RestoreObject', 'examplebucket', 'exampleobject'],
    ['POST', '/exampleobject.csv?select&select-type=2', { host: 'examplebucket.s3.amazonaws.com' }, 'SelectObjectContent', 'examplebucket', 'exampleobject.csv'],
    ['GET', '/examplebucket/photos/2006/February/sample.jpg', { host: 'localhost:9000' }, 'GetObject', 'examplebucket', 'photos/2006/February/sample.jpg'],
    ['POST', '/examplebucket', { host: '127.0.0.1:9000' }, 'PostObject', 'examplebucket', undefined],
  ];
  for (const [method, target, opts, op, bucket, key] of cases) {
    it(`${method} ${opts.host ?? ''}${target} → ${op}`, () => {
      const r = req(method, target, opts);
      assert.equal(r.op, op);
      assert.equal(r.bucket, bucket);
      assert.equal(r.key, key);
    });
  }
});

describe('router: path and key handling', () => {
  it('decodes the key once and keeps it opaque', () => {
    assert.equal(req('GET', '/b/a%2520b').key, 'a%20b');
    assert.equal(req('GET', '/b/a+b').key, 'a+b');
    assert.equal(req('GET', '/b/../../etc/passwd').key, '../../etc/passwd');
    assert.equal(req('GET', '/b//double//slash/').key, '/double//slash/');
    assert.equal(req('GET', '/b/%E2%82%AC%20euro').key, '€ euro');
    assert.equal(req('GET', '/b/a%2Fb').key, 'a/b');
  });
  it('path style: trailing slash on the bucket is the bucket', () => {
    const r = req('GET', '/bucket/');
    assert.equal(r.op, 'ListObjects');
    assert.equal(r.key, undefined);
  });
  it('virtual host: the whole path is the key; ports and case of the host are ignored', () => {
    const r = req('GET', '//x/', { host: 'Photos.S3.Example.Test:9000' });
    assert.equal(r.bucket, 'photos');
    assert.equal(r.key, '/x/');
    assert.equal(r.isVirtualHost, true);
  });
  it('a host equal to the domain, an unknown host or an IP is path style', () => {
    assert.equal(req('GET', '/b/k', { host: 's3.example.test' }).bucket, 'b');
    assert.equal(req('GET', '/b/k', { host: 'other.host.test' }).bucket, 'b');
    assert.equal(req('GET', '/b/k', { host: '[::1]:9000' }).isVirtualHost, false);
  });
  it('bad percent-encoding is InvalidURI', () => {
    expectError(() => req('GET', '/b/%E2%82'), 'InvalidURI');
    expectError(() => req('GET', '/b/%zz'), 'InvalidURI');
  });
  it('a key longer than 1024 bytes is KeyTooLongError', () => {
    expectError(() => req('PUT', `/b/${'k'.repeat(1025)}`), 'KeyTooLongError');
    assert.equal(req('PUT', `/b/${'k'.repeat(1024)}`).op, 'PutObject');
  });
  it('a target that is not an origin-form path is InvalidURI', () => {
    expectError(() => req('GET', 'b/k'), 'InvalidURI');
    expectError(() => req('GET', '//k'), 'InvalidURI');
  });
});

describe('router: methods and sub-resources', () => {
  it('unknown methods and unroutable combinations are MethodNotAllowed', () => {
    expectError(() => req('PATCH', '/b/k'), 'MethodNotAllowed');
    expectError(() => req('OPTIONS', '/b'), 'MethodNotAllowed');
    expectError(() => req('PUT', '/'), 'MethodNotAllowed');
    expectError(() => req('DELETE', '/'), 'MethodNotAllowed');
    expectError(() => req('POST', '/b/k'), 'MethodNotAllowed');
  });
  it('ambiguous sub-resources of equal weight are refused', () => {
    expectError(() => req('GET', '/b?acl&tagging'), 'InvalidRequest');
  });
  it('unknown query parameters are ignored', () => {
    assert.equal(req('GET', '/b?foo=bar').op, 'ListObjects');
    assert.equal(req('GET', '/b/k?response-content-type=text/plain').op, 'GetObject');
  });
  it('list-type other than 2 is ListObjects', () => {
    assert.equal(req('GET', '/b?list-type=1').op, 'ListObjects');
  });
  it('UploadPart needs both partNumber and uploadId', () => {
    assert.equal(req('PUT', '/b/k?partNumber=1').op, 'PutObject');
  });
});

describe('router: table integrity', () => {
  it('no two rules have the same conditions', () => {
    const seen = new Set<string>();
    for (const r of ROUTE_RULES) {
      const sig = JSON.stringify([r.method, r.target, [...(r.query ?? [])].sort(), r.queryValue ?? {}, r.header ?? '']);
      assert.ok(!seen.has(sig), `duplicate rule ${sig}`);
      seen.add(sig);
    }
  });
  it('every operation is reachable and every rule targets its operation\'s resource kind', async () => {
    const { OPERATIONS } = await import('../operations.js');
    const routed = new Set(ROUTE_RULES.map((r) => r.op));
    for (const op of ALL_OPERATIONS) assert.ok(routed.has(op), `${op} has no route`);
    for (const r of ROUTE_RULES) assert.equal(r.target, OPERATIONS[r.op].resource, `${r.op} routed as ${r.target}`);
  });
  it('errors are S3Errors', () => {
    try { req('PATCH', '/'); assert.fail('no error'); } catch (err) { assert.ok(err instanceof S3Error); }
  });
});
