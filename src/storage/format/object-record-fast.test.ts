import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CorruptRecordError } from '../../errors/domain-errors.js';
import { mulberry32 } from '../../../test/helpers/seeded-random.js';
import { randomRecord } from '../../../test/helpers/random-object-records.js';
import { decodeObjectRecord, decodeObjectRecordGeneric, encodeObjectRecord, type ObjectRecord } from './index.js';
import { readObjectPayloadFast } from './object-record-fast.js';
import { frameRecord } from './record-codec.js';

// The fast path must return exactly what the generic path (msgpackr + field checks) returns,
// and decline (undefined) whatever it does not handle; decodeObjectRecord must agree with the
// generic path on every input, valid or not.

const fixture = (name: string): URL => new URL(`../../../../test/fixtures/format/${name}`, import.meta.url);

type Outcome = { ok: ObjectRecord } | { corrupt: true };
function outcome(fn: () => ObjectRecord): Outcome {
  try { return { ok: fn() }; } catch (err) {
    assert.ok(err instanceof CorruptRecordError, `unexpected ${String(err)}`);
    return { corrupt: true };
  }
}

test('golden fixtures: the fast path and the generic path decode the same record', () => {
  for (const name of ['object-record-v1', 'object-record-v2', 'object-record-v2-tombstone', 'object-record-v3']) {
    const bin = readFileSync(fixture(`${name}.bin`));
    assert.deepEqual(decodeObjectRecord(bin), decodeObjectRecordGeneric(bin), name);
  }
  const v2 = readFileSync(fixture('object-record-v2.bin'));
  assert.notEqual(readObjectPayloadFast(v2, 3), undefined, 'the v2 fixture takes the fast path');
  assert.notEqual(readObjectPayloadFast(readFileSync(fixture('object-record-v3.bin')), 3), undefined, 'the v3 fixture takes the fast path');
  assert.equal(readObjectPayloadFast(readFileSync(fixture('object-record-v1.bin')), 3)?.removed, undefined, 'v1 (no removed) is declined');
});

test('random records: same result on both paths, and they take the fast path', () => {
  const rand = mulberry32(15);
  let fastCount = 0;
  for (let i = 0; i < 2000; i++) {
    const rec = randomRecord(rand);
    const bin = encodeObjectRecord(rec);
    assert.deepEqual(decodeObjectRecord(bin), decodeObjectRecordGeneric(bin));
    assert.deepEqual(decodeObjectRecord(bin), rec);
    if (readObjectPayloadFast(bin, 3) !== undefined) fastCount++;
  }
  assert.equal(fastCount, 2000);
});

test('corrupted records: decodeObjectRecord agrees with the generic path (same record, or CorruptRecordError)', () => {
  const rand = mulberry32(7);
  for (let i = 0; i < 3000; i++) {
    const bin = Buffer.from(encodeObjectRecord(randomRecord(rand)));
    const kind = i % 4;
    let bad: Buffer;
    if (kind === 0) { bad = Buffer.from(bin); bad[3 + Math.floor(rand() * (bin.length - 3))] = Math.floor(rand() * 256); }
    else if (kind === 1) bad = bin.subarray(0, 3 + Math.floor(rand() * (bin.length - 3)));
    else if (kind === 2) bad = Buffer.concat([bin, Buffer.from([Math.floor(rand() * 256)])]);
    else { bad = Buffer.from(bin); for (let j = 0; j < 3; j++) bad[3 + Math.floor(rand() * (bin.length - 3))] ^= 1 << Math.floor(rand() * 8); }
    assert.deepEqual(outcome(() => decodeObjectRecord(bad)), outcome(() => decodeObjectRecordGeneric(bad)), `case ${i}`);
  }
});

test('shapes the fast path declines are still decoded or refused by the generic path', () => {
  const v = { versionId: 'null', writeId: 'a'.repeat(32), isDeleteMarker: true, mtime: 5, size: 0, etag: '', contentType: '', userMetadata: {}, systemMetadata: {}, storageClass: 'STANDARD' };
  const cases: unknown[] = [
    { versions: [{ ...v, extra: 1 }], removed: [] },            // unknown field: ignored by the generic path
    { versions: [v], removed: [], more: true },                  // unknown top-level field
    { versions: [{ ...v, mtime: -1 }], removed: [] },            // refused
    { versions: [{ ...v, mtime: 2 ** 53 }], removed: [] },       // not a safe integer: refused
    { versions: [{ ...v, size: 1.5 }], removed: [] },            // refused
    { versions: [{ ...v, userMetadata: { a: 1 } }], removed: [] }, // refused
    { versions: [], removed: [] },                               // empty: refused
  ];
  cases.forEach((payload, i) => {
    const bin = frameRecord('O', 2, payload);
    if (i < 6) assert.equal(readObjectPayloadFast(bin, 3), undefined, `case ${i} declined`);
    assert.deepEqual(outcome(() => decodeObjectRecord(bin)), outcome(() => decodeObjectRecordGeneric(bin)));
  });
  assert.equal((outcome(() => decodeObjectRecord(frameRecord('O', 2, cases[0]))) as { ok: ObjectRecord }).ok.versions.length, 1);
});
