import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RequestEndEvent } from '../s3/pipeline/request-events.js';
import { canonicalJson, CHAIN_START, sealRecord, type ChainHead } from './audit-chain.js';
import { auditRecordBody, sealedRecordText } from './audit-record.js';
import { verifyChainLines } from './chain-verify.js';
import { decodeRecordFields, encodeRecordFields, type RecordFields } from './record-fields.js';

const DEPLOYMENT = 'dep-"1"';
const fieldsOf = (e: RequestEndEvent): RecordFields => decodeRecordFields(encodeRecordFields(e, e.accessKey === 'AKROOT' ? 'root' : e.accessKey === '' ? '' : 'acct\u00e9'));

function event(i: number, over: Partial<RequestEndEvent> = {}): RequestEndEvent {
  return {
    api: 's3', operation: 'PutObject', statusCode: 200, errorCode: undefined, completed: true,
    rxBytes: 4096 + i, txBytes: 17, ttfbSeconds: 0.000123, durationSeconds: 0.0021 + i / 1e6,
    startedAtMs: 1_764_000_000_000 + i, requestId: `REQ${i}`, accessKey: 'AKROOT', bucket: 'b',
    object: `dir/key ${i}`, remoteAddress: '127.0.0.1', userAgent: 'aws-cli/2 "quoted"',
    requestHost: 'localhost:9000', requestPath: `/b/dir/key%20${i}`, method: 'PUT',
    ...over,
  };
}

const cases: RequestEndEvent[] = [
  event(1),
  event(2, { statusCode: 404, errorCode: 'NoSuchKey', operation: 'GetObject', completed: false, txBytes: 300 }),
  event(3, { accessKey: '', bucket: '', object: '', operation: 'Unknown', statusCode: 599 }),
  event(4, { object: 'k\u2603\ud83d\ude00\n\t\\', requestPath: '/b/\u00fc', userAgent: '', accessKey: 'OTHER', api: 'admin' }),
  event(5, { userAgent: 'lone \ud800 and \udfff', requestHost: 'h\u0000\u001f\u007f', errorCode: 'Bad"Code\\', bucket: '\u2028\u2029', remoteAddress: '::ffff:127.0.0.1', operation: 'Put"Object' }),
];

describe('sealedRecordText', () => {
  it('is the canonical text of the sealed record, with the same hash as sealRecord', () => {
    let fast: ChainHead = CHAIN_START;
    let slow: ChainHead = CHAIN_START;
    const lines: string[] = [];
    for (const e of cases) {
      const f = fieldsOf(e);
      const a = sealedRecordText(f, DEPLOYMENT, 'host-"w0"', fast);
      const b = sealRecord(auditRecordBody(f, DEPLOYMENT), 'host-"w0"', slow);
      assert.deepEqual(JSON.parse(a.json), b.record);
      assert.equal(a.json, canonicalJson(b.record), 'keys in canonical order, no white space');
      assert.deepEqual(a.head, b.head);
      fast = a.head;
      slow = b.head;
      lines.push(a.json);
    }
    const report = verifyChainLines(lines);
    assert.deepEqual(report.problems, []);
  });
});
