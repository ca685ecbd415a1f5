import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32 } from '../../test/helpers/seeded-random.js';
import { randomRecord } from '../../test/helpers/random-object-records.js';
import { decodeListingSummary, encodeListingSummary } from '../storage/format/index.js';
import { toObjectInfo } from './object-info.js';
import { compareRecency, recordIdentity, visibleRecord } from './record-recency.js';

// Listings merge and show summaries (list-merge.ts), GET/HEAD and heal the records: the
// answers the listing asks of a copy must be the same on both.
test('a summary has the identity, recency, visibility and ObjectInfo of its record', () => {
  const rand = mulberry32(2026);
  const pairs = Array.from({ length: 400 }, () => {
    const rec = randomRecord(rand);
    return { rec, sum: decodeListingSummary(encodeListingSummary(rec)) };
  });
  for (const [i, { rec, sum }] of pairs.entries()) {
    assert.equal(recordIdentity(sum), recordIdentity(rec), `identity ${i}`);
    assert.equal(visibleRecord(sum) === undefined, visibleRecord(rec) === undefined);
    rec.versions.forEach((v, j) => {
      const at = { bucket: 'b', key: `k${i}` };
      assert.deepEqual(toObjectInfo(at, sum.versions[j]!, j === 0), toObjectInfo(at, v, j === 0), `ObjectInfo ${i}/${j}`);
    });
    const other = pairs[(i + 1) % pairs.length]!;
    assert.equal(Math.sign(compareRecency(sum, other.sum)), Math.sign(compareRecency(rec, other.rec)), `recency ${i}`);
  }
});
