/**
 * Conformance: bucket versioning as AWS documents it, over raw signed HTTP.
 *  - The null version: "If versioning is suspended, Amazon S3 automatically adds a null version
 *    ID to every subsequent object" (User Guide, "Adding objects to versioning-suspended
 *    buckets"); objects stored before versioning was enabled keep version ID null ("Working
 *    with objects in a versioning-enabled bucket"). In a bucket whose versioning is Enabled or
 *    Suspended, responses about the null version carry `x-amz-version-id: null` (PUT, GET,
 *    HEAD, CompleteMultipartUpload, GetObjectAttributes, tagging); a bucket never versioned
 *    sends no x-amz-version-id.
 *  - Delete markers (User Guide, "Working with delete markers"): a GET/HEAD of a key whose
 *    current version is a marker is 404 with `x-amz-delete-marker: true` and the marker's
 *    `x-amz-version-id`; a GET/HEAD naming the marker's versionId is 405 MethodNotAllowed with
 *    the same headers and Last-Modified; a delete in a Suspended bucket adds a null marker.
 *  - ListObjectVersions (API Reference): NextKeyMarker / NextVersionIdMarker are the last
 *    entry returned (a CommonPrefix: NextKeyMarker only), including a `null` version id.
 *  - versionId on CopyObject's source, GetObjectAttributes, tagging and ACL reads.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type CairnServer } from '../helpers/server.js';
import { xmlValue, xmlValues } from '../helpers/raw-http.js';
import { assertHeadError, assertS3Error, call, createBucket, putObject } from './conformance-client.js';

let s: CairnServer;
before(async () => { s = await startServer(); });
after(async () => { await s?.stop(); });

const setVersioning = async (bucket: string, status: string): Promise<void> => {
  const r = await call(s, 'PUT', `/${bucket}?versioning`, { body: `<VersioningConfiguration><Status>${status}</Status></VersioningConfiguration>` });
  assert.equal(r.status, 200, r.text);
};
const versionHeader = async (method: string, path: string, headers: Record<string, string> = {}): Promise<unknown> =>
  (await call(s, method, path, { headers })).headers['x-amz-version-id'];

describe('the null version', () => {
  it('a bucket never versioned sends no x-amz-version-id', async () => {
    await createBucket(s, 'ver-never');
    const put = await putObject(s, '/ver-never/k', 'v');
    assert.equal(put.headers['x-amz-version-id'], undefined);
    assert.equal(await versionHeader('GET', '/ver-never/k'), undefined);
    assert.equal(await versionHeader('HEAD', '/ver-never/k'), undefined);
    assert.equal(await versionHeader('GET', '/ver-never/k?attributes', { 'x-amz-object-attributes': 'ETag' }), undefined);
    assert.equal(await versionHeader('GET', '/ver-never/k?versionId=null'), 'null', 'named explicitly');
  });

  it('Suspended: PUT, GET, HEAD, multipart and attributes say x-amz-version-id: null', async () => {
    await createBucket(s, 'ver-susp', 'Enabled');
    await setVersioning('ver-susp', 'Suspended');
    const put = await putObject(s, '/ver-susp/k', 'suspended');
    assert.equal(put.headers['x-amz-version-id'], 'null');
    for (const method of ['GET', 'HEAD']) assert.equal(await versionHeader(method, '/ver-susp/k'), 'null', method);
    assert.equal(await versionHeader('GET', '/ver-susp/k?attributes', { 'x-amz-object-attributes': 'ETag' }), 'null');
    assert.equal(await versionHeader('GET', '/ver-susp/k?tagging'), 'null');
    const init = await call(s, 'POST', '/ver-susp/mp?uploads');
    const uploadId = xmlValue(init.text, 'UploadId')!;
    const part = await call(s, 'PUT', `/ver-susp/mp?partNumber=1&uploadId=${uploadId}`, { body: 'p' });
    const done = await call(s, 'POST', `/ver-susp/mp?uploadId=${uploadId}`, {
      body: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${String(part.headers.etag)}</ETag></Part></CompleteMultipartUpload>`,
    });
    assert.equal(done.headers['x-amz-version-id'], 'null', done.text);
    const del = await call(s, 'DELETE', '/ver-susp/k');
    assert.deepEqual([del.status, del.headers['x-amz-version-id'], del.headers['x-amz-delete-marker']], [204, 'null', 'true']);
  });

  it('an object written before versioning was enabled is the null version, named null afterwards', async () => {
    await createBucket(s, 'ver-before');
    await putObject(s, '/ver-before/k', 'old');
    await setVersioning('ver-before', 'Enabled');
    const v1 = String((await putObject(s, '/ver-before/k', 'new')).headers['x-amz-version-id']);
    assert.notEqual(v1, 'null');
    const old = await call(s, 'GET', '/ver-before/k?versionId=null');
    assert.deepEqual([old.status, old.text, old.headers['x-amz-version-id']], [200, 'old', 'null']);
    const copy = await call(s, 'PUT', '/ver-before/copy', { headers: { 'x-amz-copy-source': '/ver-before/k?versionId=null' } });
    assert.equal(copy.status, 200, copy.text);
    assert.equal(copy.headers['x-amz-copy-source-version-id'], 'null');
    assert.equal((await call(s, 'GET', '/ver-before/copy')).text, 'old');
    assert.equal((await call(s, 'DELETE', '/ver-before/k?versionId=null')).status, 204);
    assert.equal((await call(s, 'GET', '/ver-before/k')).text, 'new');
  });
});

describe('x-amz-copy-source-version-id', () => {
  it('names the source version a copy read, also when the request named none; never for an unversioned source', async () => {
    await createBucket(s, 'ver-cpsrc', 'Enabled');
    const v1 = String((await putObject(s, '/ver-cpsrc/k', 'one')).headers['x-amz-version-id']);
    const v2 = String((await putObject(s, '/ver-cpsrc/k', 'two')).headers['x-amz-version-id']);
    const latest = await call(s, 'PUT', '/ver-cpsrc/c1', { headers: { 'x-amz-copy-source': '/ver-cpsrc/k' } });
    assert.equal(latest.status, 200, latest.text);
    assert.equal(latest.headers['x-amz-copy-source-version-id'], v2);
    const older = await call(s, 'PUT', '/ver-cpsrc/c2', { headers: { 'x-amz-copy-source': `/ver-cpsrc/k?versionId=${v1}` } });
    assert.deepEqual([older.headers['x-amz-copy-source-version-id'], (await call(s, 'GET', '/ver-cpsrc/c2')).text], [v1, 'one']);

    const init = await call(s, 'POST', '/ver-cpsrc/mp?uploads');
    const uploadId = xmlValue(init.text, 'UploadId')!;
    const part = await call(s, 'PUT', `/ver-cpsrc/mp?partNumber=1&uploadId=${uploadId}`, { headers: { 'x-amz-copy-source': '/ver-cpsrc/k' } });
    assert.equal(part.status, 200, part.text);
    assert.equal(part.headers['x-amz-copy-source-version-id'], v2);

    await createBucket(s, 'ver-cpsrc-plain');
    await putObject(s, '/ver-cpsrc-plain/k', 'plain');
    const plain = await call(s, 'PUT', '/ver-cpsrc/c3', { headers: { 'x-amz-copy-source': '/ver-cpsrc-plain/k' } });
    assert.equal(plain.status, 200, plain.text);
    assert.equal(plain.headers['x-amz-copy-source-version-id'], undefined);
    const plainPart = await call(s, 'PUT', `/ver-cpsrc/mp?partNumber=2&uploadId=${uploadId}`, { headers: { 'x-amz-copy-source': '/ver-cpsrc-plain/k' } });
    assert.equal(plainPart.headers['x-amz-copy-source-version-id'], undefined);
  });
});

describe('delete markers in response headers', () => {
  it('GET/HEAD of a deleted key: 404 with the marker; naming the marker: 405 with the marker', async () => {
    await createBucket(s, 'ver-dm', 'Enabled');
    const v1 = String((await putObject(s, '/ver-dm/k', 'one')).headers['x-amz-version-id']);
    const del = await call(s, 'DELETE', '/ver-dm/k');
    const marker = String(del.headers['x-amz-version-id']);
    assert.equal(del.headers['x-amz-delete-marker'], 'true');
    const get = await call(s, 'GET', '/ver-dm/k');
    assertS3Error(get, 404, 'NoSuchKey');
    assert.deepEqual([get.headers['x-amz-delete-marker'], get.headers['x-amz-version-id']], ['true', marker]);
    const head = await call(s, 'HEAD', '/ver-dm/k');
    assertHeadError(head, 404);
    assert.deepEqual([head.headers['x-amz-delete-marker'], head.headers['x-amz-version-id']], ['true', marker]);
    for (const method of ['GET', 'HEAD']) {
      const r = await call(s, method, `/ver-dm/k?versionId=${marker}`);
      assert.equal(r.status, 405, method);
      assert.deepEqual([r.headers['x-amz-delete-marker'], r.headers['x-amz-version-id']], ['true', marker], method);
      assert.ok(r.headers['last-modified'], method);
    }
    assert.equal((await call(s, 'GET', `/ver-dm/k?versionId=${v1}`)).text, 'one');
    const gone = await call(s, 'DELETE', `/ver-dm/k?versionId=${marker}`);
    assert.deepEqual([gone.status, gone.headers['x-amz-delete-marker'], gone.headers['x-amz-version-id']], [204, 'true', marker]);
    assert.equal((await call(s, 'GET', '/ver-dm/k')).text, 'one');
  });
});

describe('versionId on the other object operations', () => {
  it('tagging, ACL and attributes of an older version; unknown versions are NoSuchVersion', async () => {
    await createBucket(s, 'ver-ops', 'Enabled');
    const v1 = String((await putObject(s, '/ver-ops/k', 'one', { 'x-amz-tagging': 'a=1' })).headers['x-amz-version-id']);
    await putObject(s, '/ver-ops/k', 'two!', { 'x-amz-tagging': 'a=2' });
    const tags = await call(s, 'GET', `/ver-ops/k?tagging&versionId=${v1}`);
    assert.deepEqual([xmlValue(tags.text, 'Value'), tags.headers['x-amz-version-id']], ['1', v1]);
    assert.equal((await call(s, 'GET', `/ver-ops/k?acl&versionId=${v1}`)).headers['x-amz-version-id'], v1);
    const attrs = await call(s, 'GET', `/ver-ops/k?attributes&versionId=${v1}`, { headers: { 'x-amz-object-attributes': 'ObjectSize' } });
    assert.deepEqual([xmlValue(attrs.text, 'ObjectSize'), attrs.headers['x-amz-version-id']], ['3', v1]);
    const missing = '0'.repeat(32);
    assertS3Error(await call(s, 'GET', `/ver-ops/k?tagging&versionId=${missing}`), 404, 'NoSuchVersion');
    assertS3Error(await call(s, 'GET', `/ver-ops/k?acl&versionId=${missing}`), 404, 'NoSuchVersion');
    assertS3Error(await call(s, 'GET', '/ver-ops/k?acl&versionId='), 400, 'InvalidArgument');
  });
});

describe('ListObjectVersions markers', () => {
  it('NextKeyMarker/NextVersionIdMarker name the last entry returned, null version and common prefixes included', async () => {
    await createBucket(s, 'ver-page');
    await putObject(s, '/ver-page/a', 'a-null');
    await setVersioning('ver-page', 'Enabled');
    const a1 = String((await putObject(s, '/ver-page/a', 'a1')).headers['x-amz-version-id']);
    const b1 = String((await putObject(s, '/ver-page/b', 'b1')).headers['x-amz-version-id']);
    await putObject(s, '/ver-page/d/x', 'dx');
    const page = async (q: string): Promise<string> => (await call(s, 'GET', `/ver-page?versions&${q}`)).text;

    let xml = await page('max-keys=1');
    assert.deepEqual([xmlValue(xml, 'IsTruncated'), xmlValue(xml, 'NextKeyMarker'), xmlValue(xml, 'NextVersionIdMarker')], ['true', 'a', a1]);
    xml = await page(`max-keys=1&key-marker=a&version-id-marker=${a1}`);
    assert.deepEqual(xmlValues(xml, 'VersionId'), ['null']);
    assert.deepEqual([xmlValue(xml, 'NextKeyMarker'), xmlValue(xml, 'NextVersionIdMarker')], ['a', 'null']);
    xml = await page('max-keys=1&key-marker=a&version-id-marker=null');
    assert.deepEqual([xmlValues(xml, 'VersionId'), xmlValue(xml, 'NextKeyMarker'), xmlValue(xml, 'NextVersionIdMarker')], [[b1], 'b', b1]);
    xml = await page(`max-keys=1&delimiter=/&key-marker=b&version-id-marker=${b1}`);
    assert.deepEqual([xmlValue(xml, 'Prefix'), xmlValues(xml, 'VersionId')], ['', []]);
    assert.ok(xml.includes('<CommonPrefixes><Prefix>d/</Prefix></CommonPrefixes>'), xml);
    // The listing ended with the prefix: IsTruncated false, no markers.
    assert.deepEqual([xmlValue(xml, 'IsTruncated'), xmlValue(xml, 'NextKeyMarker')], ['false', undefined]);
    xml = await page('max-keys=3&delimiter=/');
    assert.deepEqual([xmlValue(xml, 'IsTruncated'), xmlValue(xml, 'NextKeyMarker'), xmlValue(xml, 'NextVersionIdMarker')], ['true', 'b', b1]);
    xml = await page('max-keys=1&delimiter=/&key-marker=a');
    assert.deepEqual([xmlValues(xml, 'VersionId'), xmlValue(xml, 'NextKeyMarker'), xmlValue(xml, 'NextVersionIdMarker')], [[b1], 'b', b1]);
  });
});
