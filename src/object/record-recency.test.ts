import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ObjectRecord, ObjectVersionRecord } from '../storage/format/index.js';
import { compareRecency, recordIdentity, visibleRecord } from './record-recency.js';

function v(writeId: string, mtime: number, metaWriteId?: string): ObjectVersionRecord {
  return {
    versionId: writeId, writeId, isDeleteMarker: false, mtime, size: 0, etag: '', contentType: '',
    userMetadata: {}, systemMetadata: {}, storageClass: 'STANDARD', ...(metaWriteId ? { metaWriteId } : {}),
  };
}

test('identity names versions, tag updates and removed writeIds; a tombstone is not absent', () => {
  const live: ObjectRecord = { versions: [v('b', 2, 'm'), v('a', 1)], removed: [] };
  assert.equal(recordIdentity(live), 'b:m,a');
  assert.equal(recordIdentity({ ...live, removed: [{ writeId: 'x', mtime: 0, at: 5 }] }), 'b:m,a|x');
  const tomb: ObjectRecord = { versions: [], removed: [{ writeId: 'a', mtime: 1, at: 5 }] };
  assert.notEqual(recordIdentity(tomb), recordIdentity(undefined));
  // The removal time is not part of the identity.
  assert.equal(recordIdentity(tomb), recordIdentity({ versions: [], removed: [{ writeId: 'a', mtime: 1, at: 9 }] }));
  assert.equal(visibleRecord(tomb), undefined);
  assert.equal(visibleRecord(live), live);
});

test('recency: the newest of the latest version and the newest removal; no record is the oldest', () => {
  const stale: ObjectRecord = { versions: [v('a', 1)], removed: [] };
  const tomb: ObjectRecord = { versions: [], removed: [{ writeId: 'a', mtime: 1, at: 5 }] };
  const newer: ObjectRecord = { versions: [v('c', 7)], removed: [{ writeId: 'a', mtime: 1, at: 5 }] };
  assert.ok(compareRecency(tomb, stale) < 0);
  assert.ok(compareRecency(stale, tomb) > 0);
  assert.ok(compareRecency(newer, tomb) < 0);
  assert.ok(compareRecency(stale, undefined) < 0);
  assert.equal(compareRecency(undefined, undefined), 0);
  // Same millisecond: the larger id is newer (a put right after the delete beats the tombstone).
  const same: ObjectRecord = { versions: [v('b', 5)], removed: [] };
  assert.ok(compareRecency(same, tomb) < 0);
});
