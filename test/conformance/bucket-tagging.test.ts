/**
 * Conformance: bucket tagging (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketTagging.html,
 * API_GetBucketTagging.html, API_DeleteBucketTagging.html): NoSuchTagSet before any Put, the
 * whole set replaced by a Put (200, which minio-js requires), at most 50 tags and the common tag rules (InvalidTag),
 * Content-MD5 required and verified, Delete 204 and idempotent, tags gone with the bucket.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, type CairnServer } from '../helpers/server.js';
import { xmlValue, xmlValues } from '../helpers/raw-http.js';
import { assertS3Error, call, createBucket } from './conformance-client.js';

let s: CairnServer;
before(async () => { s = await startServer(); await createBucket(s, 'btags'); });
after(async () => { await s?.stop(); });

const tagXml = (pairs: ReadonlyArray<readonly [string, string]>): string =>
  `<Tagging><TagSet>${pairs.map(([k, v]) => `<Tag><Key>${k}</Key><Value>${v}</Value></Tag>`).join('')}</TagSet></Tagging>`;
const md5 = (body: string): Record<string, string> => ({ 'content-md5': createHash('md5').update(body).digest('base64') });
const putTags = (bucket: string, body: string) => call(s, 'PUT', `/${bucket}?tagging`, { body, headers: md5(body) });

async function tagsOf(bucket: string): Promise<string[]> {
  const r = await call(s, 'GET', `/${bucket}?tagging`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.text, /^<\?xml[^>]*\?><Tagging xmlns="http:\/\/s3\.amazonaws\.com\/doc\/2006-03-01\/"><TagSet>/);
  const values = xmlValues(r.text, 'Value');
  return xmlValues(r.text, 'Key').map((k, i) => `${k}=${values[i]}`);
}

describe('bucket tagging', () => {
  it('a bucket never tagged: Get is 404 NoSuchTagSet with BucketName', async () => {
    const r = await call(s, 'GET', '/btags?tagging');
    assertS3Error(r, 404, 'NoSuchTagSet', '/btags');
    assert.equal(xmlValue(r.text, 'BucketName'), 'btags');
  });

  it('Put replaces the whole set (200); 50 tags, a 128-char key and a 256-char value are accepted', async () => {
    const first = await putTags('btags', tagXml([['team', 'storage'], ['cost center', 'a+b=c/d:e@f.g_h-i']]));
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(await tagsOf('btags'), ['team=storage', 'cost center=a+b=c/d:e@f.g_h-i']);
    const fifty = Array.from({ length: 50 }, (_, i) => [`k${i}`, `v${i}`] as const);
    assert.equal((await putTags('btags', tagXml(fifty))).status, 200);
    assert.equal((await tagsOf('btags')).length, 50);
    assert.equal((await putTags('btags', tagXml([['k'.repeat(128), 'v'.repeat(256)]]))).status, 200);
    assert.deepEqual(await tagsOf('btags'), [`${'k'.repeat(128)}=${'v'.repeat(256)}`]);
  });

  it('refuses 51 tags, long keys and values, duplicates, aws: and bad characters with 400 InvalidTag, keeping the old set', async () => {
    await putTags('btags', tagXml([['keep', 'me']]));
    const fiftyOne = Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'] as const);
    const cases: Array<[string, string]> = [
      [tagXml(fiftyOne), 'Bucket tag count cannot be greater than 50'],
      [tagXml([['k'.repeat(129), 'v']]), 'The TagKey you have provided is invalid'],
      [tagXml([['k', 'v'.repeat(257)]]), 'The TagValue you have provided is invalid'],
      [tagXml([['k', '1'], ['k', '2']]), 'Cannot provide multiple Tags with the same key'],
      [tagXml([['aws:createdBy', 'x']]), 'Your TagKey cannot be prefixed with aws:'],
      [tagXml([['a#b', 'x']]), 'The TagKey you have provided is invalid'],
      [tagXml([['', 'x']]), 'The TagKey you have provided is invalid'],
    ];
    for (const [body, message] of cases) {
      const r = await putTags('btags', body);
      assertS3Error(r, 400, 'InvalidTag');
      assert.equal(xmlValue(r.text, 'Message'), message);
    }
    assert.deepEqual(await tagsOf('btags'), ['keep=me']);
  });

  it('Content-MD5 (or a checksum) is required and verified; a malformed or empty document is refused', async () => {
    const body = tagXml([['a', 'b']]);
    assertS3Error(await call(s, 'PUT', '/btags?tagging', { body }), 400, 'InvalidRequest');
    assertS3Error(await call(s, 'PUT', '/btags?tagging', { body, headers: md5('other') }), 400, 'BadDigest');
    assertS3Error(await putTags('btags', '<Tagging><TagSet><Tag><Value>v</Value></Tag></TagSet></Tagging>'), 400, 'MalformedXML');
    assertS3Error(await call(s, 'PUT', '/btags?tagging'), 400, 'MissingRequestBodyError');
    assert.deepEqual(await tagsOf('btags'), ['keep=me']);
  });

  it('an empty TagSet is stored as an empty set', async () => {
    assert.equal((await putTags('btags', '<Tagging><TagSet></TagSet></Tagging>')).status, 200);
    assert.deepEqual(await tagsOf('btags'), []);
  });

  it('Delete answers 204 (also when there is nothing to delete) and Get is NoSuchTagSet again', async () => {
    await putTags('btags', tagXml([['a', 'b']]));
    for (let i = 0; i < 2; i++) assert.equal((await call(s, 'DELETE', '/btags?tagging')).status, 204);
    assertS3Error(await call(s, 'GET', '/btags?tagging'), 404, 'NoSuchTagSet');
  });

  it('a missing bucket is NoSuchBucket for Get, Put and Delete; a re-created bucket has no tags', async () => {
    for (const method of ['GET', 'DELETE']) assertS3Error(await call(s, method, '/no-such-bucket?tagging'), 404, 'NoSuchBucket');
    assertS3Error(await putTags('no-such-bucket', tagXml([['a', 'b']])), 404, 'NoSuchBucket');
    await createBucket(s, 'btags-gone');
    assert.equal((await putTags('btags-gone', tagXml([['a', 'b']]))).status, 200);
    assert.equal((await call(s, 'DELETE', '/btags-gone')).status, 204);
    await createBucket(s, 'btags-gone');
    assertS3Error(await call(s, 'GET', '/btags-gone?tagging'), 404, 'NoSuchTagSet');
  });
});
