import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ObjectRecord, ObjectVersionRecord } from '../storage/format/index.js';
import { mergeRecord, type MergeChange } from './record-merge.js';

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

test('removal by writeId never removes a newer write that raced it; replays are idempotent', () => {
  const base = applyAll([{ put: ver('old', 100) }]);
  // delete observed 'old'; a newer put arrives before or after the delete: same end state.
  const a = applyAll([{ put: ver('old', 100) }, { removeWriteIds: ['old'] }, { put: ver('new', 200) }]);
  const b = applyAll([{ put: ver('old', 100) }, { put: ver('new', 200) }, { removeWriteIds: ['old'] }]);
  assert.deepEqual(a, b);
  assert.deepEqual(a!.versions.map((v) => v.writeId), ['new']);
  assert.equal(mergeRecord(base, { removeWriteIds: ['old'] }).record, undefined);
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
