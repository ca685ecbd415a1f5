import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ObjectRecord, ObjectVersionRecord } from '../storage/format/index.js';
import { MAX_REMOVED, mergeRecord, undoMerge, type MergeChange } from './record-merge.js';

const layout = { k: 1, m: 0, blockSize: 1024, distribution: [0], bitrot: 'crc32c-1' };
function ver(writeId: string, mtime: number, o: Partial<ObjectVersionRecord> = {}): ObjectVersionRecord {
  return {
    versionId: 'null', writeId, isDeleteMarker: false, mtime, size: 1, etag: writeId, contentType: 'x',
    userMetadata: {}, systemMetadata: {}, storageClass: 'STANDARD', erasure: layout, dataId: writeId.padEnd(32, '0'), ...o,
  };
}

function applyAll(changes: readonly MergeChange[]): ObjectRecord | undefined {
  let rec: ObjectRecord | undefined;
  for (const c of changes) rec = mergeRecord(rec, c).record;
  return rec;
}

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [xs.slice()];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

test('concurrent null-version puts converge to the same winner in every order', () => {
  const puts: MergeChange[] = [
    { put: ver('a1', 100) }, { put: ver('b2', 300) }, { put: ver('c3', 300) }, { put: ver('d4', 200) },
  ];
  const results = permutations(puts).map((p) => JSON.stringify(applyAll(p)));
  assert.equal(new Set(results).size, 1);
  const rec = applyAll(puts)!;
  assert.equal(rec.versions.length, 1);
  assert.equal(rec.versions[0]!.writeId, 'c3'); // same mtime: larger writeId wins
});

test('versioned puts, a null put and a delete marker converge and stay sorted newest first', () => {
  const changes: MergeChange[] = [
    { put: ver('v1', 10, { versionId: 'v1' }) },
    { put: ver('v2', 20, { versionId: 'v2' }) },
    { put: ver('n1', 15) },
    { put: ver('m1', 30, { versionId: 'm1', isDeleteMarker: true, erasure: undefined, dataId: undefined }) },
  ];
  const results = permutations(changes).map((p) => JSON.stringify(applyAll(p)));
  assert.equal(new Set(results).size, 1);
  assert.deepEqual(applyAll(changes)!.versions.map((v) => v.writeId), ['m1', 'v2', 'n1', 'v1']);
});

test('a losing put reports its own data id as orphaned; a winning one the replaced id', () => {
  const base = mergeRecord(undefined, { put: ver('b', 200) });
  assert.deepEqual(base.addedDataIds, ['b'.padEnd(32, '0')]);
  const lose = mergeRecord(base.record, { put: ver('a', 100) });
  assert.equal(lose.isPutApplied, false);
  assert.deepEqual(lose.orphanedDataIds, ['a'.padEnd(32, '0')]);
  assert.deepEqual(lose.record, base.record);
  const win = mergeRecord(base.record, { put: ver('c', 300) });
  assert.equal(win.isPutApplied, true);
  assert.deepEqual(win.orphanedDataIds, ['b'.padEnd(32, '0')]);
  assert.deepEqual(win.removed.map((v) => v.writeId), ['b']);
});

test('a metadata-only rewrite that keeps the data id orphans nothing', () => {
  const base = mergeRecord(undefined, { put: ver('b', 200) });
  const same = mergeRecord(base.record, { put: ver('c', 300, { dataId: 'b'.padEnd(32, '0') }) });
  assert.equal(same.isPutApplied, true);
  assert.deepEqual(same.orphanedDataIds, []);
  assert.deepEqual(same.addedDataIds, []);
});

/** The removal of version `writeId` (mtime) at time `at`. */
const rm = (writeId: string, mtime: number, at: number): MergeChange => ({ remove: [{ writeId, mtime, at }] });

test('removal by writeId never removes a newer write that raced it; replays are idempotent', () => {
  const base = applyAll([{ put: ver('old', 100) }]);
  // delete observed 'old'; a newer put arrives before or after the delete: same end state.
  const a = applyAll([{ put: ver('old', 100) }, rm('old', 100, 150), { put: ver('new', 200) }]);
  const b = applyAll([{ put: ver('old', 100) }, { put: ver('new', 200) }, rm('old', 100, 150)]);
  assert.deepEqual(a, b);
  assert.deepEqual(a!.versions.map((v) => v.writeId), ['new']);
  assert.deepEqual(a!.removed, [{ writeId: 'old', mtime: 100, at: 150 }]);
  assert.deepEqual(mergeRecord(base, rm('old', 100, 150)).record, { versions: [], removed: [{ writeId: 'old', mtime: 100, at: 150 }] });
  const replay = mergeRecord(applyAll([{ put: ver('x', 1, { versionId: 'x' }) }]), { put: ver('x', 1, { versionId: 'x' }) });
  assert.equal(replay.isPutApplied, true);
  assert.equal(replay.record!.versions.length, 1);
});

