/**
 * Conformance: bucket policies over raw HTTP (AWS S3 API reference: PutBucketPolicy,
 * GetBucketPolicy, DeleteBucketPolicy, GetBucketPolicyStatus). Status codes, bodies and error
 * codes as AWS answers them; anonymous requests judged by the policy.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type CairnServer } from '../helpers/server.js';
import { rawRequest, xmlValue, type RawResponse } from '../helpers/raw-http.js';
import { assertS3Error, call, createBucket, putObject } from './conformance-client.js';

let s: CairnServer;
before(async () => {
  s = await startServer();
  await createBucket(s, 'polconf');
  // New buckets block public access (AWS since April 2023); a public policy needs it lifted.
  assert.equal((await call(s, 'DELETE', '/polconf?publicAccessBlock')).status, 204);
  await putObject(s, '/polconf/pub/a.txt', 'public bytes');
});
after(async () => { await s?.stop(); });

const anonymous = (method: string, path: string, body?: string): Promise<RawResponse> =>
  rawRequest({ port: s.port, method, path, ...(body !== undefined ? { body, headers: { 'content-length': Buffer.byteLength(body) } } : {}) });

const policyText = JSON.stringify({
  Version: '2012-10-17',
  Id: 'conformance',
  Statement: [{ Sid: 'Pub', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::polconf/pub/*' }],
}, null, 2);

describe('bucket policy', () => {
  it('PutBucketPolicy is 204; GetBucketPolicy returns the document byte for byte as JSON', async () => {
    const put = await call(s, 'PUT', '/polconf?policy', { body: policyText, headers: { 'content-type': 'application/json' } });
    assert.equal(put.status, 204, put.text);
    const got = await call(s, 'GET', '/polconf?policy');
    assert.equal(got.status, 200);
    assert.equal(got.headers['content-type'], 'application/json');
    assert.equal(got.text, policyText);
  });
  it('GetBucketPolicyStatus answers PolicyStatus/IsPublic', async () => {
    const r = await call(s, 'GET', '/polconf?policyStatus');
    assert.equal(r.status, 200, r.text);
    assert.equal(xmlValue(r.text, 'IsPublic'), 'true');
    assert.match(r.text, /<PolicyStatus xmlns="http:\/\/s3\.amazonaws\.com\/doc\/2006-03-01\/"><IsPublic>true<\/IsPublic><\/PolicyStatus>$/);
  });
  it('anonymous GET is allowed where the policy allows it and AccessDenied elsewhere', async () => {
    const ok = await anonymous('GET', '/polconf/pub/a.txt');
    assert.equal(ok.status, 200);
    assert.equal(ok.text, 'public bytes');
    assertS3Error(await anonymous('GET', '/polconf/other.txt'), 403, 'AccessDenied');
    assertS3Error(await anonymous('PUT', '/polconf/pub/b.txt', 'x'), 403, 'AccessDenied');
    assertS3Error(await anonymous('GET', '/polconf?policy'), 403, 'AccessDenied');
  });
  it('malformed policies are 400 MalformedPolicy with AWS\'s message; nothing is stored', async () => {
    const cases: Array<[string, string]> = [
      ['{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::elsewhere/*"}]}', 'Policy has invalid resource'],
      ['{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"GetObject","Resource":"arn:aws:s3:::polconf/*"}]}', 'Policy has invalid action'],
      ['{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"nobody"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::polconf/*"}]}', 'Invalid principal in policy'],
      ['[]', "Policies must be valid JSON and the first byte must be '{'"],
      ['', "Policies must be valid JSON and the first byte must be '{'"],
    ];
    for (const [body, message] of cases) {
      const r = await call(s, 'PUT', '/polconf?policy', { body });
      assertS3Error(r, 400, 'MalformedPolicy', '/polconf');
      assert.equal(xmlValue(r.text, 'Message')?.replace(/&apos;/g, "'"), message, body);
    }
    assert.equal((await call(s, 'GET', '/polconf?policy')).text, policyText);
  });
  it('a policy over 20 KiB is refused', async () => {
    const big = JSON.stringify({ Version: '2012-10-17', Id: 'x'.repeat(21 * 1024), Statement: [] });
    const r = await call(s, 'PUT', '/polconf?policy', { body: big });
    assert.equal(r.status, 400, r.text);
  });
  it('DeleteBucketPolicy is 204, then the bucket has none; NoSuchBucket for a missing bucket', async () => {
    assert.equal((await call(s, 'DELETE', '/polconf?policy')).status, 204);
    assertS3Error(await call(s, 'GET', '/polconf?policy'), 404, 'NoSuchBucketPolicy', '/polconf');
    assertS3Error(await anonymous('GET', '/polconf/pub/a.txt'), 403, 'AccessDenied');
    assertS3Error(await call(s, 'PUT', '/no-such-polbucket?policy', { body: policyText }), 404, 'NoSuchBucket');
    // A bucket no one owns is NoSuchBucket to anyone, as on AWS (bucket names are global).
    assertS3Error(await anonymous('GET', '/no-such-polbucket/x'), 404, 'NoSuchBucket');
  });
});
