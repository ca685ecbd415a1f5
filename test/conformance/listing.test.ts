/**
 * Conformance: ListObjects (v1), ListObjectsV2, ListObjectVersions, ListMultipartUploads
 * (s3-tests test_bucket_list_*, test_bucket_listv2_*, test_versioning_obj_list_marker,
 * test_bucket_list_return_data_versioning, test_list_multipart_upload*).
 * AWS: EncodingType url encodes Key, Prefix, Delimiter, Marker/NextMarker (v1), StartAfter (v2),
 * KeyMarker/NextKeyMarker (versions, uploads) and CommonPrefixes/Prefix; never the continuation
 * token or version ids. v1 NextMarker is only sent with a delimiter.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type CairnServer } from '../helpers/server.js';
import { xmlValue, xmlValues } from '../helpers/raw-http.js';
import { encodeKeyPath } from '../helpers/sigv4-signer.js';
import { assertS3Error, call, createBucket, putObject } from './conformance-client.js';

const KEYS = ['a', 'b', 'c', 'p', 'p/', 'p/1', 'p/2', 'p/q/3', 'x y', 'x+y', 'x%y', 'é/1', 'z'];
let s: CairnServer;
before(async () => {
  s = await startServer();
  await createBucket(s, 'lst');
  for (const key of KEYS) await putObject(s, encodeKeyPath('lst', key), 'x');
});
after(async () => { await s?.stop(); });

const list = async (query: string): Promise<string> => {
  const r = await call(s, 'GET', `/lst?${query}`);
  assert.equal(r.status, 200, `${query}: ${r.text}`);
  return r.text;
};
const keys = (xml: string): string[] => xmlValues(xml.replace(/<CommonPrefixes>.*?<\/CommonPrefixes>/g, ''), 'Key');
const prefixes = (xml: string): string[] => [...xml.matchAll(/<CommonPrefixes><Prefix>(.*?)<\/Prefix><\/CommonPrefixes>/g)].map((m) => m[1]!);

describe('ListObjects v1', () => {
  it('max-keys=0 lists nothing and is not truncated', async () => {
    const xml = await list('max-keys=0');
    assert.deepEqual(keys(xml), []);
    assert.equal(xmlValue(xml, 'IsTruncated'), 'false');
    assert.equal(xmlValue(xml, 'MaxKeys'), '0');
  });
  it('invalid or negative max-keys is 400 InvalidArgument', async () => {
    for (const v of ['-1', 'blah', '1.5']) assertS3Error(await call(s, 'GET', `/lst?max-keys=${v}`), 400, 'InvalidArgument');
  });
  it('NextMarker only with a delimiter; without one the client resumes from the last Key', async () => {
    const plain = await list('max-keys=2');
    assert.equal(xmlValue(plain, 'IsTruncated'), 'true');
    assert.equal(xmlValue(plain, 'NextMarker'), undefined);
    const delimited = await list('max-keys=2&delimiter=/');
    assert.equal(xmlValue(delimited, 'NextMarker'), 'b');
    const next = await list('marker=b&delimiter=/&max-keys=2');
    assert.deepEqual(keys(next), ['c', 'p']);
    assert.deepEqual(prefixes(next), []);
  });
  it('a prefix not ending in the delimiter: the key equal to the prefix is listed, the rest rolls up', async () => {
    const xml = await list('prefix=p&delimiter=/');
    assert.deepEqual(keys(xml), ['p']);
    assert.deepEqual(prefixes(xml), ['p/']);
    const inner = await list('prefix=p/&delimiter=/');
    assert.deepEqual(keys(inner), ['p/', 'p/1', 'p/2']);
    assert.deepEqual(prefixes(inner), ['p/q/']);
  });
  it('a multi-character delimiter groups on the whole string', async () => {
    const xml = await list('delimiter=/1');
    assert.deepEqual(prefixes(xml), ['p/1', 'é/1']);
    assert.ok(!keys(xml).includes('p/1'));
    assert.ok(keys(xml).includes('p/2'));
  });
  it('prefix and marker with %, + , space and non-ASCII characters match literally', async () => {
    assert.deepEqual(keys(await list('prefix=x%25')), ['x%y']);
    assert.deepEqual(keys(await list('prefix=x%2B')), ['x+y']);
    assert.deepEqual(keys(await list('prefix=x%20')), ['x y']);
    assert.deepEqual(keys(await list('prefix=%C3%A9')), ['é/1']);
    assert.deepEqual(keys(await list('marker=z')), ['é/1']);
  });
  it('encoding-type=url encodes Key, Prefix, Marker, NextMarker, Delimiter and CommonPrefixes', async () => {
    const xml = await list('encoding-type=url&prefix=x%20&marker=x%20&delimiter=y');
    assert.equal(xmlValue(xml, 'EncodingType'), 'url');
    assert.equal(xmlValue(xml, 'Prefix'), 'x%20');
    assert.equal(xmlValue(xml, 'Marker'), 'x%20');
    const all = await list('encoding-type=url');
    // UTF-8 byte order: 'x y' < 'x%y' < 'x+y' < 'z' < 'é/1'
    assert.deepEqual(keys(all).slice(-5), ['x%20y', 'x%25y', 'x%2By', 'z', '%C3%A9/1']);
    const grouped = await list('encoding-type=url&delimiter=%2F1&max-keys=2&marker=x');
    assert.ok(grouped.includes('<Key>x%20y</Key>'), grouped);
    const rolled = await list('encoding-type=url&delimiter=1&prefix=%C3%A9');
    assert.deepEqual(prefixes(rolled), ['%C3%A9/1']);
    assert.equal(xmlValue(rolled, 'Prefix'), '%C3%A9');
    const unknown = await call(s, 'GET', '/lst?encoding-type=base64');
    assertS3Error(unknown, 400, 'InvalidArgument');
  });
});

describe('ListObjectsV2', () => {
  it('KeyCount counts keys and common prefixes; a token pages through everything exactly once', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 20; page++) {
      const xml = await list(`list-type=2&max-keys=3&delimiter=/${token ? `&continuation-token=${encodeURIComponent(token)}` : ''}`);
      const got = [...keys(xml), ...prefixes(xml)];
      assert.equal(xmlValue(xml, 'KeyCount'), String(got.length));
      if (token !== undefined) assert.equal(xmlValue(xml, 'ContinuationToken'), token);
      seen.push(...got);
      token = xmlValue(xml, 'NextContinuationToken');
      if (xmlValue(xml, 'IsTruncated') === 'false') { assert.equal(token, undefined); break; }
    }
    assert.deepEqual([...seen].sort(), ['a', 'b', 'c', 'p', 'p/', 'x y', 'x%y', 'x+y', 'z', 'é/'].sort());
  });
  it('StartAfter is echoed, and ignored once a continuation token is given', async () => {
    const first = await list('list-type=2&max-keys=2&start-after=b');
    assert.equal(xmlValue(first, 'StartAfter'), 'b');
    assert.deepEqual(keys(first), ['c', 'p']);
    const token = xmlValue(first, 'NextContinuationToken')!;
    const second = await list(`list-type=2&max-keys=2&start-after=zzz&continuation-token=${encodeURIComponent(token)}`);
    assert.deepEqual(keys(second), ['p/', 'p/1']);
    assert.equal(xmlValue(second, 'StartAfter'), 'zzz');
  });
  it('Owner only with fetch-owner=true; encoding-type=url encodes StartAfter but not the token', async () => {
    assert.ok(!(await list('list-type=2&max-keys=1')).includes('<Owner>'));
    assert.ok((await list('list-type=2&max-keys=1&fetch-owner=true')).includes('<Owner>'));
    const xml = await list('list-type=2&encoding-type=url&start-after=x%20&max-keys=1');
    assert.equal(xmlValue(xml, 'StartAfter'), 'x%20');
    assert.deepEqual(keys(xml), ['x%20y']);
    const token = xmlValue(xml, 'NextContinuationToken')!;
    const next = await list(`list-type=2&encoding-type=url&max-keys=1&continuation-token=${encodeURIComponent(token)}`);
    assert.equal(xmlValue(next, 'ContinuationToken'), token);
    assert.deepEqual(keys(next), ['x%25y']);
  });
  it('a garbage continuation token is 400 InvalidArgument; an empty one starts over and is echoed', async () => {
    assertS3Error(await call(s, 'GET', '/lst?list-type=2&continuation-token=not-a-token'), 400, 'InvalidArgument');
    const xml = await list('list-type=2&max-keys=2&continuation-token=');
    assert.ok(xml.includes('<ContinuationToken></ContinuationToken>') || xml.includes('<ContinuationToken/>'), xml);
    assert.deepEqual(keys(xml), ['a', 'b']);
  });
});

describe('ListObjectVersions', () => {
  it('orders keys ascending and versions newest first; IsLatest on the newest only; pages with NextKeyMarker/NextVersionIdMarker', async () => {
    await createBucket(s, 'lstv', 'Enabled');
    const ids: Record<string, string[]> = { k1: [], k2: [] };
    for (const key of ['k1', 'k2', 'k1', 'k2', 'k1']) {
      const r = await putObject(s, `/lstv/${key}`, key);
      ids[key]!.unshift(String(r.headers['x-amz-version-id']));
    }
    const del = await call(s, 'DELETE', '/lstv/k2');
    assert.equal(del.headers['x-amz-delete-marker'], 'true');
    const marker = String(del.headers['x-amz-version-id']);
    const expected = [['k1', ids.k1![0]!, 'true'], ['k1', ids.k1![1]!, 'false'], ['k1', ids.k1![2]!, 'false'],
      ['k2', marker, 'true'], ['k2', ids.k2![0]!, 'false'], ['k2', ids.k2![1]!, 'false']];
    const all = await call(s, 'GET', '/lstv?versions');
    const entries = [...all.text.matchAll(/<(Version|DeleteMarker)><Key>(.*?)<\/Key><VersionId>(.*?)<\/VersionId><IsLatest>(.*?)<\/IsLatest>/g)]
      .map((m) => [m[2], m[3], m[4]]);
    assert.deepEqual(entries, expected);
    assert.ok(all.text.includes(`<DeleteMarker><Key>k2</Key><VersionId>${marker}</VersionId>`));

    const paged: string[][] = [];
    let q = 'versions&max-keys=2';
    for (let i = 0; i < 10; i++) {
      const r = await call(s, 'GET', `/lstv?${q}`);
      paged.push(...[...r.text.matchAll(/<(?:Version|DeleteMarker)><Key>(.*?)<\/Key><VersionId>(.*?)<\/VersionId><IsLatest>(.*?)<\/IsLatest>/g)].map((m) => [m[1]!, m[2]!, m[3]!]));
      if (xmlValue(r.text, 'IsTruncated') !== 'true') break;
      q = `versions&max-keys=2&key-marker=${xmlValue(r.text, 'NextKeyMarker')}&version-id-marker=${xmlValue(r.text, 'NextVersionIdMarker')}`;
    }
    assert.deepEqual(paged, expected);
  });
  it('version-id-marker without key-marker is 400 InvalidArgument', async () => {
    assertS3Error(await call(s, 'GET', '/lstv?versions&version-id-marker=abc'), 400, 'InvalidArgument');
  });
  it('an unversioned bucket lists null versions; encoding-type=url encodes Key and KeyMarker', async () => {
    const xml = await list('versions&encoding-type=url&key-marker=x%20&max-keys=1');
    assert.equal(xmlValue(xml, 'KeyMarker'), 'x%20');
    assert.ok(xml.includes('<Key>x%20y</Key><VersionId>null</VersionId><IsLatest>true</IsLatest>'), xml);
  });
});

describe('ListMultipartUploads', () => {
  it('lists uploads by key with prefix and delimiter; encoding-type=url encodes keys and prefixes', async () => {
    await createBucket(s, 'lstu');
    for (const key of ['d/one', 'd/two', 'top', 'sp ace']) {
      const r = await call(s, 'POST', `${encodeKeyPath('lstu', key)}?uploads`);
      assert.equal(r.status, 200, r.text);
    }
    const all = await call(s, 'GET', '/lstu?uploads&delimiter=/');
    assert.deepEqual(xmlValues(all.text.replace(/<CommonPrefixes>.*?<\/CommonPrefixes>/g, ''), 'Key'), ['sp ace', 'top']);
    assert.deepEqual(prefixes(all.text), ['d/']);
    const pre = await call(s, 'GET', '/lstu?uploads&prefix=d/');
    assert.deepEqual(xmlValues(pre.text, 'Key'), ['d/one', 'd/two']);
    const enc = await call(s, 'GET', '/lstu?uploads&encoding-type=url&prefix=sp');
    assert.deepEqual(xmlValues(enc.text, 'Key'), ['sp%20ace']);
    assertS3Error(await call(s, 'GET', '/lstu?uploads&max-uploads=-1'), 400, 'InvalidArgument');
  });
});
