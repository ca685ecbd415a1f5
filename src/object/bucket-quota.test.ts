import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeQuotaDoc, parseQuotaDoc, withinQuota } from './bucket-quota.js';

describe('bucket quota arithmetic', () => {
  it('lets a write fill the quota exactly and refuses one byte more; 0 is no quota; empty writes pass', () => {
    assert.equal(withinQuota(100, 60, 40), true);
    assert.equal(withinQuota(100, 60, 41), false);
    assert.equal(withinQuota(100, 150, 0), true, 'a 0-byte write adds nothing');
    assert.equal(withinQuota(0, 10 ** 15, 10 ** 12), true);
  });

  it('reads and writes MinIO\'s document; refuses other types and bad numbers', () => {
    assert.deepEqual(parseQuotaDoc(encodeQuotaDoc({ quota: 5, quotatype: 'hard' }).toString()), { quota: 5, quotatype: 'hard' });
    assert.deepEqual(parseQuotaDoc('{"quota":7}'), { quota: 7, quotatype: 'hard' });
    for (const bad of ['{"quota":1,"quotatype":"fifo"}', '{"quota":-1}', '{"quota":1.5}', '[]', 'x']) assert.throws(() => parseQuotaDoc(bad), RangeError, bad);
  });
});
