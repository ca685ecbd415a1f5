import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RequestEndEvent } from '../s3/pipeline/request-events.js';
import { decodeRecordFields, encodeRecordFields, RecordFieldsError } from './record-fields.js';

const base: RequestEndEvent = {
  api: 's3', operation: 'GetObject', statusCode: 206, errorCode: undefined, completed: true,
  rxBytes: 0, txBytes: 4096, ttfbSeconds: 0.000123456789, durationSeconds: 1.5,
  startedAtMs: 1_764_000_000_123, requestId: '18A1B2C3D4E5F607', accessKey: 'AKIAEXAMPLE', bucket: 'photos',
  object: 'cat.jpg', remoteAddress: '127.0.0.1', userAgent: 'aws-cli/2.15', requestHost: 'localhost:9000',
  requestPath: '/photos/cat.jpg', method: 'GET',
};

describe('record fields', () => {
  it('come back as they went in, whatever the strings hold', () => {
    const hostile = ['', ',', '12,', '3,abc', 'a\nb\r\n\u0000\u001f', '../../etc/passwd', 'k'.repeat(1025), '\u2603\ud83d\ude00', '\ud800 lone', '"\\'];
    for (const h of hostile) {
      const e: RequestEndEvent = { ...base, object: h, userAgent: h, requestPath: `/photos/${h}`, bucket: h, errorCode: h === '' ? undefined : h, requestHost: h, accessKey: h, remoteAddress: h, requestId: h, operation: h };
      const f = decodeRecordFields(encodeRecordFields(e, `acct ${h}`));
      assert.deepEqual(f, {
        api: 's3', operation: h, statusCode: 206, errorCode: h, completed: true, rxBytes: 0, txBytes: 4096,
        ttfbNs: 123457, durationNs: 1_500_000_000, startedAtMs: 1_764_000_000_123, requestId: h, accessKey: h,
        account: `acct ${h}`, bucket: h, object: h, remoteAddress: h, userAgent: h, requestHost: h, requestPath: `/photos/${h}`,
      });
    }
  });

  it('keep a request that did not complete, and large byte counts', () => {
    const f = decodeRecordFields(encodeRecordFields({ ...base, completed: false, rxBytes: 5 * 1024 ** 4, statusCode: 599 }, ''));
    assert.equal(f.completed, false);
    assert.equal(f.rxBytes, 5 * 1024 ** 4);
    assert.equal(f.statusCode, 599);
    assert.equal(f.account, '');
  });

  it('refuse text that is cut off, padded or not theirs', () => {
    const good = encodeRecordFields(base, 'root');
    for (const bad of ['', good.slice(0, -1), `${good}x`, good.replace(/^206/, 'abc'), good.replace(/^206,1,/, '206,,'), '{"version":"1"}']) {
      assert.throws(() => decodeRecordFields(bad), RecordFieldsError, JSON.stringify(bad.slice(0, 40)));
    }
  });
});
