import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalBytes, sha256Hex, stringToSign, utf8StringToSign } from './canonical-request.js';

describe('canonical request bytes', () => {
  it('hashes node:http header strings (latin1-decoded) as the bytes received', () => {
    const received = Buffer.from('x-amz-meta-a:café\n', 'utf8').toString('latin1'); // what node:http hands us
    assert.deepEqual(canonicalBytes(received), Buffer.from('x-amz-meta-a:café\n', 'utf8'));
    const sts = stringToSign('20260101T000000Z', 'scope', received);
    assert.ok(sts.endsWith(sha256Hex(Buffer.from('x-amz-meta-a:café\n', 'utf8'))));
  });
  it('the botocore reading (UTF-8 of the latin1-decoded text) exists only for non-ASCII text', () => {
    assert.equal(utf8StringToSign('20260101T000000Z', 'scope', 'GET\n/a\n'), undefined);
    const sts = utf8StringToSign('20260101T000000Z', 'scope', 'x-amz-meta-a:caf\u00e9\n');
    assert.ok(sts?.endsWith(sha256Hex(Buffer.from('x-amz-meta-a:café\n', 'utf8'))));
  });
  it('ASCII text hashes the same either way; text beyond latin1 is hashed as UTF-8', () => {
    assert.deepEqual(canonicalBytes('GET\n/a\n'), Buffer.from('GET\n/a\n'));
    assert.deepEqual(canonicalBytes('€'), Buffer.from('€', 'utf8'));
  });
});
