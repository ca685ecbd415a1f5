import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DecryptionFailedError } from '../errors/domain-errors.js';
import {
  encryptedSize, PACKAGE_SIZE as P, packageAad, packageCount, packageNonce, plaintextSize, SEALED_PACKAGE_SIZE as S, sealedRangeOf,
} from './package-format.js';

const KiB = 1024;

describe('sizes', () => {
  const table: Array<[plain: number, packages: number, sealed: number]> = [
    [0, 1, 16],
    [1, 1, 17],
    [P - 1, 1, P + 15],
    [P, 1, P + 16],
    [P + 1, 2, P + 1 + 32],
    [2 * P, 2, 2 * P + 32],
    [5 * KiB * KiB + 3, 81, 5 * KiB * KiB + 3 + 81 * 16],
    [5 * 1024 ** 4, 5 * 1024 ** 4 / P, 5 * 1024 ** 4 + (5 * 1024 ** 4 / P) * 16],
  ];
  for (const [plain, packages, sealed] of table) {
    it(`${plain} plaintext bytes: ${packages} packages, ${sealed} stored bytes, and back`, () => {
      assert.equal(packageCount(plain), packages);
      assert.equal(encryptedSize(plain), sealed);
      assert.equal(plaintextSize(sealed), plain);
    });
  }

  it('every plaintext size near package boundaries maps back to itself', () => {
    for (let n = 0; n <= 3 * P + 40; n += n < 40 || (n % P) > P - 40 || (n % P) < 40 ? 1 : 997) {
      assert.equal(plaintextSize(encryptedSize(n)), n, `size ${n}`);
    }
  });

  it('a stored size no plaintext encrypts to is refused', () => {
    for (const bad of [0, 1, 15, S + 1, S + 15, S + 16, 3 * S + 16]) {
      assert.throws(() => plaintextSize(bad), DecryptionFailedError, `stored size ${bad}`);
    }
    assert.throws(() => encryptedSize(-1), RangeError);
    assert.throws(() => plaintextSize(1.5), RangeError);
  });
});

describe('nonces and additional data', () => {
  it('nonce: 4 zero bytes then the big-endian sequence number', () => {
    assert.equal(packageNonce(0).toString('hex'), '000000000000000000000000');
    assert.equal(packageNonce(258).toString('hex'), '000000000000000000000102');
    assert.equal(packageNonce(2 ** 40).toString('hex'), '000000000000010000000000');
    assert.equal(packageNonce(2 ** 32 - 1).toString('hex'), '0000000000000000ffffffff');
    assert.equal(packageNonce(2 ** 32 + 5).toString('hex'), '000000000000000100000005');
    assert.equal(packageNonce(Number.MAX_SAFE_INTEGER).toString('hex'), '00000000001fffffffffffff');
  });

  it('aad: label, version, cipher id, final flag, sequence', () => {
    assert.equal(packageAad({ cipher: 'aes-256-gcm', sequence: 1, final: false }).toString('hex'),
      `${Buffer.from('CAIRN-SSE').toString('hex')}010100${'0000000000000001'}`);
    assert.equal(packageAad({ cipher: 'chacha20-poly1305', sequence: 0, final: true }).toString('hex'),
      `${Buffer.from('CAIRN-SSE').toString('hex')}010201${'0000000000000000'}`);
    assert.equal(packageAad({ cipher: 'aes-256-gcm', sequence: 2 ** 33 + 0x0102, final: false }).toString('hex'),
      `${Buffer.from('CAIRN-SSE').toString('hex')}010100${'0000000200000102'}`);
  });

  it('aad differs in each field it binds', () => {
    const seen = new Set<string>();
    for (const cipher of ['aes-256-gcm', 'chacha20-poly1305'] as const) {
      for (const final of [false, true]) {
        for (const sequence of [0, 1, 255, 256]) seen.add(packageAad({ cipher, final, sequence }).toString('hex'));
      }
    }
    assert.equal(seen.size, 16);
  });
});

describe('plaintext range -> stored range', () => {
  const size = 3 * P + 100; // packages 0..3, the last holds 100 bytes
  const table: Array<[offset: number, length: number, expect: ReturnType<typeof sealedRangeOf>]> = [
    [0, 1, { firstSequence: 0, sealedOffset: 0, sealedLength: S, skip: 0, take: 1, endsAtFinal: false }],
    [0, size, { firstSequence: 0, sealedOffset: 0, sealedLength: encryptedSize(size), skip: 0, take: size, endsAtFinal: true }],
    [P - 1, 2, { firstSequence: 0, sealedOffset: 0, sealedLength: 2 * S, skip: P - 1, take: 2, endsAtFinal: false }],
    [P, P, { firstSequence: 1, sealedOffset: S, sealedLength: S, skip: 0, take: P, endsAtFinal: false }],
    [P + 5, 2 * P, { firstSequence: 1, sealedOffset: S, sealedLength: 2 * S + 116, skip: 5, take: 2 * P, endsAtFinal: true }],
    [3 * P, 100, { firstSequence: 3, sealedOffset: 3 * S, sealedLength: 116, skip: 0, take: 100, endsAtFinal: true }],
    [size - 1, 1, { firstSequence: 3, sealedOffset: 3 * S, sealedLength: 116, skip: 99, take: 1, endsAtFinal: true }],
    [2 * P + 7, P - 7, { firstSequence: 2, sealedOffset: 2 * S, sealedLength: S, skip: 7, take: P - 7, endsAtFinal: false }],
  ];
  for (const [offset, length, expect] of table) {
    it(`bytes ${offset}..${offset + length - 1} of ${size}`, () => {
      assert.deepEqual(sealedRangeOf({ plainSize: size, offset, length }), expect);
    });
  }

  it('a plaintext of exactly whole packages ends at its last full package', () => {
    assert.deepEqual(sealedRangeOf({ plainSize: 2 * P, offset: P, length: P }),
      { firstSequence: 1, sealedOffset: S, sealedLength: S, skip: 0, take: P, endsAtFinal: true });
  });

  it('the whole of an empty plaintext is its one empty package', () => {
    assert.deepEqual(sealedRangeOf({ plainSize: 0, offset: 0, length: 0 }),
      { firstSequence: 0, sealedOffset: 0, sealedLength: 16, skip: 0, take: 0, endsAtFinal: true });
  });

  it('ranges outside the plaintext are refused', () => {
    for (const [offset, length] of [[0, size + 1], [size, 1], [-1, 2], [5, 0], [0.5, 1]] as const) {
      assert.throws(() => sealedRangeOf({ plainSize: size, offset, length }), RangeError, `${offset}+${length}`);
    }
  });
});