test('in-place metadata updates converge in every order with puts, removals and each other', () => {
  const base: MergeChange[] = [{ put: ver('v1', 10, { versionId: 'v1' }) }, { put: ver('n1', 15) }];
  const concurrent: MergeChange[] = [
    { update: { writeId: 'v1', metaWriteId: 'b'.repeat(32), systemMetadata: { 'x-amz-tagging': 'b=2' } } },
    { update: { writeId: 'v1', metaWriteId: 'a'.repeat(32), systemMetadata: { 'x-amz-tagging': 'a=1' } } },
    { update: { writeId: 'n1', metaWriteId: 'c'.repeat(32), systemMetadata: { 'x-amz-tagging': 'c=3' } } },
    { put: ver('n2', 40) }, // replaces the null version n1: the update of n1 is then a no-op
    { put: ver('v3', 30, { versionId: 'v3' }) },
  ];
  const results = permutations(concurrent).map((p) => JSON.stringify(applyAll([...base, ...p])));
  assert.equal(new Set(results).size, 1);
  const rec = applyAll([...base, ...concurrent])!;
  assert.deepEqual(rec.versions.map((v) => v.writeId), ['n2', 'v3', 'v1']);
  const v1 = rec.versions[2]!;
  assert.deepEqual(v1.systemMetadata, { 'x-amz-tagging': 'b=2' });
  assert.equal(v1.metaWriteId, 'b'.repeat(32));
  assert.equal(v1.mtime, 10);
});

test('an update keeps the version, reports its previous state, and an older one is ignored', () => {
  const rec = applyAll([{ put: ver('v1', 10, { versionId: 'v1', systemMetadata: { 'cache-control': 'x' } }) }]);
  const up = mergeRecord(rec, { update: { writeId: 'v1', metaWriteId: '2'.repeat(32), systemMetadata: { t: '1' } } });
  assert.equal(up.isUpdateApplied, true);
  assert.equal(up.isPutApplied, false);
  assert.deepEqual(up.updatedFrom, rec!.versions[0]);
  assert.deepEqual(up.removed, []);
  assert.deepEqual(up.orphanedDataIds, []);
  assert.deepEqual(up.addedDataIds, []);
  const stale = mergeRecord(up.record, { update: { writeId: 'v1', metaWriteId: '1'.repeat(32), systemMetadata: { t: 'old' } } });
  assert.equal(stale.isUpdateApplied, false);
  assert.deepEqual(stale.record, up.record);
  const missing = mergeRecord(up.record, { update: { writeId: 'zz', metaWriteId: '3'.repeat(32), systemMetadata: {} } });
  assert.equal(missing.isUpdateApplied, false);
  assert.deepEqual(missing.record, up.record);
});

test('a removal leaves a tombstone: no versions, the removed entry, the data dir orphaned', () => {
  const base = applyAll([{ put: ver('old', 100) }]);
  const res = mergeRecord(base, rm('old', 100, 150));
  assert.deepEqual(res.record, { versions: [], removed: [{ writeId: 'old', mtime: 100, at: 150 }] });
  assert.deepEqual(res.removed.map((v) => v.writeId), ['old']);
  assert.deepEqual(res.orphanedDataIds, ['old'.padEnd(32, '0')]);
  assert.deepEqual(res.newRemovals, ['old']);
  // A drive that never had the version records the removal all the same.
  assert.deepEqual(mergeRecord(undefined, rm('old', 100, 150)).record, res.record);
  // Removing it again changes nothing and reports no new removal.
  const again = mergeRecord(res.record, rm('old', 100, 150));
  assert.deepEqual(again.record, res.record);
  assert.deepEqual(again.newRemovals, []);
});

test('a replayed put of a removed write is never applied (its data reported orphaned)', () => {
  const tomb = applyAll([{ put: ver('old', 100) }, rm('old', 100, 150)]);
  const replay = mergeRecord(tomb, { put: ver('old', 100) });
  assert.equal(replay.isPutApplied, false);
  assert.deepEqual(replay.record, tomb);
  assert.deepEqual(replay.orphanedDataIds, ['old'.padEnd(32, '0')]);
  assert.deepEqual(replay.addedDataIds, []);
  // Versioned: the removed version id stays gone; other versions are untouched.
  const vers = applyAll([{ put: ver('v1', 10, { versionId: 'v1' }) }, { put: ver('v2', 20, { versionId: 'v2' }) }, rm('v1', 10, 30)]);
  const back = mergeRecord(vers, { put: ver('v1', 10, { versionId: 'v1' }) });
  assert.equal(back.isPutApplied, false);
  assert.deepEqual(back.record!.versions.map((v) => v.writeId), ['v2']);
});

