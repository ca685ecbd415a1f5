import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32 } from '../../../test/helpers/seeded-random.js';
import { CorruptRecordError } from '../../errors/domain-errors.js';
import { frameRecord } from '../../storage/format/index.js';
import { decodeUploadListing, decodeUploadRecord, decodeUploadRecordGeneric, encodeUploadRecord, type UploadListing, type UploadRecord } from './upload-record.js';
import { readUploadListingFast, readUploadPayloadFast } from './upload-record-fast.js';

// The fast path must return exactly the generic path's record and decline what it does not
// handle; decodeUploadRecord must agree with the generic path on every input.

function hex(rand: () => number): string {
  let s = '';
  for (let i = 0; i < 32; i++) s += '0123456789abcdef'[Math.floor(rand() * 16)];
  return s;
}

function randomUpload(rand: () => number): UploadRecord {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const k = pick([1, 2, 4]);
  const m = pick([0, 2]);
  return {
    bucket: pick(['b', 'bucket-name']), key: pick(['a', 'dir/ké y', '日本/x', 'x'.repeat(300)]), uploadId: hex(rand),
    initiated: 1_700_000_000_000 + Math.floor(rand() * 1e9), contentType: pick(['', 'text/plain', 'ünï']),
    userMetadata: rand() < 0.5 ? {} : { color: pick(['blue', 'ünï']) }, systemMetadata: rand() < 0.5 ? {} : { 'cache-control': 'no-cache' },
    storageClass: pick(['STANDARD', 'REDUCED_REDUNDANCY']),
    ...(rand() < 0.4 ? { checksumAlgorithm: pick(['CRC32', 'CRC64NVME', 'SHA256'] as const) } : {}),
    ...(rand() < 0.4 ? { checksumType: pick(['FULL_OBJECT', 'COMPOSITE'] as const) } : {}),
    layout: { k, m, blockSize: pick([1, 1 << 20]), distribution: Array.from({ length: k + m }, (_, i) => i), bitrot: 'crc32c-1' },
    // v2 (parts in place) names its data dir; v1 (staged parts) may carry a completing mark.
    ...(rand() < 0.5 ? { dataId: hex(rand) } : rand() < 0.4 ? { completingDataId: hex(rand) } : {}),
  };
}

/** What a listing shows of a whole record. */
function listingOf(u: UploadRecord): UploadListing {
  return {
    key: u.key, uploadId: u.uploadId, initiated: u.initiated, storageClass: u.storageClass, systemMetadata: u.systemMetadata,
    ...(u.checksumAlgorithm !== undefined ? { checksumAlgorithm: u.checksumAlgorithm } : {}),
    ...(u.checksumType !== undefined ? { checksumType: u.checksumType } : {}),
  };
}

/** decodeUploadListing's answer against the generic path's, as listings compare: the shown fields, or corrupt. */
function listingOutcome(fn: () => UploadListing): { ok: UploadListing } | { corrupt: true } {
  try {
    const u = fn();
    return { ok: 'bucket' in u ? listingOf(u as UploadRecord) : u };
  } catch (err) {
    assert.ok(err instanceof CorruptRecordError, `unexpected ${String(err)}`);
    return { corrupt: true };
  }
}

type Outcome = { ok: UploadRecord } | { corrupt: true };
function outcome(fn: () => UploadRecord): Outcome {
  try { return { ok: fn() }; } catch (err) {
    assert.ok(err instanceof CorruptRecordError, `unexpected ${String(err)}`);
    return { corrupt: true };
  }
}

test('random upload records: the fast path takes them and returns the generic result', () => {
  const rand = mulberry32(42);
  for (let i = 0; i < 2000; i++) {
    const u = randomUpload(rand);
    const bin = encodeUploadRecord(u);
    assert.deepEqual(readUploadPayloadFast(bin, 3, bin[2]!), decodeUploadRecordGeneric(bin), `record ${i}`);
    assert.deepEqual(decodeUploadRecord(bin), u);
    assert.deepEqual(readUploadListingFast(bin, 3, bin[2]!), listingOf(u), `listing ${i}`);
  }
});

test('corrupted upload records: decodeUploadRecord agrees with the generic path', () => {
  const rand = mulberry32(43);
  for (let i = 0; i < 3000; i++) {
    const bin = Buffer.from(encodeUploadRecord(randomUpload(rand)));
    let bad: Buffer;
    if (i % 3 === 0) { bad = Buffer.from(bin); bad[3 + Math.floor(rand() * (bin.length - 3))] = Math.floor(rand() * 256); }
    else if (i % 3 === 1) bad = bin.subarray(0, 3 + Math.floor(rand() * (bin.length - 3)));
    else bad = Buffer.concat([bin, Buffer.from([Math.floor(rand() * 256)])]);
    assert.deepEqual(outcome(() => decodeUploadRecord(bad)), outcome(() => decodeUploadRecordGeneric(bad)), `case ${i}`);
    // A listing accepts and refuses exactly the same records, though it checks some fields without making them.
    assert.deepEqual(listingOutcome(() => decodeUploadListing(bad)), listingOutcome(() => decodeUploadRecordGeneric(bad)), `listing case ${i}`);
  }
});

test('shapes the fast path declines are still decoded or refused by the generic path', () => {
  const base = encodeUploadRecord(randomUpload(mulberry32(1)));
  const payload = (overrides: Record<string, unknown>): Buffer => {
    const u = decodeUploadRecordGeneric(base);
    return frameRecord('U', 1, { ...u, layout: { ...u.layout }, ...overrides });
  };
  const cases = [
    payload({ extra: 1 }),                 // unknown field: ignored by the generic path
    payload({ checksumAlgorithm: 'MD5' }), // refused
    payload({ uploadId: 'nope' }),         // refused
    payload({ initiated: -5 }),            // refused
    payload({ checksumType: null }),       // nil optional: accepted by both
  ];
  cases.forEach((bin, i) => {
    assert.deepEqual(outcome(() => decodeUploadRecord(bin)), outcome(() => decodeUploadRecordGeneric(bin)), `case ${i}`);
    assert.deepEqual(listingOutcome(() => decodeUploadListing(bin)), listingOutcome(() => decodeUploadRecordGeneric(bin)), `listing case ${i}`);
  });
  assert.equal(readUploadPayloadFast(cases[0]!, 3, cases[0]![2]!), undefined);
});
