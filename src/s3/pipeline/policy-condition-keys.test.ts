import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyConditionKeys } from './policy-condition-keys.js';
import type { AuthResult } from '../sigv4/index.js';

const auth = (over: Partial<AuthResult>): AuthResult => ({
  accessKey: 'AK', anonymous: false, version: 4, payload: { kind: 'unsigned' }, signing: undefined, method: 'header',
  expectedTrailers: [], sessionToken: undefined, ...over,
});

test('condition keys: global keys, listing parameters, headers, tags, signature facts', () => {
  const keys = policyConditionKeys({
    headers: {
      'user-agent': 'aws-cli/2', referer: 'https://example.com/', 'x-amz-acl': 'public-read', 'x-amz-server-side-encryption': 'AES256',
      'x-amz-tagging': 'Project=X&Dept=7', 'x-amz-object-lock-mode': 'GOVERNANCE', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
    },
    query: new URLSearchParams('prefix=home/&delimiter=/&max-keys=10&versionId=v1'),
    remoteAddress: '::ffff:127.0.0.1',
    secure: false,
    auth: auth({ method: 'presigned' }),
  });
  assert.equal(keys['aws:SourceIp'], '::ffff:127.0.0.1');
  assert.equal(keys['aws:SecureTransport'], 'false');
  assert.equal(keys['aws:UserAgent'], 'aws-cli/2');
  assert.equal(keys['aws:Referer'], 'https://example.com/');
  assert.equal(keys['s3:prefix'], 'home/');
  assert.equal(keys['s3:delimiter'], '/');
  assert.equal(keys['s3:max-keys'], '10');
  assert.equal(keys['s3:VersionId'], 'v1');
  assert.equal(keys['s3:x-amz-acl'], 'public-read');
  assert.equal(keys['s3:x-amz-server-side-encryption'], 'AES256');
  assert.equal(keys['s3:RequestObjectTag/Project'], 'X');
  assert.deepEqual(keys['s3:RequestObjectTagKeys'], ['Project', 'Dept']);
  assert.equal(keys['s3:object-lock-mode'], 'GOVERNANCE');
  assert.equal(keys['s3:x-amz-content-sha256'], 'UNSIGNED-PAYLOAD');
  assert.equal(keys['s3:signatureversion'], 'AWS4-HMAC-SHA256');
  assert.equal(keys['s3:authType'], 'REST-QUERY-STRING');
});

test('condition keys: anonymous requests have no signature keys; absent parameters are absent', () => {
  const keys = policyConditionKeys({ headers: {}, query: new URLSearchParams(), remoteAddress: '10.0.0.1', secure: true, auth: auth({ anonymous: true, method: 'anonymous', accessKey: '' }) });
  assert.equal(keys['s3:signatureversion'], undefined);
  assert.equal(keys['s3:authType'], undefined);
  assert.equal(keys['s3:prefix'], undefined);
  assert.equal(keys['aws:SecureTransport'], 'true');
  assert.equal(keys['s3:RequestObjectTagKeys'], undefined);
});

test('condition keys: remaining retention days (rounded up, from the request time) and aws:RequestTag', () => {
  const keys = policyConditionKeys({
    headers: { 'x-amz-object-lock-retain-until-date': '2030-01-11T12:00:00Z', 'x-amz-tagging': 'team=a' },
    query: new URLSearchParams(''), remoteAddress: '127.0.0.1', secure: true, auth: auth({}),
    now: new Date('2030-01-01T00:00:00Z'),
  });
  assert.equal(keys['s3:object-lock-remaining-retention-days'], '11');
  assert.equal(keys['aws:RequestTag/team'], 'a');
  assert.deepEqual(keys['aws:TagKeys'], ['team']);
  const none = policyConditionKeys({ headers: {}, query: new URLSearchParams(''), remoteAddress: '127.0.0.1', secure: true, auth: auth({}) });
  assert.equal(none['s3:object-lock-remaining-retention-days'], undefined);
});