test('removals, replays, puts and updates converge in every order, on drives with or without the version', () => {
  const base: MergeChange[] = [{ put: ver('v1', 10, { versionId: 'v1' }) }];
  const concurrent: MergeChange[] = [
    rm('v1', 10, 50),
    { put: ver('v1', 10, { versionId: 'v1' }) }, // a late replay of the removed write
    { put: ver('v2', 20, { versionId: 'v2' }) },
    rm('v2', 20, 60),
    { update: { writeId: 'v1', metaWriteId: 'a'.repeat(32), systemMetadata: { t: '1' } } },
    { put: ver('n1', 40) },
    rm('v2', 20, 70), // a second delete of v2 (another process): the later removal time is kept
  ];
  const withBase = permutations(concurrent).map((p) => JSON.stringify(applyAll([...base, ...p])));
  const withoutBase = permutations(concurrent).map((p) => JSON.stringify(applyAll(p)));
  assert.equal(new Set([...withBase, ...withoutBase]).size, 1);
  const rec = applyAll([...base, ...concurrent])!;
  assert.deepEqual(rec.versions.map((v) => v.writeId), ['n1']);
  assert.deepEqual(rec.removed, [{ writeId: 'v2', mtime: 20, at: 70 }, { writeId: 'v1', mtime: 10, at: 50 }]);
});

test('the last removal of the key leaves a tombstone whatever the order of put and delete', () => {
  const orders = permutations<MergeChange>([{ put: ver('a', 1) }, rm('a', 1, 5)]).map((p) => applyAll(p));
  for (const rec of orders) assert.deepEqual(rec, { versions: [], removed: [{ writeId: 'a', mtime: 1, at: 5 }] });
});

test(`removed entries are bounded to the ${MAX_REMOVED} newest removals, the same set in any order`, () => {
  const n = MAX_REMOVED + 5;
  const removals = Array.from({ length: n }, (_, i) => rm(`w${String(i).padStart(5, '0')}`, i, 1000 + i));
  const forward = applyAll(removals)!;
  const backward = applyAll([...removals].reverse())!;
  assert.equal(forward.removed.length, MAX_REMOVED);
  assert.deepEqual(forward, backward);
  assert.equal(forward.removed[0]!.at, 1000 + n - 1, 'newest first');
  assert.equal(forward.removed[MAX_REMOVED - 1]!.at, 1000 + n - MAX_REMOVED, 'the oldest ones went');
  // A removal older than the bound still removes its version (it only leaves no entry).
  const live = mergeRecord(forward, { put: ver('old', 1, { versionId: 'old' }) }).record;
  const gone = mergeRecord(live, rm('old', 1, 2));
  assert.deepEqual(gone.record!.versions, []);
  assert.equal(gone.record!.removed.length, MAX_REMOVED);
});

test('undoMerge takes a removal back: the version returns and its removed entry is forgotten', () => {
  const base = applyAll([{ put: ver('v1', 10, { versionId: 'v1' }) }]);
  const applied = mergeRecord(base, rm('v1', 10, 50));
  const undone = undoMerge(applied.record, { dropWriteIds: [], forgetRemovals: applied.newRemovals, restore: applied.removed });
  assert.deepEqual(undone.record, base);
  assert.deepEqual(undone.addedDataIds, ['v1'.padEnd(32, '0')]);
  assert.deepEqual(undone.orphanedDataIds, []);
  // An entry the drive already had before the rolled-back removal stays.
  const had = applyAll([rm('v0', 1, 5), { put: ver('v1', 10, { versionId: 'v1' }) }]);
  const applied2 = mergeRecord(had, rm('v1', 10, 50));
  assert.deepEqual(undoMerge(applied2.record, { dropWriteIds: [], forgetRemovals: applied2.newRemovals, restore: applied2.removed }).record, had);
});

test('undoMerge takes a put back without leaving a removed entry', () => {
  const base = applyAll([{ put: ver('a', 1) }]);
  const applied = mergeRecord(base, { put: ver('b', 2) });
  const undone = undoMerge(applied.record, { dropWriteIds: ['b'], forgetRemovals: applied.newRemovals, restore: applied.removed });
  assert.deepEqual(undone.record, base);
  assert.deepEqual(undone.orphanedDataIds, ['b'.padEnd(32, '0')]);
  const first = mergeRecord(undefined, { put: ver('a', 1) });
  assert.equal(undoMerge(first.record, { dropWriteIds: ['a'], forgetRemovals: [], restore: [] }).record, undefined);
});
