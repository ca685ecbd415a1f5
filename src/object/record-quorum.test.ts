import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ObjectRecord, ObjectVersionRecord } from '../storage/format/index.js';
import { pickRecord } from './record-quorum.js';

function v(writeId: string, mtime: number): ObjectVersionRecord {
  return {
    versionId: writeId, writeId, isDeleteMarker: false, mtime, size: 0, etag: '', contentType: '',
    userMetadata: {}, systemMetadata: {}, storageClass: 'STANDARD',
    erasure: { k: 2, m: 2, blockSize: 1, distribution: [0, 1, 2, 3], bitrot: 'x' }, inline: Buffer.alloc(0),
  };
}
const rec = (...vs: ObjectVersionRecord[]): ObjectRecord => ({ versions: vs, removed: [] });

test('the newest record agreed by a read quorum wins; stale minorities lose', () => {
  const a = rec(v('a', 1));
  const b = rec(v('b', 2), v('a', 1));
  assert.equal(pickRecord([b, b, b, a], 2), b);
  assert.equal(pickRecord([a, b, b, undefined], 2), b);
  // A newer record on a single drive (failed write) does not beat the quorum's.
  const c = rec(v('c', 3), v('b', 2), v('a', 1));
  assert.equal(pickRecord([c, b, b, b], 2), b);
  // Absent on a quorum: the key does not exist.
  assert.equal(pickRecord([undefined, undefined, undefined, a], 2), undefined);
  // Two quorate identities (torn after failures): the newer wins.
  assert.equal(pickRecord([a, a, b, b], 2), b);
});

test('torn state: fall back to the newest record whose latest version is readable', () => {
  const a = rec(v('a', 1));
  const b = rec(v('b', 2), v('a', 1));
  const c = rec(v('c', 3), v('a', 1));
  // No identity has 2 copies; 'a' (inside b and c too) is held by 3 drives, 'c' and 'b' by one.
  assert.equal(pickRecord([a, b, c], 2), a);
  assert.equal(pickRecord([b, c], 1), c);
  assert.equal(pickRecord([], 1), undefined);
});

const removal = (writeId: string, mtime: number, at: number): ObjectRecord['removed'][number] => ({ writeId, mtime, at });
const tomb = (...removed: ObjectRecord['removed'][number][]): ObjectRecord => ({ versions: [], removed });

test('a tombstone is a record, not "absent": it out-votes stale copies and wins when newer', () => {
  const a = rec(v('a', 1));
  const t = tomb(removal('a', 1, 5));
  assert.equal(pickRecord([t, t, t, a], 2), t);
  assert.equal(pickRecord([t, t, a, undefined], 2), t);
  // Both quorate (torn after failures): the removal is newer than the version it removed.
  assert.equal(pickRecord([a, a, t, t], 2), t);
  // A tombstone on a quorum beats "absent" on a quorum (both read as not found).
  assert.equal(pickRecord([t, t, undefined, undefined], 2), t);
  // A put newer than the removal wins over the bare tombstone.
  const b = { versions: [v('b', 9)], removed: [removal('a', 1, 5)] };
  assert.equal(pickRecord([b, b, t, t], 2), b);
});

test('torn state: a drive that saw the delete beats the stale drive that missed it', () => {
  // Unversioned delete: the stale drive still has the object, the other one the tombstone.
  const a = rec(v('a', 1));
  const t = tomb(removal('a', 1, 5));
  assert.equal(pickRecord([a, t], 2), t);
  assert.equal(pickRecord([t, a], 2), t);
  // Delete by versionId: the older version v0 is still readable from both drives.
  const stale = rec(v('v1', 2), v('v0', 1));
  const seen = { versions: [v('v0', 1)], removed: [removal('v1', 2, 6)] };
  assert.equal(pickRecord([stale, seen], 2), seen);
  // A stale copy with a newer put than the removal wins (the removal is older).
  const newer = rec(v('c', 7), v('a', 1));
  assert.equal(pickRecord([newer, t], 1), newer);
});
