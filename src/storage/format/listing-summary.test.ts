import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CorruptRecordError } from '../../errors/domain-errors.js';
import { mulberry32 } from '../../../test/helpers/seeded-random.js';
import { randomRecord } from '../../../test/helpers/random-object-records.js';
import { formatFixtureBytes } from '../../../test/helpers/format-fixtures.js';
import {
  decodeListingSummary, decodeObjectRecord, encodeCorruptListingSummary, encodeListingSummary, recordKeyOf, summaryKeyOf,
  type ObjectRecord, type ObjectVersionRecord,
} from './index.js';


/** The record without its data location: what a summary holds. */
function listingView(rec: ObjectRecord): ObjectRecord {
  const strip = (v: ObjectVersionRecord): ObjectVersionRecord => {
    const { erasure: _e, dataId: _d, dataFile: _f, inline: _i, uploadId: _u, ...rest } = v;
    return rest;
  };
  return { versions: rec.versions.map(strip), removed: rec.removed };
}

test('golden fixture: the v1 summary of the v2 record fixture decodes to its listing view, and encoding is stable', () => {
  const record = decodeObjectRecord(formatFixtureBytes('object-record-v2'));
  const summary = formatFixtureBytes('listing-summary-v1');
  assert.deepEqual(decodeListingSummary(summary), listingView(record));
  assert.ok(encodeListingSummary(record).equals(summary), 'the encoder still writes the v1 bytes');
  const tomb = decodeObjectRecord(formatFixtureBytes('object-record-v2-tombstone'));
  assert.deepEqual(decodeListingSummary(encodeListingSummary(tomb)), tomb);
});

test('random records: the summary decodes to the record without its data location', () => {
  const rand = mulberry32(1515);
  for (let i = 0; i < 2000; i++) {
    const rec = randomRecord(rand);
    const summary = encodeListingSummary(rec);
    assert.deepEqual(decodeListingSummary(summary), listingView(rec), `record ${i}`);
  }
});

test('a summary is smaller than its record (no field names, no inline payload, no layout)', async () => {
  const { encodeObjectRecord } = await import('./index.js');
  const rand = mulberry32(9);
  let recordBytes = 0;
  let summaryBytes = 0;
  for (let i = 0; i < 200; i++) {
    const rec = randomRecord(rand);
    recordBytes += encodeObjectRecord(rec).length;
    summaryBytes += encodeListingSummary(rec).length;
  }
  assert.ok(summaryBytes < recordBytes * 0.7, `${summaryBytes} vs ${recordBytes}`);
});

test('corrupt summaries (flipped, cut, extended, another kind or version, the corrupt-record marker) throw CorruptRecordError', () => {
  assert.throws(() => decodeListingSummary(encodeCorruptListingSummary()), CorruptRecordError);
  const rand = mulberry32(77);
  const rec = encodeListingSummary(randomRecord(rand));
  assert.throws(() => decodeListingSummary(Buffer.concat([rec, Buffer.from([0])])), CorruptRecordError);
  assert.throws(() => decodeListingSummary(Buffer.from([0xca, 'O'.charCodeAt(0), 1, 0, 0, 0])), CorruptRecordError);
  assert.throws(() => decodeListingSummary(Buffer.from([0xca, 'L'.charCodeAt(0), 2, 0, 0, 0])), CorruptRecordError);
  assert.throws(() => decodeListingSummary(Buffer.from([0xca, 'L'.charCodeAt(0), 1, 0, 0, 0])), CorruptRecordError, 'no versions, no removals');
  for (let i = 0; i < 3000; i++) {
    const bin = encodeListingSummary(randomRecord(rand));
    const bad = i % 2 === 0 ? bin.subarray(0, 3 + Math.floor(rand() * (bin.length - 3))) : Buffer.from(bin);
    if (i % 2 === 1) bad[3 + Math.floor(rand() * (bin.length - 3))] ^= 0xff;
    try {
      const got = decodeListingSummary(bad);
      // A flipped byte inside a string may still decode: then it is a well-formed record.
      assert.ok(got.versions.length + got.removed.length > 0);
    } catch (err) {
      assert.ok(err instanceof CorruptRecordError, `case ${i}: ${String(err)}`);
    }
  }
});

test('summary keys mirror record keys', () => {
  assert.equal(summaryKeyOf('o/b/ключ/x'), 'l/b/ключ/x');
  assert.equal(recordKeyOf('l/b/ключ/x'), 'o/b/ключ/x');
  assert.equal(summaryKeyOf('o/b/').length, 'o/b/'.length);
});
