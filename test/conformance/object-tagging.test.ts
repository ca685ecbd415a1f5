/**
 * Conformance: object tagging (s3-tests test_put_obj_with_tags, test_get_obj_tagging,
 * test_put_max_tags, test_put_excess_tags, test_put_max_kvsize_tags, test_put_excess_key_tags,
 * test_put_excess_val_tags, test_put_delete_tags, test_copy_object_tagging*). One server.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type CairnServer } from '../helpers/server.js';
import { signedRequest } from '../helpers/signed-request.js';
import { xmlValue, xmlValues } from '../helpers/raw-http.js';

let s: CairnServer;
const B = '/conf-tags';

before(async () => {
  s = await startServer();
  const r = await signedRequest(s, { method: 'PUT', path: B });
  assert.equal(r.status, 200, r.text);
});
after(async () => { await s?.stop(); });

const tagXml = (pairs: ReadonlyArray<readonly [string, string]>): string =>
  `<Tagging><TagSet>${pairs.map(([k, v]) => `<Tag><Key>${k}</Key><Value>${v}</Value></Tag>`).join('')}</TagSet></Tagging>`;

async function tagsOf(key: string): Promise<string[]> {
  const r = await signedRequest(s, { method: 'GET', path: `${B}/${key}?tagging` });
  assert.equal(r.status, 200, r.text);
  assert.match(r.text, /^<\?xml[^>]*\?><Tagging xmlns="http:\/\/s3\.amazonaws\.com\/doc\/2006-03-01\/"><TagSet>/);
  const keys = xmlValues(r.text, 'Key');
  const values = xmlValues(r.text, 'Value');
  return keys.map((k, i) => `${k}=${values[i]}`);
}

describe('object tagging', () => {
  it('PutObject x-amz-tagging stores tags; GET and HEAD report x-amz-tagging-count, never the tags', async () => {
    const put = await signedRequest(s, { method: 'PUT', path: `${B}/t1`, body: 'abc', headers: { 'x-amz-tagging': 'a=1&b=two%20words' } });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(await tagsOf('t1'), ['a=1', 'b=two words']);
    for (const method of ['GET', 'HEAD']) {
      const r = await signedRequest(s, { method, path: `${B}/t1` });
      assert.equal(r.status, 200);
      assert.equal(r.headers['x-amz-tagging-count'], '2', method);
      assert.equal(r.headers['x-amz-tagging'], undefined, method);
    }
  });

  it('an untagged object has an empty TagSet and no x-amz-tagging-count', async () => {
    await signedRequest(s, { method: 'PUT', path: `${B}/plain`, body: 'x' });
    assert.deepEqual(await tagsOf('plain'), []);
    const head = await signedRequest(s, { method: 'HEAD', path: `${B}/plain` });
    assert.equal(head.headers['x-amz-tagging-count'], undefined);
  });

  it('PutObjectTagging replaces the set (10 tags, 128-char key, 256-char value accepted) and keeps data and ETag', async () => {
    const before = await signedRequest(s, { method: 'HEAD', path: `${B}/t1` });
    const ten = Array.from({ length: 10 }, (_, i) => [`k${i}`, `v${i}`] as const);
    const r = await signedRequest(s, { method: 'PUT', path: `${B}/t1?tagging`, body: tagXml(ten) });
    assert.equal(r.status, 200, r.text);
    assert.equal((await tagsOf('t1')).length, 10);
    const big = await signedRequest(s, { method: 'PUT', path: `${B}/t1?tagging`, body: tagXml([['k'.repeat(128), 'v'.repeat(256)]]) });
    assert.equal(big.status, 200, big.text);
    const get = await signedRequest(s, { method: 'GET', path: `${B}/t1` });
    assert.equal(get.text, 'abc');
    assert.equal(get.headers.etag, before.headers.etag);
    assert.equal(get.headers['x-amz-tagging-count'], '1');
  });

  it('refuses 11 tags (400 BadRequest, as AWS), a 129-char key or 257-char value, duplicate keys, an aws: prefix, a # in a key (400 InvalidTag)', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v'] as const);
    const cases: Array<[string, string]> = [
      [tagXml(eleven), 'BadRequest'],
      [tagXml([['aws:k', 'v']]), 'InvalidTag'],
      [tagXml([['a#b', 'v']]), 'InvalidTag'],
      [tagXml([['k'.repeat(129), 'v']]), 'InvalidTag'],
      [tagXml([['k', 'v'.repeat(257)]]), 'InvalidTag'],
      [tagXml([['k', '1'], ['k', '2']]), 'InvalidTag'],
    ];
    for (const [body, code] of cases) {
      const r = await signedRequest(s, { method: 'PUT', path: `${B}/t1?tagging`, body });
      assert.equal(r.status, 400, r.text);
      assert.equal(xmlValue(r.text, 'Code'), code);
    }
    const header = await signedRequest(s, { method: 'PUT', path: `${B}/t-many`, body: 'x', headers: { 'x-amz-tagging': eleven.map(([k, v]) => `${k}=${v}`).join('&') } });
    assert.equal(header.status, 400);
    assert.equal(xmlValue(header.text, 'Code'), 'BadRequest');
    assert.equal(xmlValue(header.text, 'Message'), 'Object tags cannot be greater than 10');
    const missing = await signedRequest(s, { method: 'HEAD', path: `${B}/t-many` });
    assert.equal(missing.status, 404, 'a refused put stores nothing');
  });

  it('refuses a malformed Tagging document with MalformedXML', async () => {
    for (const body of ['<Tagging><TagSet><Tag><Value>v</Value></Tag></TagSet></Tagging>', '<Other/>', '<Tagging><TagSet><Tag><Key>a</Key>']) {
      const r = await signedRequest(s, { method: 'PUT', path: `${B}/t1?tagging`, body });
      assert.equal(r.status, 400, body);
      assert.equal(xmlValue(r.text, 'Code'), 'MalformedXML', body);
    }
  });

  it('DeleteObjectTagging answers 204 and leaves no tags', async () => {
    const r = await signedRequest(s, { method: 'DELETE', path: `${B}/t1?tagging` });
    assert.equal(r.status, 204, r.text);
    assert.deepEqual(await tagsOf('t1'), []);
    const get = await signedRequest(s, { method: 'GET', path: `${B}/t1` });
    assert.equal(get.text, 'abc');
  });

  it('tagging a missing key is 404 NoSuchKey', async () => {
    for (const [method, path, body] of [['GET', `${B}/nope?tagging`, ''], ['PUT', `${B}/nope?tagging`, tagXml([['a', 'b']])], ['DELETE', `${B}/nope?tagging`, '']] as const) {
      const r = await signedRequest(s, { method, path, body });
      assert.equal(r.status, 404, `${method} ${r.text}`);
      assert.equal(xmlValue(r.text, 'Code'), 'NoSuchKey');
    }
  });

  it('CopyObject: tags are copied by default, replaced with x-amz-tagging-directive REPLACE, in both metadata directives', async () => {
    await signedRequest(s, { method: 'PUT', path: `${B}/src`, body: 'src', headers: { 'x-amz-tagging': 'from=src', 'x-amz-meta-m': 'src-meta', 'content-type': 'text/plain' } });
    const copy = async (dst: string, headers: Record<string, string>): Promise<void> => {
      const r = await signedRequest(s, { method: 'PUT', path: `${B}/${dst}`, headers: { 'x-amz-copy-source': `${B}/src`, ...headers } });
      assert.equal(r.status, 200, r.text);
    };
    await copy('c-default', { 'x-amz-tagging': 'ignored=1' });
    assert.deepEqual(await tagsOf('c-default'), ['from=src']);
    await copy('c-tag-replace', { 'x-amz-tagging-directive': 'REPLACE', 'x-amz-tagging': 'new=1' });
    assert.deepEqual(await tagsOf('c-tag-replace'), ['new=1']);
    const keptMeta = await signedRequest(s, { method: 'HEAD', path: `${B}/c-tag-replace` });
    assert.equal(keptMeta.headers['x-amz-meta-m'], 'src-meta');
    assert.equal(keptMeta.headers['content-type'], 'text/plain');
    await copy('c-meta-replace', { 'x-amz-metadata-directive': 'REPLACE', 'x-amz-meta-m': 'new-meta' });
    assert.deepEqual(await tagsOf('c-meta-replace'), ['from=src']);
    const head = await signedRequest(s, { method: 'HEAD', path: `${B}/c-meta-replace` });
    assert.equal(head.headers['x-amz-meta-m'], 'new-meta');
    await copy('c-both-replace', { 'x-amz-metadata-directive': 'REPLACE', 'x-amz-tagging-directive': 'REPLACE' });
    assert.deepEqual(await tagsOf('c-both-replace'), []);
    await copy('c-tags-dropped', { 'x-amz-tagging-directive': 'REPLACE' });
    assert.deepEqual(await tagsOf('c-tags-dropped'), []);
    assert.equal((await signedRequest(s, { method: 'HEAD', path: `${B}/c-tags-dropped` })).headers['x-amz-meta-m'], 'src-meta');
    await copy('c-both-new', { 'x-amz-metadata-directive': 'REPLACE', 'x-amz-tagging-directive': 'REPLACE', 'x-amz-tagging': 'both=1', 'x-amz-meta-m': 'b' });
    assert.deepEqual(await tagsOf('c-both-new'), ['both=1']);
    // Onto itself (a metadata-only rewrite): new metadata, the tags stay.
    const self = await signedRequest(s, { method: 'PUT', path: `${B}/c-meta-replace`, headers: { 'x-amz-copy-source': `${B}/c-meta-replace`, 'x-amz-metadata-directive': 'REPLACE', 'x-amz-meta-m': 'self' } });
    assert.equal(self.status, 200, self.text);
    assert.deepEqual(await tagsOf('c-meta-replace'), ['from=src']);
    assert.equal((await signedRequest(s, { method: 'HEAD', path: `${B}/c-meta-replace` })).headers['x-amz-meta-m'], 'self');
    const many = Array.from({ length: 11 }, (_, i) => `k${i}=v`).join('&');
    const tooMany = await signedRequest(s, { method: 'PUT', path: `${B}/c-many`, headers: { 'x-amz-copy-source': `${B}/src`, 'x-amz-tagging-directive': 'REPLACE', 'x-amz-tagging': many } });
    assert.equal(tooMany.status, 400, tooMany.text);
    assert.equal(xmlValue(tooMany.text, 'Code'), 'BadRequest');
    const bad = await signedRequest(s, { method: 'PUT', path: `${B}/c-bad`, headers: { 'x-amz-copy-source': `${B}/src`, 'x-amz-tagging-directive': 'MERGE' } });
    assert.equal(bad.status, 400);
    assert.equal(xmlValue(bad.text, 'Code'), 'InvalidArgument');
  });

  it('CreateMultipartUpload x-amz-tagging carries the tags to the completed object', async () => {
    const init = await signedRequest(s, { method: 'POST', path: `${B}/mp?uploads`, headers: { 'x-amz-tagging': 'mp=yes' } });
    assert.equal(init.status, 200, init.text);
    const uploadId = xmlValue(init.text, 'UploadId')!;
    const part = await signedRequest(s, { method: 'PUT', path: `${B}/mp?partNumber=1&uploadId=${uploadId}`, body: 'part-one' });
    assert.equal(part.status, 200, part.text);
    const done = await signedRequest(s, {
      method: 'POST', path: `${B}/mp?uploadId=${uploadId}`,
      body: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${part.headers.etag}</ETag></Part></CompleteMultipartUpload>`,
    });
    assert.equal(done.status, 200, done.text);
    assert.deepEqual(await tagsOf('mp'), ['mp=yes']);
  });

  it('PutObjectTagging keeps Last-Modified (the version is tagged in place)', async () => {
    await signedRequest(s, { method: 'PUT', path: `${B}/lm`, body: 'lm' });
    const before = await signedRequest(s, { method: 'HEAD', path: `${B}/lm` });
    await new Promise((r) => setTimeout(r, 1100)); // Last-Modified has 1 s resolution
    const r = await signedRequest(s, { method: 'PUT', path: `${B}/lm?tagging`, body: tagXml([['a', 'b']]) });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers['x-amz-version-id'], undefined, 'no version header in an unversioned bucket');
    const after = await signedRequest(s, { method: 'HEAD', path: `${B}/lm` });
    assert.equal(after.headers['last-modified'], before.headers['last-modified']);
    assert.equal(after.headers.etag, before.headers.etag);
    assert.equal(after.headers['x-amz-tagging-count'], '1');
  });

  describe('versioned bucket', () => {
    const V = '/conf-tags-v';
    let v1 = '';
    let v2 = '';
    const tagsAt = async (q: string): Promise<{ tags: string[]; versionId: unknown }> => {
      const r = await signedRequest(s, { method: 'GET', path: `${V}/k?tagging${q}` });
      assert.equal(r.status, 200, r.text);
      const values = xmlValues(r.text, 'Value');
      return { tags: xmlValues(r.text, 'Key').map((k, i) => `${k}=${values[i]}`), versionId: r.headers['x-amz-version-id'] };
    };

    before(async () => {
      assert.equal((await signedRequest(s, { method: 'PUT', path: V })).status, 200);
      const v = await signedRequest(s, { method: 'PUT', path: `${V}?versioning`, body: '<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>' });
      assert.equal(v.status, 200, v.text);
      const p1 = await signedRequest(s, { method: 'PUT', path: `${V}/k`, body: 'first', headers: { 'x-amz-tagging': 'a=b' } });
      const p2 = await signedRequest(s, { method: 'PUT', path: `${V}/k`, body: 'second' });
      v1 = String(p1.headers['x-amz-version-id']);
      v2 = String(p2.headers['x-amz-version-id']);
      assert.match(v1, /^[0-9a-f]{32}$/);
      assert.notEqual(v1, v2);
    });

    it('PutObjectTagging without versionId tags the latest version, with x-amz-version-id; Last-Modified and ETag kept', async () => {
      const head = await signedRequest(s, { method: 'HEAD', path: `${V}/k` });
      await new Promise((r) => setTimeout(r, 1100));
      const r = await signedRequest(s, { method: 'PUT', path: `${V}/k?tagging`, body: tagXml([['c', 'd']]) });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.headers['x-amz-version-id'], v2);
      assert.deepEqual(await tagsAt(''), { tags: ['c=d'], versionId: v2 });
      assert.deepEqual(await tagsAt(`&versionId=${v1}`), { tags: ['a=b'], versionId: v1 });
      const after = await signedRequest(s, { method: 'HEAD', path: `${V}/k` });
      assert.equal(after.headers['x-amz-version-id'], v2);
      assert.equal(after.headers['last-modified'], head.headers['last-modified']);
      assert.equal(after.headers.etag, head.headers.etag);
      const list = await signedRequest(s, { method: 'GET', path: `${V}?versions` });
      assert.equal(xmlValues(list.text, 'VersionId').length, 2, 'tagging adds no version');
    });

    it('Put/DeleteObjectTagging with versionId change only that version', async () => {
      const put = await signedRequest(s, { method: 'PUT', path: `${V}/k?tagging&versionId=${v1}`, body: tagXml([['old', '1'], ['x', 'y']]) });
      assert.equal(put.status, 200, put.text);
      assert.equal(put.headers['x-amz-version-id'], v1);
      assert.deepEqual(await tagsAt(`&versionId=${v1}`), { tags: ['old=1', 'x=y'], versionId: v1 });
      assert.deepEqual((await tagsAt('')).tags, ['c=d']);
      const get = await signedRequest(s, { method: 'GET', path: `${V}/k?versionId=${v1}` });
      assert.equal(get.text, 'first');
      assert.equal(get.headers['x-amz-tagging-count'], '2');

      const del = await signedRequest(s, { method: 'DELETE', path: `${V}/k?tagging&versionId=${v1}` });
      assert.equal(del.status, 204, del.text);
      assert.equal(del.headers['x-amz-version-id'], v1);
      assert.deepEqual(await tagsAt(`&versionId=${v1}`), { tags: [], versionId: v1 });
      assert.deepEqual((await tagsAt('')).tags, ['c=d']);
      const delLatest = await signedRequest(s, { method: 'DELETE', path: `${V}/k?tagging` });
      assert.equal(delLatest.status, 204, delLatest.text);
      assert.equal(delLatest.headers['x-amz-version-id'], v2);
      assert.deepEqual((await tagsAt('')).tags, []);
    });

    it('unknown version 404 NoSuchVersion, malformed 400 InvalidArgument, delete marker 405 / NoSuchKey', async () => {
      const unknown = await signedRequest(s, { method: 'PUT', path: `${V}/k?tagging&versionId=${'0'.repeat(32)}`, body: tagXml([['a', 'b']]) });
      assert.equal(unknown.status, 404, unknown.text);
      assert.equal(xmlValue(unknown.text, 'Code'), 'NoSuchVersion');
      const bad = await signedRequest(s, { method: 'DELETE', path: `${V}/k?tagging&versionId=nope` });
      assert.equal(bad.status, 400, bad.text);
      assert.equal(xmlValue(bad.text, 'Code'), 'InvalidArgument');
      const marker = await signedRequest(s, { method: 'DELETE', path: `${V}/k` });
      const markerId = String(marker.headers['x-amz-version-id']);
      const onMarker = await signedRequest(s, { method: 'PUT', path: `${V}/k?tagging&versionId=${markerId}`, body: tagXml([['a', 'b']]) });
      assert.equal(onMarker.status, 405, onMarker.text);
      assert.equal(xmlValue(onMarker.text, 'Code'), 'MethodNotAllowed');
      const latest = await signedRequest(s, { method: 'PUT', path: `${V}/k?tagging`, body: tagXml([['a', 'b']]) });
      assert.equal(latest.status, 404, latest.text);
      assert.equal(xmlValue(latest.text, 'Code'), 'NoSuchKey');
      assert.deepEqual((await tagsAt(`&versionId=${v2}`)).tags, [], 'older versions still taggable behind the marker');
      const older = await signedRequest(s, { method: 'PUT', path: `${V}/k?tagging&versionId=${v2}`, body: tagXml([['e', 'f']]) });
      assert.equal(older.status, 200, older.text);
      assert.deepEqual((await tagsAt(`&versionId=${v2}`)).tags, ['e=f']);
    });

    it('Suspended: the null version is tagged in place and answers x-amz-version-id: null', async () => {
      const susp = await signedRequest(s, { method: 'PUT', path: `${V}?versioning`, body: '<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>' });
      assert.equal(susp.status, 200, susp.text);
      await signedRequest(s, { method: 'PUT', path: `${V}/n`, body: 'null-data' });
      const r = await signedRequest(s, { method: 'PUT', path: `${V}/n?tagging`, body: tagXml([['s', 't']]) });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.headers['x-amz-version-id'], 'null');
      const g = await signedRequest(s, { method: 'GET', path: `${V}/n?tagging` });
      assert.equal(g.headers['x-amz-version-id'], 'null');
      assert.equal(xmlValue(g.text, 'Key'), 's');
      assert.equal((await signedRequest(s, { method: 'GET', path: `${V}/n` })).text, 'null-data');
    });
  });
});
