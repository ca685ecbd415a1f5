/**
 * Conformance: browser POST uploads (https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html) against a
 * spawned server, with hand-built forms: SigV4 and SigV2 policies, every condition kind, the
 * success_action_* answers, metadata/tagging/checksum fields, and AWS's errors.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, type CairnServer } from '../helpers/server.js';
import { rawRequest, xmlValue, type RawResponse } from '../helpers/raw-http.js';
import { multipartBody, sigV2Fields, sigV4Fields, type FormFields, type FormFile } from '../helpers/post-form.js';
import { assertS3Error, call, createBucket } from './conformance-client.js';

let s: CairnServer;
before(async () => { s = await startServer(); await createBucket(s, 'postb'); });
after(async () => { await s?.stop(); });

function post(fields: FormFields, file: FormFile | undefined, bucket = 'postb'): Promise<RawResponse> {
  const { body, contentType } = multipartBody(fields, file);
  return rawRequest({ port: s.port, method: 'POST', path: `/${bucket}`, headers: { 'content-type': contentType, 'content-length': body.length }, body });
}

/** xmlValue keeps entities; these messages and ETags carry quotes. */
const unquoted = (v: string | undefined): string => (v ?? '').replaceAll('&quot;', '"');

const FILE: FormFile = { filename: 'photo.jpg', content: 'the file content', contentType: 'image/jpeg' };

describe('PostObject with a SigV4 policy', () => {
  it('stores the file under the key (${filename} replaced) with its metadata; 204 by default', async () => {
    const fields: FormFields = [
      ['key', 'uploads/${filename}'], ['Content-Type', 'image/jpeg'], ['x-amz-meta-owner', 'alice'],
      ...sigV4Fields(s, { conditions: [{ bucket: 'postb' }, ['starts-with', '$key', 'uploads/'], ['starts-with', '$Content-Type', 'image/'], { 'x-amz-meta-owner': 'alice' }] }),
    ];
    const r = await post(fields, FILE);
    assert.equal(r.status, 204, r.text);
    assert.equal(r.headers.etag, `"${createHash('md5').update('the file content').digest('hex')}"`);
    const got = await call(s, 'GET', '/postb/uploads/photo.jpg');
    assert.equal(got.status, 200);
    assert.equal(got.text, 'the file content');
    assert.equal(got.headers['content-type'], 'image/jpeg');
    assert.equal(got.headers['x-amz-meta-owner'], 'alice');
  });
  it('success_action_status 201 answers the PostResponse document, 200 an empty body', async () => {
    const base = (status: string): FormFields => [['key', `s${status}`], ['success_action_status', status],
      ...sigV4Fields(s, { conditions: [{ bucket: 'postb' }, { key: `s${status}` }, { success_action_status: status }] })];
    const created = await post(base('201'), FILE);
    assert.equal(created.status, 201, created.text);
    assert.equal(xmlValue(created.text, 'Bucket'), 'postb');
    assert.equal(xmlValue(created.text, 'Key'), 's201');
    assert.match(unquoted(xmlValue(created.text, 'ETag')), /^"[0-9a-f]{32}"$/);
    assert.match(xmlValue(created.text, 'Location') ?? '', /\/postb\/s201$/);
    const ok = await post(base('200'), FILE);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.length, 0);
  });
  it('success_action_redirect answers 303 to the URL with bucket, key and etag', async () => {
    const fields: FormFields = [['key', 'redir'], ['success_action_redirect', 'https://app.example.com/done?x=1'],
      ...sigV4Fields(s, { conditions: [{ bucket: 'postb' }, { key: 'redir' }, ['starts-with', '$success_action_redirect', 'https://app.example.com/']] })];
    const r = await post(fields, FILE);
    assert.equal(r.status, 303, r.text);
    const loc = new URL(String(r.headers.location));
    assert.equal(loc.origin + loc.pathname, 'https://app.example.com/done');
    assert.equal(loc.searchParams.get('x'), '1');
    assert.equal(loc.searchParams.get('bucket'), 'postb');
    assert.equal(loc.searchParams.get('key'), 'redir');
    assert.match(loc.searchParams.get('etag') ?? '', /^"[0-9a-f]{32}"$/);
  });
  it('tagging (XML) and a checksum field are applied; a wrong checksum stores nothing', async () => {
    const tagging = '<Tagging><TagSet><Tag><Key>project</Key><Value>cairn</Value></Tag></TagSet></Tagging>';
    const crc = (await import('node:zlib')).crc32;
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(Buffer.from('the file content')) >>> 0);
    const fields = (value: string): FormFields => [['key', 'tagged'], ['tagging', tagging], ['x-amz-checksum-crc32', value],
      ...sigV4Fields(s, { conditions: [{ bucket: 'postb' }, { key: 'tagged' }, { tagging }, ['starts-with', '$x-amz-checksum-crc32', '']] })];
    assertS3Error(await post(fields('AAAAAA=='), FILE), 400, 'BadDigest');
    assertS3Error(await call(s, 'GET', '/postb/tagged'), 404, 'NoSuchKey');
    const r = await post(fields(sum.toString('base64')), FILE);
    assert.equal(r.status, 204, r.text);
    const tags = await call(s, 'GET', '/postb/tagged?tagging');
    assert.equal(xmlValue(tags.text, 'Key'), 'project');
    assert.equal(xmlValue(tags.text, 'Value'), 'cairn');
  });
  it('content-length-range: too large is EntityTooLarge, too small EntityTooSmall, and nothing is stored', async () => {
    const fields = (key: string): FormFields => [['key', key],
      ...sigV4Fields(s, { conditions: [{ bucket: 'postb' }, { key }, ['content-length-range', 5, 10]] })];
    assertS3Error(await post(fields('big'), { filename: 'a', content: 'x'.repeat(11) }), 400, 'EntityTooLarge');
    assertS3Error(await post(fields('small'), { filename: 'a', content: 'xxxx' }), 400, 'EntityTooSmall');
    assertS3Error(await call(s, 'GET', '/postb/big'), 404, 'NoSuchKey');
    assertS3Error(await call(s, 'GET', '/postb/small'), 404, 'NoSuchKey');
    assert.equal((await post(fields('fits'), { filename: 'a', content: 'x'.repeat(10) })).status, 204);
  });
});

