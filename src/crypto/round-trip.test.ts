/**
 * EncryptStream -> DecryptStream round trips for both ciphers at the sizes around package
 * boundaries, fed in chunks of many sizes, and the stored size the format promises.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chunksOf, decryptOutcome, encryptAll } from '../../test/helpers/sse-streams.js';
import { encryptedSize, PACKAGE_SIZE, plaintextSize, SEALED_PACKAGE_SIZE, SSE_CIPHERS } from './index.js';

const SIZES = [0, 1, PACKAGE_SIZE - 1, PACKAGE_SIZE, PACKAGE_SIZE + 1, 5 * 1024 * 1024 + 3];
const CHUNKS = [1000, PACKAGE_SIZE, SEALED_PACKAGE_SIZE, 3 * PACKAGE_SIZE + 7, 1024 * 1024];

for (const cipher of SSE_CIPHERS) {
  describe(`round trip with ${cipher}`, () => {
    for (const size of SIZES) {
      it(`${size} bytes`, async () => {
        const key = randomBytes(32);
        const plaintext = randomBytes(size);
        const sealed = await encryptAll({ key, cipher, plaintext });
        assert.equal(sealed.length, encryptedSize(size));
        assert.equal(plaintextSize(sealed.length), size);
        const { emitted, error } = await decryptOutcome(sealed, { key, cipher });
        assert.equal(error, undefined);
        assert.ok(emitted.equals(plaintext), 'decrypted bytes equal the plaintext');
      });
    }

    it('the same bytes whatever the write and read chunk sizes', async () => {
      const key = randomBytes(32);
      const plaintext = randomBytes(3 * PACKAGE_SIZE + 12345);
      const reference = await encryptAll({ key, cipher, plaintext, chunkSize: plaintext.length });
      for (const chunkSize of [1, 7, ...CHUNKS]) {
        if (chunkSize === 1) {
          // Byte-by-byte only over a small input: 1-byte writes are slow, not different.
          const small = plaintext.subarray(0, PACKAGE_SIZE + 33);
          const a = await encryptAll({ key, cipher, plaintext: small, chunkSize: 1 });
          const b = await encryptAll({ key, cipher, plaintext: small, chunkSize: small.length });
          assert.ok(a.equals(b));
          const back = await decryptOutcome(a, { key, cipher, chunkSize: 1 });
          assert.ok(back.emitted.equals(small));
          continue;
        }
        const sealed = await encryptAll({ key, cipher, plaintext, chunkSize });
        assert.ok(sealed.equals(reference), `encrypting in ${chunkSize}-byte chunks gives the same bytes`);
        const { emitted, error } = await decryptOutcome(sealed, { key, cipher, chunkSize });
        assert.equal(error, undefined);
        assert.ok(emitted.equals(plaintext), `decrypting in ${chunkSize}-byte chunks`);
      }
    });

    it('an empty plaintext is one empty final package: 16 bytes', async () => {
      const sealed = await encryptAll({ key: randomBytes(32), cipher, plaintext: Buffer.alloc(0) });
      assert.equal(sealed.length, 16);
    });
  });
}

it('the two ciphers, and two keys, give different ciphertexts of the same plaintext', async () => {
  const key = randomBytes(32);
  const plaintext = Buffer.alloc(1000, 0x41);
  const gcm = await encryptAll({ key, cipher: 'aes-256-gcm', plaintext });
  const chacha = await encryptAll({ key, cipher: 'chacha20-poly1305', plaintext });
  const other = await encryptAll({ key: randomBytes(32), cipher: 'aes-256-gcm', plaintext });
  assert.notDeepEqual(gcm, chacha);
  assert.notDeepEqual(gcm, other);
  assert.equal(gcm.indexOf(Buffer.alloc(16, 0x41)), -1, 'no plaintext run in the ciphertext');
});

it('chunksOf cuts the last chunk short and gives none for no data', () => {
  assert.deepEqual(chunksOf(Buffer.from('abcde'), 2).map(String), ['ab', 'cd', 'e']);
  assert.deepEqual(chunksOf(Buffer.alloc(0), 2), []);
});
