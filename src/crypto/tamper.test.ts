/**
 * Every way of changing a stored stream fails with DecryptionFailedError, and the stream
 * never pushes a byte it did not verify: what it emitted before failing is exactly the
 * plaintext of the packages before the bad one (checked with a stream that records every push).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { DecryptionFailedError } from '../errors/domain-errors.js';
import { decryptOutcome, encryptAll, type DecryptOutcome } from '../../test/helpers/sse-streams.js';
import { PACKAGE_SIZE, SEALED_PACKAGE_SIZE, SSE_CIPHERS, type SseCipher } from './index.js';

/** 3 full packages and a short final one. */
const PLAIN_SIZE = 3 * PACKAGE_SIZE + 5000;
const PACKAGES = 4;

function assertFailedAfter(outcome: DecryptOutcome, plaintext: Buffer, goodPackages: number, what: string): void {
  assert.ok(outcome.error instanceof DecryptionFailedError, `${what}: fails with DecryptionFailedError, got ${String(outcome.error)}`);
  assert.equal(outcome.error.code, 'ERR_SSE_DECRYPTION_FAILED');
  assert.equal(outcome.emitted.length, goodPackages * PACKAGE_SIZE, `${what}: emitted only the ${goodPackages} packages before the bad one`);
  assert.ok(outcome.emitted.equals(plaintext.subarray(0, outcome.emitted.length)), `${what}: what was emitted is verified plaintext`);
}

const pkg = (sealed: Buffer, i: number): Buffer => sealed.subarray(i * SEALED_PACKAGE_SIZE, (i + 1) * SEALED_PACKAGE_SIZE);

for (const cipher of SSE_CIPHERS) {
  describe(`tampering with ${cipher}`, () => {
    const key = randomBytes(32);
    const plaintext = randomBytes(PLAIN_SIZE);
    let sealed: Buffer = Buffer.alloc(0);
    const decrypt = (bytes: Buffer, extra: { key?: Buffer; cipher?: SseCipher; chunkSize?: number } = {}): Promise<DecryptOutcome> =>
      decryptOutcome(bytes, { key: extra.key ?? key, cipher: extra.cipher ?? cipher, chunkSize: extra.chunkSize ?? 50_000 });

    it('encrypts the fixture', async () => {
      sealed = await encryptAll({ key, cipher, plaintext });
      assert.equal(sealed.length, PLAIN_SIZE + PACKAGES * 16);
      const ok = await decrypt(sealed);
      assert.equal(ok.error, undefined);
      assert.ok(ok.emitted.equals(plaintext));
    });

    it('a flipped bit at the start, middle, end of the ciphertext and in the tag of each package', async () => {
      for (let p = 0; p < PACKAGES; p++) {
        const start = p * SEALED_PACKAGE_SIZE;
        const end = Math.min(sealed.length, start + SEALED_PACKAGE_SIZE);
        for (const at of [start, Math.floor((start + end) / 2), end - 17, end - 16, end - 1]) {
          for (const bit of [0x01, 0x80]) {
            const bad = Buffer.from(sealed);
            bad[at]! ^= bit;
            assertFailedAfter(await decrypt(bad), plaintext, p, `bit ${bit} of byte ${at} (package ${p})`);
          }
        }
      }
    });

    it('two packages swapped', async () => {
      const swapped = Buffer.concat([pkg(sealed, 1), pkg(sealed, 0), sealed.subarray(2 * SEALED_PACKAGE_SIZE)]);
      assertFailedAfter(await decrypt(swapped), plaintext, 0, 'packages 0 and 1 swapped');
      const later = Buffer.concat([sealed.subarray(0, SEALED_PACKAGE_SIZE), pkg(sealed, 2), pkg(sealed, 1), sealed.subarray(3 * SEALED_PACKAGE_SIZE)]);
      assertFailedAfter(await decrypt(later), plaintext, 1, 'packages 1 and 2 swapped');
    });

    it('a package dropped from the middle or repeated', async () => {
      const dropped = Buffer.concat([pkg(sealed, 0), sealed.subarray(2 * SEALED_PACKAGE_SIZE)]);
      assertFailedAfter(await decrypt(dropped), plaintext, 1, 'package 1 dropped');
      const repeated = Buffer.concat([pkg(sealed, 0), pkg(sealed, 0), sealed.subarray(SEALED_PACKAGE_SIZE)]);
      assertFailedAfter(await decrypt(repeated), plaintext, 1, 'package 0 repeated');
    });

    it('truncated at each package boundary (the final package dropped) and to zero bytes', async () => {
      for (let p = 0; p < PACKAGES; p++) {
        // Packages 0..p-1 are intact; the last of them is then opened as final and fails.
        assertFailedAfter(await decrypt(sealed.subarray(0, p * SEALED_PACKAGE_SIZE)), plaintext, Math.max(0, p - 1), `cut to ${p} packages`);
      }
    });

    it('truncated in the middle of a package, and by one byte', async () => {
      for (const cut of [SEALED_PACKAGE_SIZE + 100, 2 * SEALED_PACKAGE_SIZE - 1, sealed.length - 1, sealed.length - 16, 10]) {
        const goodBefore = Math.floor(cut / SEALED_PACKAGE_SIZE);
        assertFailedAfter(await decrypt(sealed.subarray(0, cut)), plaintext, goodBefore, `cut at byte ${cut}`);
      }
    });

    it('a package appended after the final one, or stray bytes', async () => {
      const other = await encryptAll({ key, cipher, plaintext: randomBytes(5 * PACKAGE_SIZE) });
      // Package 4 of another stream under the same key is a valid package 4, but not after a final one.
      assertFailedAfter(await decrypt(Buffer.concat([sealed, pkg(other, 4)])), plaintext, 3, 'a valid package 4 appended');
      assertFailedAfter(await decrypt(Buffer.concat([sealed, Buffer.alloc(1)])), plaintext, 3, 'one byte appended');
      // The empty final package of an empty stream, appended.
      const empty = await encryptAll({ key, cipher, plaintext: Buffer.alloc(0) });
      assertFailedAfter(await decrypt(Buffer.concat([sealed, empty])), plaintext, 3, 'an empty package appended');
    });

    it('an exact multiple of the package size cut to fewer whole packages fails too', async () => {
      const whole = randomBytes(2 * PACKAGE_SIZE);
      const s = await encryptAll({ key, cipher, plaintext: whole });
      assert.equal(s.length, 2 * SEALED_PACKAGE_SIZE);
      assertFailedAfter(await decrypt(s.subarray(0, SEALED_PACKAGE_SIZE)), whole, 0, 'last full package dropped');
    });

    it('the wrong key or the other cipher', async () => {
      assertFailedAfter(await decrypt(sealed, { key: randomBytes(32) }), plaintext, 0, 'wrong key');
      const otherCipher: SseCipher = cipher === 'aes-256-gcm' ? 'chacha20-poly1305' : 'aes-256-gcm';
      assertFailedAfter(await decrypt(sealed, { cipher: otherCipher }), plaintext, 0, 'other cipher');
    });

    it('an empty stream: its one package tampered, or nothing at all', async () => {
      const empty = await encryptAll({ key, cipher, plaintext: Buffer.alloc(0) });
      const bad = Buffer.from(empty);
      bad[3]! ^= 1;
      assertFailedAfter(await decrypt(bad), Buffer.alloc(0), 0, 'empty stream tag flipped');
      assertFailedAfter(await decrypt(Buffer.alloc(0)), Buffer.alloc(0), 0, 'zero bytes');
    });
  });
}
