import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CorruptRecordError } from '../../errors/domain-errors.js';
import {
  decodeBucketConfigRecord, decodeBucketRecord, decodeDataIndexRecord, decodeObjectRecord, decodeObjectRecordGeneric,
  encodeBucketConfigRecord, encodeBucketRecord, encodeDataIndexRecord, encodeObjectRecord, type ObjectRecord,
} from './index.js';
import { frameRecord } from './record-codec.js';
import { formatFixtureBytes, formatFixtureRecord } from '../../../test/helpers/format-fixtures.js';

const fixtureJson = (name: string): ObjectRecord => formatFixtureRecord<ObjectRecord>(name);

/** The v1 fixture as today's decoder returns it: migrated to v2 (nothing removed). */
function expectedV1(): ObjectRecord {
  return { ...fixtureJson('object-record-v1'), removed: [] };
}

test('golden v1 object record fixture always decodes to the same record', () => {
  const bin = formatFixtureBytes('object-record-v1');
  assert.equal(bin[0], 0xca);
  assert.equal(String.fromCharCode(bin[1]!), 'O');
  assert.equal(bin[2], 1);
  const rec = decodeObjectRecord(bin);
  assert.deepEqual(rec, expectedV1());
  assert.equal(rec.versions.length, 3);
  assert.equal(rec.versions[0]!.isDeleteMarker, true);
  assert.equal(rec.versions[1]!.parts!.length, 2);
  assert.ok(Buffer.isBuffer(rec.versions[2]!.inline));
  assert.deepEqual(rec.removed, [], 'v1 -> v2 migration: nothing removed');
});

// The v2 fixtures were written once by encodeObjectRecord(fixtureJson(...)) when format v2 was
// introduced; they are never regenerated: they pin the v2 bytes as stored on drives. v2 -> v3
// changes no stored shape, so a v2 record re-encodes to the same payload under a v3 header.
for (const name of ['object-record-v2', 'object-record-v2-tombstone']) {
  test(`golden ${name} fixture always decodes to the same record and re-encodes to the same payload`, () => {
    const bin = formatFixtureBytes(name);
    assert.equal(bin[0], 0xca);
    assert.equal(String.fromCharCode(bin[1]!), 'O');
    assert.equal(bin[2], 2);
    const rec = decodeObjectRecord(bin);
    assert.deepEqual(rec, fixtureJson(name));
    assert.ok(rec.versions.every((v) => v.dataFile === undefined), 'a v2 version keeps its files in its data dir');
    const again = encodeObjectRecord(rec);
    assert.equal(again[2], 3);
    assert.ok(again.subarray(3).equals(bin.subarray(3)));
  });
}

// Written once by encodeObjectRecord(fixtureJson('object-record-v3')) when format v3 was
// introduced (a plain PUT's version with `dataFile`, an older data-dir version, a delete
// marker, a removal); never regenerated.
test('golden object-record-v3 fixture always decodes to the same record and re-encodes to the same bytes', () => {
  const bin = formatFixtureBytes('object-record-v3');
  assert.equal(bin[2], 3);
  const rec = decodeObjectRecord(bin);
  assert.deepEqual(rec, fixtureJson('object-record-v3'));
  assert.equal(rec.versions[0]!.dataFile, true);
  assert.equal(rec.versions[1]!.dataFile, undefined);
  assert.ok(encodeObjectRecord(rec).equals(bin));
  assert.deepEqual(decodeObjectRecordGeneric(bin), rec);
});

test('dataFile: only true, only on a single-part version with a dataId', () => {
  const v = fixtureJson('object-record-v3').versions[0]!;
  const parts = [{ number: 1, size: 5, etag: 'e' }];
  for (const [i, patch] of [{ dataFile: false }, { dataFile: 1 }, { dataFile: 'yes' }, { parts }].entries()) {
    const bin = frameRecord('O', 3, { versions: [{ ...v, ...patch }], removed: [] });
    assert.throws(() => decodeObjectRecord(bin), CorruptRecordError, `case ${i}`);
    assert.throws(() => decodeObjectRecordGeneric(bin), CorruptRecordError, `case ${i} (generic)`);
  }
  const { dataId: _d, ...noData } = v;
  assert.throws(() => decodeObjectRecord(frameRecord('O', 3, { versions: [{ ...noData, inline: Buffer.alloc(3) }], removed: [] })), CorruptRecordError);
});

