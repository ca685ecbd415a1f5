import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyObject, COPY_TO_ITSELF_MESSAGE } from '../../../src/s3/handlers/object/copy-object.js';
import { deleteObject } from '../../../src/s3/handlers/object/delete-object.js';
import { deleteObjects } from '../../../src/s3/handlers/object/delete-objects.js';
import { headObject } from '../../../src/s3/handlers/object/head-object.js';
import { putObject } from '../../../src/s3/handlers/object/put-object.js';
import { listObjects } from '../../../src/s3/handlers/list/list-objects.js';
import { listObjectsV2 } from '../../../src/s3/handlers/list/list-objects-v2.js';
import { listObjectVersions } from '../../../src/s3/handlers/list/list-object-versions.js';
import { encodeVersioningDoc, VERSIONING_CONFIG } from '../../../src/s3/handlers/common/versioning.js';
import { BUCKET, header, md5b64, openHarness, readBody, s3ErrorOf, type Harness } from './handler-harness.js';

const values = (xml: string, name: string): string[] =>
  [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => m[1]!);

describe('CopyObject / DeleteObject(s) / listing handlers over the erasure layer', () => {
  let h: Harness;
  before(async () => { h = await openHarness(4); });
  after(async () => { await h.close(); });

  const put = (key: string, body: string, headers: Record<string, string> = {}) =>
    putObject(h.request({ op: 'PutObject', method: 'PUT', key, body, headers }), h.ctx);
  const head = (key: string, query = '') => headObject(h.request({ op: 'HeadObject', method: 'HEAD', key, query }), h.ctx);
  const copy = (key: string, headers: Record<string, string>) =>
    copyObject(h.request({ op: 'CopyObject', method: 'PUT', key, headers }), h.ctx);
  const text = async (p: Promise<import('../../../src/s3/handlers/handler.js').S3Response>) => (await readBody(await p)).toString();

  it('copies with COPY (metadata kept) and REPLACE (metadata replaced)', async () => {
    await put('src.txt', 'source', { 'content-type': 'text/plain', 'x-amz-meta-a': '1' });
    const res = await copy('dst.txt', { 'x-amz-copy-source': `/${BUCKET}/src.txt`, 'x-amz-meta-ignored': 'x' });
    const xml = (await readBody(res)).toString();
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?><CopyObjectResult xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/"><ETag>&quot;[0-9a-f]{32}&quot;<\/ETag><LastModified>\d{4}-\d\d-\d\dT[\d:.]+Z<\/LastModified><\/CopyObjectResult>$/);
    const copied = await head('dst.txt');
    assert.equal(header(copied, 'x-amz-meta-a'), '1');
    assert.equal(header(copied, 'x-amz-meta-ignored'), undefined);
    assert.equal(header(copied, 'content-type'), 'text/plain');

    await copy('dst.txt', { 'x-amz-copy-source': `${BUCKET}/src.txt`, 'x-amz-metadata-directive': 'REPLACE', 'x-amz-meta-b': '2' });
    const replaced = await head('dst.txt');
    assert.equal(header(replaced, 'x-amz-meta-a'), undefined);
    assert.equal(header(replaced, 'x-amz-meta-b'), '2');
    assert.equal(header(replaced, 'content-type'), 'binary/octet-stream');
  });

  it('refuses a copy onto itself without changes; allows it with REPLACE or a storage class', async () => {
    const err = await s3ErrorOf(copy('src.txt', { 'x-amz-copy-source': `${BUCKET}/src.txt` }));
    assert.equal(err.code, 'InvalidRequest');
    assert.equal(err.message, COPY_TO_ITSELF_MESSAGE);
    assert.equal((await copy('src.txt', { 'x-amz-copy-source': `${BUCKET}/src.txt`, 'x-amz-metadata-directive': 'REPLACE' })).status, 200);
    assert.equal((await copy('src.txt', { 'x-amz-copy-source': `${BUCKET}/src.txt`, 'x-amz-storage-class': 'STANDARD_IA' })).status, 200);
  });

  it('copy errors: bad directive, bad source, failed source precondition, missing source', async () => {
    assert.equal((await s3ErrorOf(copy('d', { 'x-amz-copy-source': `${BUCKET}/src.txt`, 'x-amz-metadata-directive': 'MOVE' }))).code, 'InvalidArgument');
    assert.equal((await s3ErrorOf(copy('d', { 'x-amz-copy-source': BUCKET }))).code, 'InvalidArgument');
    assert.equal((await s3ErrorOf(copy('d', { 'x-amz-copy-source': `${BUCKET}/src.txt`, 'x-amz-copy-source-if-match': '"0"' }))).code, 'PreconditionFailed');
    assert.equal((await s3ErrorOf(copy('d', { 'x-amz-copy-source': `${BUCKET}/missing` }))).code, 'NoSuchKey');
  });

  it('DeleteObject answers 204 for present and missing keys', async () => {
    await put('gone', 'x');
    const res = await deleteObject(h.request({ op: 'DeleteObject', method: 'DELETE', key: 'gone' }), h.ctx);
    assert.equal(res.status, 204);
    assert.equal((await s3ErrorOf(head('gone'))).code, 'NoSuchKey');
    assert.equal((await deleteObject(h.request({ op: 'DeleteObject', method: 'DELETE', key: 'gone' }), h.ctx)).status, 204);
  });

  it('DeleteObjects requires Content-MD5 (or a checksum), verifies it, and reports each key', async () => {
    await put('m1', '1');
    await put('m2', '2');
    const doc = '<Delete><Object><Key>m1</Key></Object><Object><Key>m2</Key></Object><Object><Key>never</Key></Object></Delete>';
    const call = (headers: Record<string, string>, body = doc) =>
      deleteObjects(h.request({ op: 'DeleteObjects', method: 'POST', query: 'delete', headers, body }), h.ctx);
    const missing = await s3ErrorOf(call({}));
    assert.equal(missing.code, 'InvalidRequest');
    assert.equal(missing.message, 'Missing required header for this request: Content-MD5');
    assert.equal((await s3ErrorOf(call({ 'content-md5': md5b64('other') }))).code, 'BadDigest');
    const res = await call({ 'content-md5': md5b64(doc) });
    const xml = (await readBody(res)).toString();
    assert.deepEqual(values(xml, 'Key'), ['m1', 'm2', 'never']);
    assert.equal(values(xml, 'Deleted').length, 3);
    assert.equal((await s3ErrorOf(head('m1'))).code, 'NoSuchKey');
    const quietDoc = '<Delete><Quiet>true</Quiet><Object><Key>m2</Key></Object></Delete>';
    const quiet = await text(call({ 'content-md5': md5b64(quietDoc) }, quietDoc));
    assert.ok(quiet.endsWith('<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></DeleteResult>'), quiet);
  });

  it('ListObjectsV2 pages with opaque tokens; ListObjects v1 NextMarker with a delimiter', async () => {
    for (const k of ['p/a', 'p/b', 'p/c', 'p/d/x', 'p/d/y', 'p/e f']) await put(k, 'v');
    const keys: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page++) {
      const query = `list-type=2&prefix=p%2F&max-keys=2${token ? `&continuation-token=${encodeURIComponent(token)}` : ''}`;
      const xml = await text(listObjectsV2(h.request({ op: 'ListObjectsV2', method: 'GET', query }), h.ctx));
      keys.push(...values(xml, 'Key'));
      assert.equal(values(xml, 'KeyCount')[0], String(values(xml, 'Key').length));
      if (values(xml, 'IsTruncated')[0] !== 'true') break;
      token = values(xml, 'NextContinuationToken')[0];
      assert.ok(token);
    }
    assert.deepEqual(keys, ['p/a', 'p/b', 'p/c', 'p/d/x', 'p/d/y', 'p/e f']);

    const v1 = await text(listObjects(h.request({ op: 'ListObjects', method: 'GET', query: 'prefix=p/&delimiter=/&max-keys=4' }), h.ctx));
    assert.deepEqual(values(v1, 'Key'), ['p/a', 'p/b', 'p/c']);
    assert.deepEqual(values(v1, 'Prefix').slice(1), ['p/d/']);
    assert.equal(values(v1, 'NextMarker')[0], 'p/d/');
    assert.equal(values(v1, 'IsTruncated')[0], 'true');
    assert.match(v1, /<Owner><ID>[0-9a-f]{64}<\/ID><DisplayName>root<\/DisplayName><\/Owner>/);

    const enc = await text(listObjectsV2(h.request({ op: 'ListObjectsV2', method: 'GET', query: 'list-type=2&prefix=p/e&encoding-type=url' }), h.ctx));
    assert.deepEqual(values(enc, 'Key'), ['p/e%20f']);
  });

  it('listing parameter errors: bad max-keys, encoding-type, token; max-keys=0', async () => {
    const list2 = (query: string) => listObjectsV2(h.request({ op: 'ListObjectsV2', method: 'GET', query: `list-type=2&${query}` }), h.ctx);
    assert.equal((await s3ErrorOf(list2('max-keys=-1'))).code, 'InvalidArgument');
    assert.equal((await s3ErrorOf(list2('encoding-type=xml'))).code, 'InvalidArgument');
    assert.equal((await s3ErrorOf(list2('continuation-token=garbage!'))).code, 'InvalidArgument');
    const zero = await text(list2('max-keys=0'));
    assert.equal(values(zero, 'KeyCount')[0], '0');
    assert.equal(values(zero, 'IsTruncated')[0], 'false');
    const missing = listObjectsV2(h.request({ op: 'ListObjectsV2', method: 'GET', bucket: 'no-such-bucket', query: 'list-type=2' }), h.ctx);
    assert.equal((await s3ErrorOf(missing)).code, 'NoSuchBucket');
  });

  it('versioned bucket: version ids, delete markers, ListObjectVersions interleaving', async () => {
    await h.layer.makeBucket({ bucket: 'vbucket' });
    await h.layer.putBucketConfig({ bucket: 'vbucket', name: VERSIONING_CONFIG, value: encodeVersioningDoc('Enabled') });
    const vput = (body: string) => putObject(h.request({ op: 'PutObject', method: 'PUT', bucket: 'vbucket', key: 'doc', body }), h.ctx);
    const v1 = header(await vput('one'), 'x-amz-version-id');
    const v2 = header(await vput('two'), 'x-amz-version-id');
    assert.ok(v1 && v2 && v1 !== v2);
    const del = await deleteObject(h.request({ op: 'DeleteObject', method: 'DELETE', bucket: 'vbucket', key: 'doc' }), h.ctx);
    assert.equal(header(del, 'x-amz-delete-marker'), 'true');
    const marker = header(del, 'x-amz-version-id');
    assert.ok(marker);
    const gone = await s3ErrorOf(headObject(h.request({ op: 'HeadObject', method: 'HEAD', bucket: 'vbucket', key: 'doc' }), h.ctx));
    assert.equal(gone.status, 404);
    assert.equal(gone.headers['x-amz-delete-marker'], 'true');
    const old = await headObject(h.request({ op: 'HeadObject', method: 'HEAD', bucket: 'vbucket', key: 'doc', query: `versionId=${v1}` }), h.ctx);
    assert.equal(header(old, 'x-amz-version-id'), v1);

    const xml = await text(listObjectVersions(h.request({ op: 'ListObjectVersions', method: 'GET', bucket: 'vbucket', query: 'versions' }), h.ctx));
    assert.deepEqual(values(xml, 'VersionId'), [marker, v2, v1]);
    assert.match(xml, /<DeleteMarker><Key>doc<\/Key><VersionId>[^<]+<\/VersionId><IsLatest>true<\/IsLatest>/);
    assert.deepEqual(values(xml, 'IsLatest'), ['true', 'false', 'false']);
    const bad = listObjectVersions(h.request({ op: 'ListObjectVersions', method: 'GET', bucket: 'vbucket', query: 'versions&version-id-marker=x' }), h.ctx);
    assert.equal((await s3ErrorOf(bad)).code, 'InvalidArgument');
  });
});
