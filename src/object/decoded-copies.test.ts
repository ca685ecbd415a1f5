import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CorruptRecordError } from '../errors/domain-errors.js';
import { encodeObjectRecord, type ObjectRecord, type ObjectVersionRecord } from '../storage/format/index.js';
import { DecodedCopies } from './decoded-copies.js';

function version(writeId: string, inline?: Buffer): ObjectVersionRecord {
  return {
    versionId: 'null', writeId, isDeleteMarker: false, mtime: 1_765_000_000_000, size: 5, etag: 'e', contentType: 'text/plain',
    userMetadata: { a: 'b' }, systemMetadata: {}, storageClass: 'STANDARD',
    erasure: { k: 2, m: 2, blockSize: 1024, distribution: [0, 1, 2, 3], bitrot: 'crc32c-1' },
    ...(inline !== undefined ? { inline } : { dataId: 'a'.repeat(32), dataFile: true as const }),
  };
}
const record = (v: ObjectVersionRecord): ObjectRecord => ({ versions: [v], removed: [] });

test('equal copies decode once and share the record; different bytes decode on their own', () => {
  const copies = new DecodedCopies();
  const bytes = encodeObjectRecord(record(version('w1')));
  const first = copies.of(bytes);
  // A separate Buffer with the same bytes (another drive's copy) gets the same object back.
  assert.equal(copies.of(Buffer.from(bytes)), first);
  assert.deepEqual(first, record(version('w1')));
  // Each drive's inline shard makes its copy's bytes its own: decoded separately, and right.
  const inlineA = copies.of(encodeObjectRecord(record(version('w1', Buffer.from('aaaaa')))));
  const inlineB = copies.of(encodeObjectRecord(record(version('w1', Buffer.from('bbbbb')))));
  assert.notEqual(inlineA, inlineB);
  assert.deepEqual(inlineA.versions[0]!.inline, Buffer.from('aaaaa'));
  assert.deepEqual(inlineB.versions[0]!.inline, Buffer.from('bbbbb'));
  // A stale copy (another write) is not mistaken for the first.
  const stale = copies.of(encodeObjectRecord(record(version('w0'))));
  assert.notEqual(stale, first);
  assert.equal(stale.versions[0]!.writeId, 'w0');
  assert.equal(copies.of(Buffer.from(bytes)), first);
});

test('a copy that does not decode throws every time and leaves the others alone', () => {
  const copies = new DecodedCopies();
  const good = encodeObjectRecord(record(version('w1')));
  const bad = Buffer.from(good);
  bad[bad.length - 3] = 0xc1; // a byte msgpack never writes
  assert.throws(() => copies.of(bad), CorruptRecordError);
  assert.throws(() => copies.of(Buffer.from(bad)), CorruptRecordError);
  assert.equal(copies.of(good).versions[0]!.writeId, 'w1');
});
