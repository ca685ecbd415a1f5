import { test } from 'node:test';
import assert from 'node:assert/strict';
import { certificateDnsNames, matchesServerName } from './sni-match.js';

test('exact names match case-insensitively, a trailing dot ignored', () => {
  assert.equal(matchesServerName(['s3.example.com'], 'S3.Example.COM'), true);
  assert.equal(matchesServerName(['s3.example.com'], 's3.example.com.'), true);
  assert.equal(matchesServerName(['s3.example.com'], 'example.com'), false);
  assert.equal(matchesServerName(['s3.example.com'], ''), false);
});

test('a wildcard covers exactly one left-most label', () => {
  const names = ['*.example.com'];
  assert.equal(matchesServerName(names, 'bucket.example.com'), true);
  assert.equal(matchesServerName(names, 'example.com'), false);
  assert.equal(matchesServerName(names, 'a.b.example.com'), false);
  assert.equal(matchesServerName(names, '.example.com'), false);
  assert.equal(matchesServerName(names, 'bucket.example.org'), false);
});

test('DNS names come from subjectAltName, the CN only when there is no DNS entry', () => {
  assert.deepEqual(certificateDnsNames('DNS:a.example.com, IP Address:127.0.0.1, DNS:*.b.example.com', 'CN=ignored'), ['a.example.com', '*.b.example.com']);
  assert.deepEqual(certificateDnsNames('IP Address:127.0.0.1', 'O=Cairn\nCN=only.example.com'), ['only.example.com']);
  assert.deepEqual(certificateDnsNames(undefined, 'O=Cairn'), []);
});