describe('PostObject refusals', () => {
  const cond = (key: string): unknown[] => [{ bucket: 'postb' }, { key }];
  it('an expired policy, a failed condition and an extra field are AccessDenied with AWS messages', async () => {
    const expired = await post([['key', 'k'], ...sigV4Fields(s, { conditions: cond('k'), expiration: new Date(Date.now() - 1000) })], FILE);
    assertS3Error(expired, 403, 'AccessDenied');
    assert.equal(xmlValue(expired.text, 'Message'), 'Invalid according to Policy: Policy expired.');
    const failed = await post([['key', 'other'], ...sigV4Fields(s, { conditions: cond('k') })], FILE);
    assertS3Error(failed, 403, 'AccessDenied');
    assert.equal(unquoted(xmlValue(failed.text, 'Message')), 'Invalid according to Policy: Policy Condition failed: ["eq", "$key", "k"]');
    const extra = await post([['key', 'k'], ['x-amz-meta-color', 'red'], ...sigV4Fields(s, { conditions: cond('k') })], FILE);
    assertS3Error(extra, 403, 'AccessDenied');
    assert.equal(xmlValue(extra.text, 'Message'), 'Invalid according to Policy: Extra input fields: x-amz-meta-color');
    const wrongBucket = await post([['key', 'k'], ...sigV4Fields(s, { conditions: [{ bucket: 'elsewhere' }, { key: 'k' }] })], FILE);
    assertS3Error(wrongBucket, 403, 'AccessDenied');
  });
  it('a bad signature is SignatureDoesNotMatch, an unknown key InvalidAccessKeyId', async () => {
    assertS3Error(await post([['key', 'k'], ...sigV4Fields(s, { conditions: cond('k') }, 'wrong-secret')], FILE), 403, 'SignatureDoesNotMatch');
    assertS3Error(await post([['key', 'k'], ...sigV4Fields({ ...s, accessKey: 'NOSUCHKEY' }, { conditions: cond('k') })], FILE), 403, 'InvalidAccessKeyId');
  });
  it('an anonymous form goes through the authorizer: AccessDenied', async () => {
    assertS3Error(await post([['key', 'anon']], FILE), 403, 'AccessDenied');
  });
  it('no file, no key, not multipart, a bad policy document, too much data before the file', async () => {
    assertS3Error(await post([['key', 'k'], ...sigV4Fields(s, { conditions: cond('k') })], undefined), 400, 'IncorrectNumberOfFilesInPostRequest');
    assertS3Error(await post(sigV4Fields(s, { conditions: cond('k') }), FILE), 400, 'InvalidArgument');
    assertS3Error(await rawRequest({ port: s.port, method: 'POST', path: '/postb', headers: { 'content-type': 'text/plain' }, body: 'x' }), 412, 'PreconditionFailed');
    const fields = sigV4Fields(s, { conditions: cond('k') }).map(([n, v]): [string, string] => (n === 'policy' ? [n, 'bm90IGpzb24='] : [n, v]));
    assertS3Error(await post([['key', 'k'], ...fields], FILE), 403, 'SignatureDoesNotMatch');
    assertS3Error(await post([['key', 'k'], ['x-ignore-pad', 'p'.repeat(21 * 1024)], ...sigV4Fields(s, { conditions: cond('k') })], FILE), 400, 'MaxPostPreDataLengthExceededError');
  });
});

describe('PostObject with a SigV2 policy', () => {
  it('stores the file; a wrong signature is refused', async () => {
    const r = await post([['key', 'v2/${filename}'], ...sigV2Fields(s, { conditions: [{ bucket: 'postb' }, ['starts-with', '$key', 'v2/']] })], FILE);
    assert.equal(r.status, 204, r.text);
    assert.equal((await call(s, 'GET', '/postb/v2/photo.jpg')).text, 'the file content');
    const bad = sigV2Fields({ ...s, secretKey: 'nope' }, { conditions: [{ bucket: 'postb' }, ['starts-with', '$key', 'v2/']] });
    assertS3Error(await post([['key', 'v2/x'], ...bad], FILE), 403, 'SignatureDoesNotMatch');
  });
});
