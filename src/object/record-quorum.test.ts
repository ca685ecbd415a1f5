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
const rec = (...vs: ObjectVersionRecord[]): ObjectRecord => ({ versions: vs });

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