test('v2 fixtures: removed entries of a live key, and a tombstone (no versions)', () => {
  const live = decodeObjectRecord(formatFixtureBytes('object-record-v2'));
  assert.equal(live.versions.length, 2);
  assert.equal(live.versions[0]!.metaWriteId, '01a21a3c24000000ffeeddccbbaa9988');
  assert.deepEqual(live.removed.map((r) => r.at), [1764200000900, 1764200000800]);
  const tomb = decodeObjectRecord(formatFixtureBytes('object-record-v2-tombstone'));
  assert.equal(tomb.versions.length, 0);
  assert.deepEqual(tomb.removed, [{ writeId: '01a21a3c22e00000aa992289f58fc2e5', mtime: 1764200000300, at: 1764200002000 }]);
});

test('malformed removed lists are CorruptRecordError', () => {
  const v = expectedV1().versions[2]!;
  const r = { writeId: 'ab'.repeat(16), mtime: 1, at: 5 };
  const cases: Buffer[] = [
    frameRecord('O', 2, { versions: [], removed: [] }),                          // neither versions nor removals
    frameRecord('O', 2, { versions: [v] }),                                      // v2 without removed
    frameRecord('O', 2, { versions: [v], removed: 'x' }),
    frameRecord('O', 2, { versions: [], removed: [{ ...r, at: -1 }] }),
    frameRecord('O', 2, { versions: [], removed: [{ ...r, writeId: 7 }] }),
    frameRecord('O', 2, { versions: [], removed: [{ writeId: r.writeId, at: 5 }] }),   // no mtime
    frameRecord('O', 2, { versions: [], removed: [{ ...r, at: 1 }, { ...r, writeId: 'cd'.repeat(16), at: 2 }] }), // oldest first
    frameRecord('O', 2, { versions: [], removed: [r, r] }),                      // twice
    frameRecord('O', 2, { versions: [v], removed: [{ ...r, writeId: v.writeId }] }), // removed and live
  ];
  for (const [i, c] of cases.entries()) {
    assert.throws(() => decodeObjectRecord(c), CorruptRecordError, `case ${i}`);
  }
});

test('encode/decode round trip preserves every field', () => {
  const rec = expectedV1();
  assert.deepEqual(decodeObjectRecord(encodeObjectRecord(rec)), rec);
});

test('encoded buffers own their memory (later encodes do not clobber them)', () => {
  const rec = expectedV1();
  const a = encodeObjectRecord(rec);
  const copy = Buffer.from(a);
  for (let i = 0; i < 50; i++) encodeObjectRecord({ versions: [{ ...rec.versions[0]!, etag: 'x'.repeat(i * 100) }], removed: [] });
  assert.ok(a.equals(copy));
});

test('garbage, truncation, unknown versions and wrong kinds are CorruptRecordError', () => {
  const good = encodeObjectRecord(expectedV1());
  const cases: Buffer[] = [
    Buffer.alloc(0),
    Buffer.from([0xca]),
    Buffer.from('not a record at all'),
    Buffer.concat([Buffer.from([0xcb]), good.subarray(1)]),          // bad magic
    Buffer.concat([good.subarray(0, 2), Buffer.from([4]), good.subarray(3)]), // future version
    Buffer.concat([good.subarray(0, 2), Buffer.from([0]), good.subarray(3)]), // version 0
    good.subarray(0, good.length - 7),                                 // truncated
    encodeBucketRecord({ name: 'b', created: 1, region: 'r' }),        // other kind
    frameRecord('O', 1, { versions: [] }),                             // v1 without versions
    frameRecord('O', 1, { versions: 'x' }),
    frameRecord('O', 1, [1, 2, 3]),
    frameRecord('O', 1, { versions: [{ versionId: 'null' }] }),         // missing fields
  ];
  const v = expectedV1().versions[2]!;
  const bad = (patch: Record<string, unknown>): Buffer => frameRecord('O', 1, { versions: [{ ...v, ...patch }] });
  cases.push(
    bad({ mtime: -1 }), bad({ size: 1.5 }), bad({ inline: undefined }), bad({ dataId: 'a'.repeat(32) }),
    bad({ erasure: { ...v.erasure!, distribution: [0, 1] } }), bad({ userMetadata: { a: 1 } }),
    bad({ checksum: { algorithm: 'MD5', type: 'FULL_OBJECT', value: 'x' } }), bad({ isDeleteMarker: 'no' }),
    bad({ dataId: '../../etc', inline: undefined }),
    frameRecord('O', 1, { versions: [v, v] }), // not strictly ordered
  );
  for (const [i, c] of cases.entries()) {
    assert.throws(() => decodeObjectRecord(c), CorruptRecordError, `case ${i}`);
  }
});

