import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { computeChecksum } from '../../../src/util/checksums.js';
import { abortMultipartUpload } from '../../../src/s3/handlers/multipart/abort-multipart-upload.js';
import { completeMultipartUpload } from '../../../src/s3/handlers/multipart/complete-multipart-upload.js';
import { createMultipartUpload } from '../../../src/s3/handlers/multipart/create-multipart-upload.js';
import { listMultipartUploads } from '../../../src/s3/handlers/multipart/list-multipart-uploads.js';
import { listParts } from '../../../src/s3/handlers/multipart/list-parts.js';
import { uploadPartCopy } from '../../../src/s3/handlers/multipart/upload-part-copy.js';
import { uploadPart } from '../../../src/s3/handlers/multipart/upload-part.js';
import { getObject } from '../../../src/s3/handlers/object/get-object.js';
import { getObjectAttributes } from '../../../src/s3/handlers/object/get-object-attributes.js';
import { putObject } from '../../../src/s3/handlers/object/put-object.js';
import type { S3Response } from '../../../src/s3/handlers/handler.js';
import { BUCKET, header, openHarness, readBody, s3ErrorOf, type Harness } from './handler-harness.js';

const MiB = 1024 * 1024;
const values = (xml: string, name: string): string[] =>
  [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => m[1]!);
const text = async (p: Promise<S3Response>) => (await readBody(await p)).toString();

