/** Golden fixtures of the bucket, bucket config and data index records (kinds B, C, D, version 1). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFixtureBytes, formatFixtureRecord } from '../../../test/helpers/format-fixtures.js';
import {
  decodeBucketConfigRecord, decodeBucketRecord, decodeDataIndexRecord, encodeBucketConfigRecord, encodeBucketRecord, encodeDataIndexRecord,
} from './index.js';

const cases = [
  { name: 'bucket-record-v1', kind: 'B', decode: decodeBucketRecord, encode: encodeBucketRecord },
  { name: 'bucket-record-v1-no-owner', kind: 'B', decode: decodeBucketRecord, encode: encodeBucketRecord },
  { name: 'bucket-config-record-v1', kind: 'C', decode: decodeBucketConfigRecord, encode: encodeBucketConfigRecord },
  { name: 'data-index-record-v1', kind: 'D', decode: decodeDataIndexRecord, encode: encodeDataIndexRecord },
] as const;

for (const c of cases) {
  test(`golden ${c.name} fixture always decodes to the same record and re-encodes to the same bytes`, () => {
    const bin = formatFixtureBytes(c.name);
    assert.deepEqual([bin[0], String.fromCharCode(bin[1]!), bin[2]], [0xca, c.kind, 1]);
    const rec = c.decode(bin);
    assert.deepEqual(rec, formatFixtureRecord(c.name));
    assert.ok((c.encode as (r: typeof rec) => Buffer)(rec).equals(bin));
  });
}

test('golden fixtures: a bucket from before accounts has no owner; a config record keeps its document bytes', () => {
  assert.equal(decodeBucketRecord(formatFixtureBytes('bucket-record-v1-no-owner')).owner, undefined);
  assert.equal(decodeBucketRecord(formatFixtureBytes('bucket-record-v1')).owner, '123456789012');
  assert.match(decodeBucketConfigRecord(formatFixtureBytes('bucket-config-record-v1')).value.toString('utf8'), /<Status>Enabled<\/Status>/);
  assert.equal(decodeDataIndexRecord(formatFixtureBytes('data-index-record-v1')).key, '2026/ünï/cat.jpg');
});
