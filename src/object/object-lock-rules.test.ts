/**
 * The Object Lock rules (AWS S3 User Guide, "How S3 Object Lock works",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html), and the storage of
 * a version's lock state in its system metadata.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ObjectRetention } from './object-layer.js';
import { lockSettingsOf, withLock, withoutLock } from './object-lock-metadata.js';
import { deletionBlock, isRetentionActive, mayChangeRetention } from './object-lock-rules.js';

const now = new Date('2026-06-01T12:00:00Z');
const later = new Date('2026-06-02T12:00:00Z');
const muchLater = new Date('2026-07-01T12:00:00Z');
const earlier = new Date('2026-05-01T12:00:00Z');
const plain = { now, bypassGovernance: false };
const bypass = { now, bypassGovernance: true };
const gov = (retainUntil: Date): ObjectRetention => ({ mode: 'GOVERNANCE', retainUntil });
const comp = (retainUntil: Date): ObjectRetention => ({ mode: 'COMPLIANCE', retainUntil });

test('retention is active until (not at) its retain-until date', () => {
  assert.equal(isRetentionActive(gov(later), now), true);
  assert.equal(isRetentionActive(gov(now), now), false);
  assert.equal(isRetentionActive(gov(earlier), now), false);
  assert.equal(isRetentionActive(undefined, now), false);
});

test('deletion: no lock state, expired retention and legal hold OFF allow it', () => {
  assert.equal(deletionBlock(undefined, plain), undefined);
  assert.equal(deletionBlock({ retention: comp(earlier) }, plain), undefined);
  assert.equal(deletionBlock({ legalHold: false }, plain), undefined);
});

test('deletion: COMPLIANCE retention blocks everyone until the date passes, bypass or not', () => {
  assert.equal(deletionBlock({ retention: comp(later) }, plain), 'retention');
  assert.equal(deletionBlock({ retention: comp(later) }, bypass), 'retention');
  assert.equal(deletionBlock({ retention: comp(later) }, { now: later, bypassGovernance: false }), undefined);
});

test('deletion: GOVERNANCE retention blocks unless the caller bypasses governance', () => {
  assert.equal(deletionBlock({ retention: gov(later) }, plain), 'retention');
  assert.equal(deletionBlock({ retention: gov(later) }, bypass), undefined);
});

test('deletion: a legal hold blocks regardless of mode, date and bypass', () => {
  assert.equal(deletionBlock({ legalHold: true }, bypass), 'legal-hold');
  assert.equal(deletionBlock({ legalHold: true, retention: gov(later) }, bypass), 'legal-hold');
  assert.equal(deletionBlock({ legalHold: true, retention: comp(earlier) }, plain), 'legal-hold');
});

test('retention change: extending (same mode, later or equal date) is always allowed', () => {
  assert.equal(mayChangeRetention(comp(later), comp(muchLater), plain), true);
  assert.equal(mayChangeRetention(comp(later), comp(later), plain), true);
  assert.equal(mayChangeRetention(gov(later), gov(muchLater), plain), true);
});

test('retention change: COMPLIANCE can not be shortened, removed or turned into GOVERNANCE, even with bypass', () => {
  assert.equal(mayChangeRetention(comp(muchLater), comp(later), bypass), false);
  assert.equal(mayChangeRetention(comp(later), undefined, bypass), false);
  assert.equal(mayChangeRetention(comp(later), gov(muchLater), bypass), false);
});

test('retention change: GOVERNANCE shortening, removal or mode change needs the bypass', () => {
  assert.equal(mayChangeRetention(gov(muchLater), gov(later), plain), false);
  assert.equal(mayChangeRetention(gov(muchLater), gov(later), bypass), true);
  assert.equal(mayChangeRetention(gov(later), undefined, plain), false);
  assert.equal(mayChangeRetention(gov(later), undefined, bypass), true);
  assert.equal(mayChangeRetention(gov(later), comp(muchLater), plain), false);
  assert.equal(mayChangeRetention(gov(later), comp(muchLater), bypass), true);
});

test('retention change: anything goes once the current retention is over (or when there is none)', () => {
  assert.equal(mayChangeRetention(comp(earlier), undefined, plain), true);
  assert.equal(mayChangeRetention(comp(earlier), gov(later), plain), true);
  assert.equal(mayChangeRetention(undefined, comp(later), plain), true);
});

test('lock state round-trips through system metadata, beside other entries', () => {
  const meta = withLock({ 'cache-control': 'no-cache' }, { retention: comp(later), legalHold: true });
  assert.deepEqual(meta, {
    'cache-control': 'no-cache',
    'x-amz-object-lock-mode': 'COMPLIANCE',
    'x-amz-object-lock-retain-until-date': '2026-06-02T12:00:00.000Z',
    'x-amz-object-lock-legal-hold': 'ON',
  });
  assert.deepEqual(lockSettingsOf(meta), { retention: comp(later), legalHold: true });
  assert.deepEqual(withoutLock(meta), { 'cache-control': 'no-cache' });
  assert.deepEqual(lockSettingsOf(withLock(meta, { legalHold: false })), { legalHold: false });
  assert.equal(lockSettingsOf({ 'cache-control': 'no-cache' }), undefined);
  assert.equal(lockSettingsOf(withLock(meta, undefined)), undefined);
});
