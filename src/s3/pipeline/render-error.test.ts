import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { S3Error } from '../../errors/s3-error.js';
import { errorXml } from './render-error.js';
import { RequestIdGenerator } from './request-id.js';

describe('error XML', () => {
  it('has Code, Message, the extra elements, Resource, RequestId, HostId in that order, escaped', () => {
    const xml = errorXml(new S3Error('NoSuchKey', { extra: { Key: 'a<b>&c' } }), { requestId: '0123456789ABCDEF', hostId: 'host', resource: '/b/a<b>&c' });
    assert.equal(xml,
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>' +
      '<Key>a&lt;b&gt;&amp;c</Key><Resource>/b/a&lt;b&gt;&amp;c</Resource><RequestId>0123456789ABCDEF</RequestId><HostId>host</HostId></Error>');
  });
  it('never shows a custom message on a 500', () => {
    const xml = errorXml(new S3Error('InternalError', { message: 'ENOENT /secret/path' }), { requestId: 'r', hostId: 'h', resource: '/' });
    assert.doesNotMatch(xml, /secret/);
    assert.match(xml, /<Message>We encountered an internal error\. Please try again\.<\/Message>/);
  });
  it('an error-specific resource wins over the request path', () => {
    const xml = errorXml(new S3Error('InvalidURI', { resource: '/raw%zz' }), { requestId: 'r', hostId: 'h', resource: '/other' });
    assert.match(xml, /<Resource>\/raw%zz<\/Resource>/);
  });
});

describe('request ids', () => {
  it('are 16 upper-case hex characters and unique', () => {
    const gen = new RequestIdGenerator();
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const id = gen.next();
      assert.match(id, /^[0-9A-F]{16}$/);
      seen.add(id);
    }
    assert.equal(seen.size, 10_000);
    assert.ok(gen.hostId.length > 20);
  });
});
