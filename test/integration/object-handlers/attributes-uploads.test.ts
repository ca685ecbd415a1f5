import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeChecksum } from '../../../src/util/checksums.js';
import { getObjectAttributes } from '../../../src/s3/handlers/object/get-object-attributes.js';
import { putObject } from '../../../src/s3/handlers/object/put-object.js';
import { createMultipartUpload } from '../../../src/s3/handlers/multipart/create-multipart-upload.js';
import { listMultipartUploads } from '../../../src/s3/handlers/multipart/list-multipart-uploads.js';
import { listParts } from '../../../src/s3/handlers/multipart/list-parts.js';
import type { S3Response } from '../../../src/s3/handlers/handler.js';
import { header, md5hex, openHarness, readBody, s3ErrorOf, type Harness } from './handler-harness.js';

const values = (xml: string, name: string): string[] =>
  [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => m[1]!);
const text = async (p: Promise<S3Response>) => (await readBody(await p)).toString();

describe('GetObjectAttributes and ListMultipartUploads handlers', () => {
  let h: Harness;
  before(async () => { h = await openHarness(1); });
  after(async () => { await h.close(); });

  const attrs = (key: string, list: string, extra: Record<string, string> = {}) =>
    getObjectAttributes(h.request({
      op: 'GetObjectAttributes', method: 'GET', key, query: 'attributes', headers: { 'x-amz-object-attributes': list, ...extra },
    }), h.ctx);

  it('returns the requested attributes of a single-part object, ETag unquoted', async () => {
    const body = Buffer.from('attribute body');
    const sha = computeChecksum('SHA256', body).toString('base64');
    await putObject(h.request({
      op: 'PutObject', method: 'PUT', key: 'a', body, headers: { 'x-amz-checksum-sha256': sha, 'x-amz-storage-class': 'STANDARD_IA' },
    }), h.ctx);
    const res = await attrs('a', 'ETag, Checksum, StorageClass, ObjectSize, ObjectParts');
    assert.ok(header(res, 'last-modified'));
    const xml = (await readBody(res)).toString();
    assert.equal(values(xml, 'ETag')[0], md5hex(body));
    assert.equal(values(xml, 'ChecksumSHA256')[0], sha);
    assert.equal(values(xml, 'StorageClass')[0], 'STANDARD_IA');
    assert.equal(values(xml, 'ObjectSize')[0], String(body.length));
    assert.equal(values(xml, 'ObjectParts').length, 0, 'a single-part object has no ObjectParts');
    const sizeOnly = await text(attrs('a', 'ObjectSize'));
    assert.equal(values(sizeOnly, 'ETag').length, 0);
  });

  it('attribute errors: missing header, unknown name, bad max-parts, missing key', async () => {
    assert.equal((await s3ErrorOf(attrs('a', ''))).code, 'InvalidArgument');
    assert.equal((await s3ErrorOf(attrs('a', 'ETag,Owner'))).code, 'InvalidArgument');
    assert.equal((await s3ErrorOf(attrs('a', 'ObjectParts', { 'x-amz-max-parts': 'many' }))).code, 'InvalidArgument');
    assert.equal((await s3ErrorOf(attrs('missing', 'ETag'))).code, 'NoSuchKey');
  });

  it('ListMultipartUploads groups by delimiter, filters by prefix, pages with markers', async () => {
    const ids = new Map<string, string>();
    for (const key of ['up/a', 'up/b', 'up/dir/c', 'other']) {
      const xml = await text(createMultipartUpload(h.request({ op: 'CreateMultipartUpload', method: 'POST', key, query: 'uploads' }), h.ctx));
      ids.set(key, values(xml, 'UploadId')[0]!);
    }
    const list = (query: string) =>
      text(listMultipartUploads(h.request({ op: 'ListMultipartUploads', method: 'GET', query: `uploads&${query}` }), h.ctx));
    const grouped = await list('prefix=up/&delimiter=/');
    assert.deepEqual(values(grouped, 'Key'), ['up/a', 'up/b']);
    assert.match(grouped, /<CommonPrefixes><Prefix>up\/dir\/<\/Prefix><\/CommonPrefixes>/);
    assert.match(grouped, /<Delimiter>\/<\/Delimiter><Prefix>up\/<\/Prefix><MaxUploads>1000<\/MaxUploads>/);

    const first = await list('prefix=up/&max-uploads=1');
    assert.deepEqual(values(first, 'Key'), ['up/a']);
    assert.equal(values(first, 'IsTruncated')[0], 'true');
    assert.equal(values(first, 'NextKeyMarker')[0], 'up/a');
    assert.equal(values(first, 'NextUploadIdMarker')[0], ids.get('up/a'));
    const second = await list(`prefix=up/&max-uploads=1&key-marker=up/a&upload-id-marker=${encodeURIComponent(ids.get('up/a')!)}`);
    assert.deepEqual(values(second, 'Key'), ['up/b']);
    assert.equal((await s3ErrorOf(list('max-uploads=x'))).code, 'InvalidArgument');

    const parts = listParts(h.request({ op: 'ListParts', method: 'GET', key: 'up/a', query: `uploadId=${ids.get('up/a')}&part-number-marker=-1` }), h.ctx);
    assert.equal((await s3ErrorOf(parts)).code, 'InvalidArgument');
    const empty = await text(listParts(h.request({ op: 'ListParts', method: 'GET', key: 'up/a', query: `uploadId=${ids.get('up/a')}` }), h.ctx));
    assert.equal(values(empty, 'Part').length, 0);
    assert.equal(values(empty, 'IsTruncated')[0], 'false');
  });
});
