import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ObjectRecord, ObjectVersionRecord } from '../../storage/format/index.js';
import type { DriveCopy } from './heal-plan.js';
import { planTombstoneGc, TOMBSTONE_GRACE_MS } from './tombstone-gc.js';

const v: ObjectVersionRecord = {
  versionId: 'v', writeId: 'v', isDeleteMarker: false, mtime: 1, size: 0, etag: '', contentType: '',
  userMetadata: {}, systemMetadata: {}, storageClass: 'STANDARD',
  erasure: { k: 2, m: 2, blockSize: 1, distribution: [0, 1, 2, 3], bitrot: 'x' }, inline: Buffer.alloc(0),
};
const G = TOMBSTONE_GRACE_MS;
const tomb: ObjectRecord = { versions: [], removed: [{ writeId: 'b', mtime: 2, at: 2_000 }, { writeId: 'a', mtime: 1, at: 1_000 }] };
const ok = (record: ObjectRecord): DriveCopy => ({ state: 'ok', record });
const all = (record: ObjectRecord): DriveCopy[] => [ok(record), ok(record), ok(record), ok(record)];

test('nothing is dropped before the grace, with a drive offline, or while the drives disagree', () => {
  assert.equal(planTombstoneGc({ copies: all(tomb), target: tomb, now: 1_000 + G - 1 }), undefined);
  const offline: DriveCopy[] = [...all(tomb).slice(0, 3), { state: 'offline' }];
  assert.equal(planTombstoneGc({ copies: offline, target: tomb, now: 10 * G }), undefined);
  const stale: DriveCopy[] = [...all(tomb).slice(0, 3), ok({ versions: [v], removed: [] })];
  assert.equal(planTombstoneGc({ copies: stale, target: tomb, now: 10 * G }), undefined);
  const corrupt: DriveCopy[] = [...all(tomb).slice(0, 3), { state: 'corrupt', raw: Buffer.alloc(1) }];
  assert.equal(planTombstoneGc({ copies: corrupt, target: tomb, now: 10 * G }), undefined);
  const live: ObjectRecord = { versions: [v], removed: [] };
  assert.equal(planTombstoneGc({ copies: all(live), target: live, now: 10 * G }), undefined, 'no removed entries');
});

test('expired entries are dropped; an empty tombstone is deleted; live versions stay', () => {
  const some = planTombstoneGc({ copies: all(tomb), target: tomb, now: 1_500 + G })!;
  assert.deepEqual(some.dropped.map((r) => r.writeId), ['a']);
  assert.deepEqual(some.target, { versions: [], removed: [tomb.removed[0]] });
  const every = planTombstoneGc({ copies: all(tomb), target: tomb, now: 2_000 + G })!;
  assert.equal(every.target, undefined);
  const mixed: ObjectRecord = { versions: [v], removed: tomb.removed };
  assert.deepEqual(planTombstoneGc({ copies: all(mixed), target: mixed, now: 3_000 + G })!.target, { versions: [v], removed: [] });
});

test('an entry removed at different times on different drives waits for the latest', () => {
  const later: ObjectRecord = { versions: [], removed: [{ writeId: 'b', mtime: 2, at: 2_000 }, { writeId: 'a', mtime: 1, at: 1_900 }] };
  const copies = [ok(tomb), ok(tomb), ok(tomb), ok(later)];
  const gc = planTombstoneGc({ copies, target: tomb, now: 1_500 + G });
  assert.equal(gc, undefined, 'drive 3 removed a later: not expired there yet');
  assert.deepEqual(planTombstoneGc({ copies, target: tomb, now: 1_900 + G })!.dropped.map((r) => r.writeId), ['a']);
});
