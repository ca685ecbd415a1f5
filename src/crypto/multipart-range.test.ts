/**
 * Multipart ranges: each part is its own stream under its own stream key; a range of the whole
 * object, read part by part from the stored ranges multipartSealedRanges names, gives the same
 * bytes as the plaintext, for a table of edges and seeded random ranges.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mulberry32 } from '../../test/helpers/seeded-random.js';
import { decryptOutcome, encryptAll } from '../../test/helpers/sse-streams.js';
import { deriveStreamKey, newObjectKey, newStreamIv, PACKAGE_SIZE as P, SEALED_PACKAGE_SIZE as S } from './index.js';
import { multipartSealedRanges } from './multipart-range.js';

it('maps an object range to per-part stored ranges', () => {
  const partSizes = [2 * P, P + 10, 5];
  assert.deepEqual(multipartSealedRanges({ partSizes, offset: 0, length: 1 }), [
    { partIndex: 0, firstSequence: 0, sealedOffset: 0, sealedLength: S, skip: 0, take: 1, endsAtFinal: false },
  ]);
  assert.deepEqual(multipartSealedRanges({ partSizes, offset: 2 * P - 1, length: 2 }), [
    { partIndex: 0, firstSequence: 1, sealedOffset: S, sealedLength: S, skip: P - 1, take: 1, endsAtFinal: true },
    { partIndex: 1, firstSequence: 0, sealedOffset: 0, sealedLength: S, skip: 0, take: 1, endsAtFinal: false },
  ]);
  assert.deepEqual(multipartSealedRanges({ partSizes, offset: 3 * P + 10, length: 5 }), [
    { partIndex: 2, firstSequence: 0, sealedOffset: 0, sealedLength: 21, skip: 0, take: 5, endsAtFinal: true },
  ]);
  assert.equal(multipartSealedRanges({ partSizes, offset: 0, length: 3 * P + 15 }).length, 3);
  for (const [offset, length] of [[0, 3 * P + 16], [-1, 1], [0, 0]] as const) {
    assert.throws(() => multipartSealedRanges({ partSizes, offset, length }), RangeError);
  }
});

it('random ranges of an encrypted multipart object decrypt part by part to the plaintext', async () => {
  const cipher = 'aes-256-gcm';
  const objectKey = newObjectKey();
  const partSizes = [P + 1, 3 * P, 1, 2 * P - 7];
  const parts = await Promise.all(partSizes.map(async (size) => {
    const plaintext = randomBytes(size);
    const key = deriveStreamKey(objectKey, newStreamIv());
    return { plaintext, key, sealed: await encryptAll({ key, cipher, plaintext }) };
  }));
  const whole = Buffer.concat(parts.map((p) => p.plaintext));
  const seed = Date.now() >>> 0;
  const random = mulberry32(seed);
  for (let i = 0; i < 30; i++) {
    const offset = Math.floor(random() * whole.length);
    const length = 1 + Math.floor(random() * (whole.length - offset));
    const out: Buffer[] = [];
    for (const r of multipartSealedRanges({ partSizes, offset, length })) {
      const part = parts[r.partIndex]!;
      const { emitted, error } = await decryptOutcome(part.sealed.subarray(r.sealedOffset, r.sealedOffset + r.sealedLength), {
        key: part.key, cipher, firstSequence: r.firstSequence, endsAtFinal: r.endsAtFinal, skip: r.skip, take: r.take,
      });
      assert.equal(error, undefined, `seed ${seed}`);
      out.push(emitted);
    }
    assert.ok(Buffer.concat(out).equals(whole.subarray(offset, offset + length)), `seed ${seed}: range ${offset}+${length}`);
  }
  // A part decrypted with another part's key (parts swapped in the record) fails.
  const swapped = await decryptOutcome(parts[1]!.sealed, { key: parts[0]!.key, cipher });
  assert.ok(swapped.error !== undefined && swapped.emitted.length === 0);
});
