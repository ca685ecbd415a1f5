import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalQuery, canonicalUri } from './canonical-request.js';
import { SigningKeyCache, deriveSigningKey, signaturesEqual } from './signing-key.js';
import { canonicalizeComponent, percentDecode, uriEncode } from './uri-encode.js';

describe('RFC 3986 canonicalization', () => {
  it('encodes everything but A-Z a-z 0-9 - . _ ~, UTF-8, upper-case hex', () => {
    assert.equal(uriEncode("a b+c/d~e*f'g(h)!é日"), 'a%20b%2Bc%2Fd~e%2Af%27g%28h%29%21%C3%A9%E6%97%A5');
  });

  it('re-encodes equivalent inputs identically (lower-case hex, escaped unreserved, %7E)', () => {
    for (const input of ['%7e', '%7E', '~']) assert.equal(canonicalizeComponent(input, false), '~');
    assert.equal(canonicalizeComponent('%c3%a9%61', false), '%C3%A9a');
    assert.equal(canonicalizeComponent('a%2fb', false), 'a%2Fb');
  });

  it("keeps a stray '%' literal and invalid UTF-8 bytes as bytes", () => {
    assert.equal(canonicalizeComponent('100%', false), '100%25');
    assert.equal(canonicalizeComponent('%zz', false), '%25zz');
    assert.equal(canonicalizeComponent('%ff%fe', false), '%FF%FE');
  });

  it("'+' is a space in queries, a plus in paths", () => {
    assert.equal(percentDecode('a+b', true), 'a b');
    assert.equal(percentDecode('a+b', false), 'a+b');
    assert.equal(canonicalUri('/b/a+b'), '/b/a%2Bb');
  });

  it('canonical URI keeps empty segments, dots and an encoded slash (no normalization)', () => {
    assert.equal(canonicalUri(''), '/');
    assert.equal(canonicalUri('/'), '/');
    assert.equal(canonicalUri('/b//./../k%2Fx/'), '/b//./../k%2Fx/');
  });

  it('canonical query: sorted by name then value, valueless names get "=", signature excluded', () => {
    assert.equal(canonicalQuery('b=2&a=2&a=1&uploads&c=x+y'), 'a=1&a=2&b=2&c=x%20y&uploads=');
    assert.equal(canonicalQuery('X-Amz-Signature=abc&z=1', 'X-Amz-Signature'), 'z=1');
    assert.equal(canonicalQuery('&&a=1&'), 'a=1');
  });
});

describe('signing keys', () => {
  it('derives the AWS example key and caches it, bounded', () => {
    const cache = new SigningKeyCache(2);
    const k = cache.get('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '20130524', 'us-east-1', 's3');
    assert.deepEqual(k, deriveSigningKey('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '20130524', 'us-east-1', 's3'));
    assert.equal(cache.get('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '20130524', 'us-east-1', 's3'), k);
    cache.get('s2', '20130524', 'us-east-1', 's3');
    cache.get('s3', '20130524', 'us-east-1', 's3');
    assert.equal(cache.size, 2);
    assert.notDeepEqual(cache.get('s2', '20130525', 'us-east-1', 's3'), cache.get('s2', '20130524', 'us-east-1', 's3'));
  });

  it('compares signatures of any length without throwing', () => {
    assert.equal(signaturesEqual('abc', 'abc'), true);
    assert.equal(signaturesEqual('abc', 'abd'), false);
    assert.equal(signaturesEqual('abc', 'ab'), false);
    assert.equal(signaturesEqual('abc', ''), false);
  });
});
