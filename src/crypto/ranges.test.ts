/**
 * Range reads: the stored range sealedRangeOf names, decrypted alone with its first sequence
 * number, final flag, skip and take, gives exactly the bytes of the full decryption, for
 * seeded random ranges (the seed is printed, to replay a failure) and every edge around
 * package boundaries. A range that is handed fewer packages than it needs fails.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { DecryptionFailedError } from '../errors/domain-errors.js';
import { mulberry32 } from '../../test/helpers/seeded-random.js';
import { decryptOutcome, encryptAll } from '../../test/helpers/sse-streams.js';
import { PACKAGE_SIZE as P, sealedRangeOf, SSE_CIPHERS } from './index.js';

for (const cipher of SSE_CIPHERS) {
  describe(`ranges with ${cipher}`, () => {
    const key = randomBytes(32);
    const sizes = [1, P, 2 * P, 4 * P + 999];

    async function checkRange(sealed: Buffer, plaintext: Buffer, offset: number, length: number): Promise<void> {
      const r = sealedRangeOf({ plainSize: plaintext.length, offset, length });
      const slice = sealed.subarray(r.sealedOffset, r.sealedOffset + r.sealedLength);
      assert.equal(slice.length, r.sealedLength, 'the stored range lies inside the stored stream');
      const { emitted, error } = await decryptOutcome(slice, {
        key, cipher, firstSequence: r.firstSequence, endsAtFinal: r.endsAtFinal, skip: r.skip, take: r.take, chunkSize: 30_000,
      });
      assert.equal(error, undefined, `range ${offset}+${length} of ${plaintext.length}`);
      assert.ok(emitted.equals(plaintext.subarray(offset, offset + length)), `range ${offset}+${length} of ${plaintext.length}`);
    }

    for (const size of sizes) {
      it(`edges and random ranges of a ${size}-byte object`, async () => {
        const plaintext = randomBytes(size);
        const sealed = await encryptAll({ key, cipher, plaintext });
        const edges = [0, 1, P - 1, P, P + 1, size - P, size - 1].filter((o) => o >= 0 && o < size);
        for (const offset of edges) {
          for (const length of [1, 2, P - 1, P, P + 1, size - offset]) {
            if (length >= 1 && offset + length <= size) await checkRange(sealed, plaintext, offset, length);
          }
        }
        const seed = (Date.now() ^ size) >>> 0;
        const random = mulberry32(seed);
        for (let i = 0; i < 40; i++) {
          const offset = Math.floor(random() * size);
          const length = 1 + Math.floor(random() * (size - offset));
          await checkRange(sealed, plaintext, offset, length).catch((err: Error) => {
            throw new Error(`seed ${seed}: ${err.message}`, { cause: err });
          });
        }
      });
    }

    it('a range given one package too few, or a package of the wrong position, fails', async () => {
      const plaintext = randomBytes(4 * P + 10);
      const sealed = await encryptAll({ key, cipher, plaintext });
      const r = sealedRangeOf({ plainSize: plaintext.length, offset: P + 3, length: 2 * P });
      const short = sealed.subarray(r.sealedOffset, r.sealedOffset + r.sealedLength - (P + 16));
      const cut = await decryptOutcome(short, { key, cipher, firstSequence: r.firstSequence, endsAtFinal: r.endsAtFinal, skip: r.skip, take: r.take });
      assert.ok(cut.error instanceof DecryptionFailedError, 'a short range fails');
      // Packages 1 and 2 verify (as middle packages); the stream then ends 3 bytes short of the range.
      assert.ok(cut.emitted.equals(plaintext.subarray(P + 3, 3 * P)), 'the verified packages of the range only');
      assert.match(String(cut.error), /3 bytes before the end of the range/);
      const shifted = await decryptOutcome(sealed.subarray(r.sealedOffset, r.sealedOffset + r.sealedLength), {
        key, cipher, firstSequence: r.firstSequence + 1, endsAtFinal: r.endsAtFinal, skip: r.skip, take: r.take,
      });
      assert.ok(shifted.error instanceof DecryptionFailedError, 'the wrong first sequence number fails');
      assert.equal(shifted.emitted.length, 0);
      const tail = sealedRangeOf({ plainSize: plaintext.length, offset: 4 * P, length: 10 });
      const notFinal = await decryptOutcome(sealed.subarray(tail.sealedOffset), { key, cipher, firstSequence: 4, endsAtFinal: false });
      assert.ok(notFinal.error instanceof DecryptionFailedError, 'the final package read as a middle one fails');
    });
  });
}