test('bucket, config and data index records round trip and reject each other', () => {
  const b = { name: 'my-bucket', created: 1764200000000, region: 'us-east-1' };
  assert.deepEqual(decodeBucketRecord(encodeBucketRecord(b)), b);
  const c = { mtime: 5, value: Buffer.from('<VersioningConfiguration/>') };
  assert.deepEqual(decodeBucketConfigRecord(encodeBucketConfigRecord(c)), c);
  const d = { bucket: 'b', key: 'k/ü', writeId: '01a21a3c22fe00006596b0e1d1b5d4fb' };
  assert.deepEqual(decodeDataIndexRecord(encodeDataIndexRecord(d)), d);
  assert.throws(() => decodeBucketRecord(encodeDataIndexRecord(d)), CorruptRecordError);
  assert.throws(() => decodeDataIndexRecord(encodeBucketConfigRecord(c)), CorruptRecordError);
  assert.throws(() => decodeBucketConfigRecord(frameRecord('C', 1, { mtime: 1 })), CorruptRecordError);
});

test('metaWriteId (in-place metadata update) is optional: round trips when set, rejected when malformed', () => {
  const rec = expectedV1();
  const updated: ObjectRecord = { ...rec, versions: rec.versions.map((v, i) => (i === 1 ? { ...v, metaWriteId: 'ab'.repeat(16) } : v)) };
  const back = decodeObjectRecord(encodeObjectRecord(updated));
  assert.deepEqual(back, updated);
  assert.equal(back.versions[0]!.metaWriteId, undefined);
  const bad: ObjectRecord = { ...rec, versions: rec.versions.map((v, i) => (i === 1 ? { ...v, metaWriteId: '../x' } : v)) };
  assert.throws(() => decodeObjectRecord(encodeObjectRecord(bad)), CorruptRecordError);
});

test('uploadId (the multipart upload a version came from) is optional: round trips when set, rejected when malformed', () => {
  const rec = expectedV1();
  const completed: ObjectRecord = { ...rec, versions: rec.versions.map((v, i) => (i === 1 ? { ...v, uploadId: 'cd'.repeat(16) } : v)) };
  const back = decodeObjectRecord(encodeObjectRecord(completed));
  assert.deepEqual(back, completed);
  assert.equal(back.versions[0]!.uploadId, undefined);
  const bad: ObjectRecord = { ...rec, versions: rec.versions.map((v, i) => (i === 1 ? { ...v, uploadId: 'not-an-id' } : v)) };
  assert.throws(() => decodeObjectRecord(encodeObjectRecord(bad)), CorruptRecordError);
});

test('parts[].file (a multipart version written in place) is optional: both decoders round trip it and reject a malformed one', () => {
  const rec = expectedV1();
  const i = rec.versions.findIndex((v) => v.dataId !== undefined);
  assert.ok(i >= 0, 'the fixture has a data-dir version');
  const file = `part.3.${'e1'.repeat(16)}`;
  const withParts = (f: string): ObjectRecord => ({
    ...rec,
    versions: rec.versions.map((v, j) => (j === i ? { ...v, parts: [{ number: 1, size: 5, etag: 'a'.repeat(32) }, { number: 3, size: 7, etag: 'b'.repeat(32), file: f }] } : v)),
  });
  const good = withParts(file);
  assert.deepEqual(decodeObjectRecord(encodeObjectRecord(good)), good);
  assert.deepEqual(decodeObjectRecordGeneric(encodeObjectRecord(good)), good);
  assert.equal(decodeObjectRecord(encodeObjectRecord(good)).versions[i]!.parts![0]!.file, undefined);
  for (const bad of ['part.3', `../part.3.${'e1'.repeat(16)}`, `part.3.${'E1'.repeat(16)}`]) {
    assert.throws(() => decodeObjectRecord(encodeObjectRecord(withParts(bad))), CorruptRecordError, bad);
  }
});