describe('multipart handlers over the erasure layer', () => {
  let h: Harness;
  before(async () => { h = await openHarness(1); });
  after(async () => { await h.close(); });

  const create = async (key: string, headers: Record<string, string> = {}) => {
    const xml = await text(createMultipartUpload(h.request({ op: 'CreateMultipartUpload', method: 'POST', key, query: 'uploads', headers }), h.ctx));
    const id = values(xml, 'UploadId')[0];
    assert.ok(id, xml);
    return id;
  };
  const part = (key: string, uploadId: string, n: number | string, body: Buffer, headers: Record<string, string> = {}) =>
    uploadPart(h.request({ op: 'UploadPart', method: 'PUT', key, query: `partNumber=${n}&uploadId=${encodeURIComponent(uploadId)}`, body, headers }), h.ctx);
  const complete = (key: string, uploadId: string, body: string) =>
    completeMultipartUpload(h.request({ op: 'CompleteMultipartUpload', method: 'POST', key, query: `uploadId=${encodeURIComponent(uploadId)}`, body }), h.ctx);

  it('create, upload, list parts, complete, read back, attributes', async () => {
    const p1 = randomBytes(5 * MiB);
    const p2 = randomBytes(1234);
    const id = await create('mp/obj', { 'content-type': 'video/mp4', 'x-amz-meta-k': 'v' });
    const e1 = header(await part('mp/obj', id, 1, p1), 'etag');
    const e2 = header(await part('mp/obj', id, 2, p2), 'etag');
    assert.equal(e1, `"${createHash('md5').update(p1).digest('hex')}"`);

    const uploads = await text(listMultipartUploads(h.request({ op: 'ListMultipartUploads', method: 'GET', query: 'uploads' }), h.ctx));
    assert.ok(values(uploads, 'UploadId').includes(id));

    const listed = await text(listParts(h.request({ op: 'ListParts', method: 'GET', key: 'mp/obj', query: `uploadId=${id}&max-parts=1` }), h.ctx));
    assert.deepEqual(values(listed, 'PartNumber'), ['1']);
    assert.equal(values(listed, 'IsTruncated')[0], 'true');
    assert.equal(values(listed, 'NextPartNumberMarker')[0], '1');

    const doc = `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${e1}</ETag></Part>`
      + `<Part><PartNumber>2</PartNumber><ETag>${e2}</ETag></Part></CompleteMultipartUpload>`;
    const res = await text(complete('mp/obj', id, doc));
    assert.equal(values(res, 'Location')[0], `http://127.0.0.1:9000/${BUCKET}/mp/obj`);
    assert.match(values(res, 'ETag')[0]!, /^&quot;[0-9a-f]{32}-2&quot;$/);

    const g = await getObject(h.request({ op: 'GetObject', method: 'GET', key: 'mp/obj', query: 'partNumber=2' }), h.ctx);
    assert.equal(g.status, 206);
    assert.equal(header(g, 'x-amz-mp-parts-count'), '2');
    assert.deepEqual(await readBody(g), p2);
    assert.equal(header(g, 'content-type'), 'video/mp4');

    // Ranges: inside one part (read whole, in memory), across the part boundary (streamed).
    const whole = Buffer.concat([p1, p2]);
    for (const [a, b, inMemory] of [[100, 200_000, true], [5 * MiB + 10, 5 * MiB + 1233, true], [5 * MiB - 1000, 5 * MiB + 500, false], [0, 5 * MiB - 1, false]] as const) {
      const r = await getObject(h.request({ op: 'GetObject', method: 'GET', key: 'mp/obj', headers: { range: `bytes=${a}-${b}` } }), h.ctx);
      assert.equal(r.status, 206);
      assert.equal(header(r, 'content-range'), `bytes ${a}-${b}/${whole.length}`);
      assert.equal(Array.isArray(r.body), inMemory, `range ${a}-${b}: read whole ${inMemory}`);
      assert.deepEqual(await readBody(r), whole.subarray(a, b + 1), `range ${a}-${b}`);
    }

    const attrs = await text(getObjectAttributes(h.request({
      op: 'GetObjectAttributes', method: 'GET', key: 'mp/obj', query: 'attributes',
      headers: { 'x-amz-object-attributes': 'ETag,ObjectParts,ObjectSize' },
    }), h.ctx));
    assert.equal(values(attrs, 'ObjectSize')[0], String(p1.length + p2.length));
    assert.equal(values(attrs, 'PartsCount')[0], '2');
    assert.match(values(attrs, 'ETag')[0]!, /^[0-9a-f]{32}-2$/);
    const badAttr = getObjectAttributes(h.request({
      op: 'GetObjectAttributes', method: 'GET', key: 'mp/obj', query: 'attributes', headers: { 'x-amz-object-attributes': 'Color' },
    }), h.ctx);
    assert.equal((await s3ErrorOf(badAttr)).code, 'InvalidArgument');
  });

  it('part checksums are verified and echoed', async () => {
    const id = await create('mp/crc', { 'x-amz-checksum-algorithm': 'CRC32' });
    const body = randomBytes(1000);
    const crc = computeChecksum('CRC32', body).toString('base64');
    assert.equal((await s3ErrorOf(part('mp/crc', id, 1, body, { 'x-amz-checksum-crc32': 'AAAAAA==' }))).code, 'BadDigest');
    const ok = await part('mp/crc', id, 1, body, { 'x-amz-checksum-crc32': crc });
    assert.equal(header(ok, 'x-amz-checksum-crc32'), crc);
    await abortMultipartUpload(h.request({ op: 'AbortMultipartUpload', method: 'DELETE', key: 'mp/crc', query: `uploadId=${id}` }), h.ctx);
  });

  it('UploadPartCopy copies a byte range of an object into a part', async () => {
    const src = randomBytes(6 * MiB);
    await putObject(h.request({ op: 'PutObject', method: 'PUT', key: 'copy-src', body: src }), h.ctx);
    const id = await create('mp/copied');
    const upc = (n: number, headers: Record<string, string>) =>
      uploadPartCopy(h.request({ op: 'UploadPartCopy', method: 'PUT', key: 'mp/copied', query: `partNumber=${n}&uploadId=${id}`, headers }), h.ctx);
    const r1 = await text(upc(1, { 'x-amz-copy-source': `${BUCKET}/copy-src`, 'x-amz-copy-source-range': `bytes=0-${5 * MiB - 1}` }));
    const r2 = await text(upc(2, { 'x-amz-copy-source': `${BUCKET}/copy-src`, 'x-amz-copy-source-range': `bytes=${5 * MiB}-${6 * MiB - 1}` }));
    assert.match(r1, /<CopyPartResult xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/"><ETag>/);
    const bad = await s3ErrorOf(upc(3, { 'x-amz-copy-source': `${BUCKET}/copy-src`, 'x-amz-copy-source-range': 'bytes=5-' }));
    assert.equal(bad.code, 'InvalidArgument');
    const beyond = await s3ErrorOf(upc(3, { 'x-amz-copy-source': `${BUCKET}/copy-src`, 'x-amz-copy-source-range': `bytes=${7 * MiB}-${8 * MiB}` }));
    assert.equal(beyond.code, 'InvalidRange');
    const doc = `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${values(r1, 'ETag')[0]!.replace(/&quot;/g, '"')}</ETag></Part>`
      + `<Part><PartNumber>2</PartNumber><ETag>${values(r2, 'ETag')[0]!.replace(/&quot;/g, '"')}</ETag></Part></CompleteMultipartUpload>`;
    await text(complete('mp/copied', id, doc));
    const g = await getObject(h.request({ op: 'GetObject', method: 'GET', key: 'mp/copied' }), h.ctx);
    assert.ok((await readBody(g)).equals(src));
  });

  it('errors: part number range, unknown upload, malformed and empty complete, bad order, abort', async () => {
    const id = await create('mp/err');
    for (const n of ['0', '10001', 'x']) {
      assert.equal((await s3ErrorOf(part('mp/err', id, n, Buffer.from('a')))).code, 'InvalidArgument', n);
    }
    assert.equal((await s3ErrorOf(part('mp/err', 'no-such-upload', 1, Buffer.from('a')))).code, 'NoSuchUpload');
    assert.equal((await s3ErrorOf(complete('mp/err', id, '<CompleteMultipartUpload></CompleteMultipartUpload>'))).code, 'MalformedXML');
    assert.equal((await s3ErrorOf(complete('mp/err', id, '<CompleteMultipartUpload><Part>'))).code, 'MalformedXML');
    const a = header(await part('mp/err', id, 1, randomBytes(5 * MiB)), 'etag');
    const b = header(await part('mp/err', id, 2, Buffer.from('tail')), 'etag');
    const reversed = `<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>${b}</ETag></Part>`
      + `<Part><PartNumber>1</PartNumber><ETag>${a}</ETag></Part></CompleteMultipartUpload>`;
    assert.equal((await s3ErrorOf(complete('mp/err', id, reversed))).code, 'InvalidPartOrder');
    const wrongEtag = '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"00"</ETag></Part></CompleteMultipartUpload>';
    assert.equal((await s3ErrorOf(complete('mp/err', id, wrongEtag))).code, 'InvalidPart');
    const abort = () => abortMultipartUpload(h.request({ op: 'AbortMultipartUpload', method: 'DELETE', key: 'mp/err', query: `uploadId=${id}` }), h.ctx);
    assert.equal((await abort()).status, 204);
    assert.equal((await s3ErrorOf(abort())).code, 'NoSuchUpload');
  });

  it('CreateMultipartUpload validates checksum algorithm and type', async () => {
    const bad = (headers: Record<string, string>) =>
      s3ErrorOf(createMultipartUpload(h.request({ op: 'CreateMultipartUpload', method: 'POST', key: 'x', query: 'uploads', headers }), h.ctx));
    assert.equal((await bad({ 'x-amz-checksum-algorithm': 'MD5' })).code, 'InvalidRequest');
    assert.equal((await bad({ 'x-amz-checksum-type': 'FULL_OBJECT' })).code, 'InvalidRequest');
    assert.equal((await bad({ 'x-amz-checksum-algorithm': 'SHA256', 'x-amz-checksum-type': 'FULL_OBJECT' })).code, 'InvalidRequest');
    const ok = await createMultipartUpload(h.request({
      op: 'CreateMultipartUpload', method: 'POST', key: 'x', query: 'uploads',
      headers: { 'x-amz-checksum-algorithm': 'CRC32C', 'x-amz-checksum-type': 'FULL_OBJECT' },
    }), h.ctx);
    assert.equal(header(ok, 'x-amz-checksum-algorithm'), 'CRC32C');
    assert.equal(header(ok, 'x-amz-checksum-type'), 'FULL_OBJECT');
  });
});
