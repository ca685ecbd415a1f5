/**
 * Conformance: DeleteObjects and the multipart operations (s3-tests test_multi_object_delete*,
 * test_multi_objectv2_delete*, test_multipart_upload*, test_abort_multipart_upload*,
 * test_list_multipart_upload, test_multipart_copy_*, test_multipart_get_part,
 * test_multipart_upload_incorrect_etag, test_multipart_upload_missing_part).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, type CairnServer } from '../helpers/server.js';
import { xmlValue, xmlValues } from '../helpers/raw-http.js';
import { assertHeadError, assertS3Error, call, createBucket, putObject } from './conformance-client.js';

const MiB = 1024 * 1024;
let s: CairnServer;
before(async () => {
  s = await startServer();
  await createBucket(s, 'mpb');
});
after(async () => { await s?.stop(); });

const md5b64 = (b: string | Buffer): string => createHash('md5').update(b).digest('base64');
const md5hex = (b: string | Buffer): string => createHash('md5').update(b).digest('hex');
const deleteObjects = (xml: string) => call(s, 'POST', '/mpb?delete', { body: xml, headers: { 'content-md5': md5b64(xml) } });
const objectsXml = (keys: string[], quiet = false): string =>
  `<Delete>${quiet ? '<Quiet>true</Quiet>' : ''}${keys.map((k) => `<Object><Key>${k}</Key></Object>`).join('')}</Delete>`;

describe('DeleteObjects', () => {
  it('reports every key as Deleted, missing ones included (S3 deletes are idempotent)', async () => {
    await putObject(s, '/mpb/d1', 'x');
    const r = await deleteObjects(objectsXml(['d1', 'never-existed']));
    assert.equal(r.status, 200, r.text);
    assert.match(r.text, /^<\?xml[^>]*\?><DeleteResult xmlns="http:\/\/s3\.amazonaws\.com\/doc\/2006-03-01\/">/);
    assert.deepEqual(xmlValues(r.text, 'Key'), ['d1', 'never-existed']);
    assert.equal((await call(s, 'HEAD', '/mpb/d1')).status, 404);
  });
  it('Quiet mode answers an empty DeleteResult when everything succeeded', async () => {
    await putObject(s, '/mpb/q1', 'x');
    const r = await deleteObjects(objectsXml(['q1', 'q2'], true));
    assert.equal(r.status, 200);
    assert.equal(xmlValues(r.text, 'Deleted').length, 0);
    assert.equal(xmlValues(r.text, 'Key').length, 0);
  });
  it('Quiet mode still reports the keys that failed (entity-escaped keys are deleted)', async () => {
    await putObject(s, '/mpb/a%26b', 'x');
    const xml = `<Delete><Quiet>true</Quiet><Object><Key>a&amp;b</Key></Object><Object><Key>${'k'.repeat(1025)}</Key></Object></Delete>`;
    const r = await deleteObjects(xml);
    assert.equal(r.status, 200, r.text);
    assert.equal(xmlValues(r.text, 'Deleted').length, 0);
    assert.equal(xmlValues(r.text, 'Error').length, 1, r.text);
    assert.equal(xmlValue(r.text, 'Code'), 'KeyTooLongError');
    assert.equal((await call(s, 'HEAD', '/mpb/a%26b')).status, 404);
  });
  it('1,000 keys are accepted; 1,001 keys and an empty Delete are 400 MalformedXML', async () => {
    const thousand = Array.from({ length: 1000 }, (_, i) => `many/${i}`);
    const ok = await deleteObjects(objectsXml(thousand, true));
    assert.equal(ok.status, 200, ok.text);
    assertS3Error(await deleteObjects(objectsXml([...thousand, 'one-more'])), 400, 'MalformedXML');
    assertS3Error(await deleteObjects('<Delete></Delete>'), 400, 'MalformedXML');
    assertS3Error(await deleteObjects('<Delete><Object><Key>a</Key>'), 400, 'MalformedXML');
  });
  it('without Content-MD5 or a checksum header it is 400 InvalidRequest; a wrong Content-MD5 is 400 BadDigest', async () => {
    const xml = objectsXml(['a']);
    assertS3Error(await call(s, 'POST', '/mpb?delete', { body: xml }), 400, 'InvalidRequest');
    assertS3Error(await call(s, 'POST', '/mpb?delete', { body: xml, headers: { 'content-md5': md5b64('other') } }), 400, 'BadDigest');
  });
});

async function initiate(key: string): Promise<string> {
  const r = await call(s, 'POST', `/mpb/${key}?uploads`);
  assert.equal(r.status, 200, r.text);
  assert.equal(xmlValue(r.text, 'Key'), key);
  assert.equal(xmlValue(r.text, 'Bucket'), 'mpb');
  return xmlValue(r.text, 'UploadId')!;
}
async function uploadPart(key: string, id: string, n: number, body: Buffer | string): Promise<string> {
  const r = await call(s, 'PUT', `/mpb/${key}?partNumber=${n}&uploadId=${id}`, { body });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.etag, `"${md5hex(body)}"`);
  return String(r.headers.etag);
}
const completeXml = (parts: Array<[number, string]>): string =>
  `<CompleteMultipartUpload>${parts.map(([n, e]) => `<Part><PartNumber>${n}</PartNumber><ETag>${e}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
const complete = (key: string, id: string, parts: Array<[number, string]>) => call(s, 'POST', `/mpb/${key}?uploadId=${id}`, { body: completeXml(parts) });

describe('multipart uploads', () => {
  const part1 = Buffer.alloc(5 * MiB, 'a');
  const part2 = Buffer.from('tail');

  it('refuses part numbers 0 and 10001 (400 InvalidArgument) and an unknown upload id (404 NoSuchUpload)', async () => {
    const id = await initiate('edges');
    for (const n of ['0', '10001', 'x']) {
      assertS3Error(await call(s, 'PUT', `/mpb/edges?partNumber=${n}&uploadId=${id}`, { body: 'x' }), 400, 'InvalidArgument');
    }
    assertS3Error(await call(s, 'PUT', '/mpb/edges?partNumber=1&uploadId=nosuchupload', { body: 'x' }), 404, 'NoSuchUpload');
  });

  it('complete: out of order and duplicate parts are InvalidPartOrder, a wrong ETag InvalidPart, a small non-last part EntityTooSmall', async () => {
    const id = await initiate('order');
    const e1 = await uploadPart('order', id, 1, part1);
    const e2 = await uploadPart('order', id, 2, part2);
    const e3 = await uploadPart('order', id, 3, part2);
    assertS3Error(await complete('order', id, [[2, e2], [1, e1]]), 400, 'InvalidPartOrder');
    assertS3Error(await complete('order', id, [[1, e1], [1, e1], [2, e2]]), 400, 'InvalidPartOrder');
    assertS3Error(await complete('order', id, [[1, '"00000000000000000000000000000000"'], [2, e2]]), 400, 'InvalidPart');
    assertS3Error(await complete('order', id, [[1, e1], [4, e2]]), 400, 'InvalidPart');
    assertS3Error(await complete('order', id, [[1, e1], [2, e2], [3, e3]]), 400, 'EntityTooSmall');
    assertS3Error(await call(s, 'POST', `/mpb/order?uploadId=${id}`, { body: '<CompleteMultipartUpload></CompleteMultipartUpload>' }), 400, 'MalformedXML');
    // the upload survives failed completes
    assert.equal((await call(s, 'GET', `/mpb/order?uploadId=${id}`)).status, 200);
  });

  it('complete with unquoted ETags works; the ETag is md5-of-md5s "-N"; a retried complete answers the same, other parts InvalidPart; ListParts NoSuchUpload', async () => {
    const id = await initiate('done');
    const e1 = await uploadPart('done', id, 1, part1);
    const e2 = await uploadPart('done', id, 2, part2);
    const r = await complete('done', id, [[1, e1.replace(/"/g, '')], [2, e2.replace(/"/g, '')]]);
    assert.equal(r.status, 200, r.text);
    const expected = createHash('md5').update(Buffer.concat([Buffer.from(md5hex(part1), 'hex'), Buffer.from(md5hex(part2), 'hex')])).digest('hex');
    assert.equal(xmlValue(r.text, 'ETag'), `&quot;${expected}-2&quot;`);
    assert.equal(xmlValue(r.text, 'Key'), 'done');
    assert.ok(xmlValue(r.text, 'Location')?.endsWith('/mpb/done'));
    const head = await call(s, 'HEAD', '/mpb/done');
    assert.equal(head.headers.etag, `"${expected}-2"`);
    assert.equal(head.headers['content-length'], String(part1.length + part2.length));
    const retried = await complete('done', id, [[1, e1], [2, e2]]);
    assert.equal(retried.status, 200, retried.text);
    assert.equal(retried.text, r.text.replace(/<\?xml[^>]*\?>/, retried.text.match(/<\?xml[^>]*\?>/)![0]), 'the same result document');
    assertS3Error(await complete('done', id, [[1, e1]]), 400, 'InvalidPart');
    assertS3Error(await complete('done', 'f'.repeat(32), [[1, e1], [2, e2]]), 404, 'NoSuchUpload');
    assertS3Error(await call(s, 'GET', `/mpb/done?uploadId=${id}`), 404, 'NoSuchUpload');
  });

  it('GET/HEAD ?partNumber=N: 206 with Content-Range and x-amz-mp-parts-count; past the last part 400 InvalidPartNumber; 0, 10001, non-numeric 400 InvalidArgument', async () => {
    const r = await call(s, 'GET', '/mpb/done?partNumber=2');
    assert.equal(r.status, 206);
    assert.equal(r.text, 'tail');
    assert.equal(r.headers['content-range'], `bytes ${part1.length}-${part1.length + 3}/${part1.length + 4}`);
    assert.equal(r.headers['x-amz-mp-parts-count'], '2');
    const head = await call(s, 'HEAD', '/mpb/done?partNumber=1');
    assert.equal(head.status, 206);
    assert.equal(head.headers['content-length'], String(part1.length));
    assert.equal(head.headers['x-amz-mp-parts-count'], '2');
    assertS3Error(await call(s, 'GET', '/mpb/done?partNumber=3'), 400, 'InvalidPartNumber');
    assertS3Error(await call(s, 'GET', '/mpb/done?partNumber=10000'), 400, 'InvalidPartNumber');
    assertHeadError(await call(s, 'HEAD', '/mpb/done?partNumber=3'), 400);
    for (const n of ['0', '10001', 'abc', '-1', '1.5', '']) {
      const r = await call(s, 'GET', `/mpb/done?partNumber=${n}`);
      assertS3Error(r, 400, 'InvalidArgument');
      assert.equal(xmlValue(r.text, 'Message'), 'Part number must be an integer between 1 and 10000, inclusive');
    }
    await putObject(s, '/mpb/single', 'whole');
    const one = await call(s, 'GET', '/mpb/single?partNumber=1');
    assert.equal(one.status, 206);
    assert.equal(one.text, 'whole');
    assertS3Error(await call(s, 'GET', '/mpb/single?partNumber=2'), 400, 'InvalidPartNumber');
    assertHeadError(await call(s, 'HEAD', '/mpb/single?partNumber=2'), 400);
  });

  it('abort answers 204; then UploadPart, ListParts, complete and a second abort are 404 NoSuchUpload', async () => {
    const id = await initiate('aborted');
    await uploadPart('aborted', id, 1, 'x');
    assert.equal((await call(s, 'DELETE', `/mpb/aborted?uploadId=${id}`)).status, 204);
    assertS3Error(await call(s, 'PUT', `/mpb/aborted?partNumber=2&uploadId=${id}`, { body: 'x' }), 404, 'NoSuchUpload');
    assertS3Error(await call(s, 'GET', `/mpb/aborted?uploadId=${id}`), 404, 'NoSuchUpload');
    assertS3Error(await call(s, 'DELETE', `/mpb/aborted?uploadId=${id}`), 404, 'NoSuchUpload');
    assert.equal((await call(s, 'HEAD', '/mpb/aborted')).status, 404);
  });

  it('ListParts pages with max-parts / part-number-marker; invalid values are 400 InvalidArgument', async () => {
    const id = await initiate('lp');
    for (let n = 1; n <= 3; n++) await uploadPart('lp', id, n, `part-${n}`);
    const page = await call(s, 'GET', `/mpb/lp?uploadId=${id}&max-parts=2`);
    assert.deepEqual(xmlValues(page.text, 'PartNumber'), ['1', '2']);
    assert.equal(xmlValue(page.text, 'IsTruncated'), 'true');
    assert.equal(xmlValue(page.text, 'NextPartNumberMarker'), '2');
    const rest = await call(s, 'GET', `/mpb/lp?uploadId=${id}&part-number-marker=2`);
    assert.deepEqual(xmlValues(rest.text, 'PartNumber'), ['3']);
    assertS3Error(await call(s, 'GET', `/mpb/lp?uploadId=${id}&max-parts=-1`), 400, 'InvalidArgument');
    assertS3Error(await call(s, 'GET', `/mpb/lp?uploadId=${id}&part-number-marker=abc`), 400, 'InvalidArgument');
  });

  it('UploadPartCopy: a valid range copies those bytes; malformed ranges are InvalidArgument, one past the source InvalidRange', async () => {
    await putObject(s, '/mpb/copysrc', '0123456789');
    const id = await initiate('upc');
    const ok = await call(s, 'PUT', `/mpb/upc?partNumber=1&uploadId=${id}`, { headers: { 'x-amz-copy-source': '/mpb/copysrc', 'x-amz-copy-source-range': 'bytes=2-5' } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(xmlValue(ok.text, 'ETag'), `&quot;${md5hex('2345')}&quot;`);
    assert.ok(xmlValue(ok.text, 'LastModified'));
    for (const range of ['bytes=-1', 'bytes=0-', 'bytes=hello-world', 'bytes=5-2', '']) {
      assertS3Error(await call(s, 'PUT', `/mpb/upc?partNumber=2&uploadId=${id}`, { headers: { 'x-amz-copy-source': '/mpb/copysrc', 'x-amz-copy-source-range': range } }), 400, 'InvalidArgument');
    }
    assertS3Error(await call(s, 'PUT', `/mpb/upc?partNumber=2&uploadId=${id}`, { headers: { 'x-amz-copy-source': '/mpb/copysrc', 'x-amz-copy-source-range': 'bytes=0-21' } }), 416, 'InvalidRange');
    const done = await complete('upc', id, [[1, `"${md5hex('2345')}"`]]);
    assert.equal(done.status, 200, done.text);
    assert.equal((await call(s, 'GET', '/mpb/upc')).text, '2345');
  });
});
