import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { DecryptionFailedError } from '../errors/domain-errors.js';
import { cipherId, cipherOfId, defaultCipher, isSseCipher, open, seal, SSE_CIPHERS } from './cipher-suite.js';

describe('defaultCipher from /proc/cpuinfo', () => {
  const x86 = (flags: string): string => `processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: ${flags}\nbugs\t\t: spectre_v1\n`;
  it('x86 with aes: AES-256-GCM; without: ChaCha20-Poly1305', () => {
    assert.equal(defaultCipher(x86('fpu vme sse2 aes avx pclmulqdq')), 'aes-256-gcm');
    assert.equal(defaultCipher(x86('fpu vme sse2 avx pclmulqdq')), 'chacha20-poly1305');
    assert.equal(defaultCipher(x86('fpu vme aesni avx')), 'chacha20-poly1305', 'a flag that only contains "aes" does not count');
  });
  it('ARM Features line', () => {
    assert.equal(defaultCipher('processor\t: 0\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32\n'), 'aes-256-gcm');
    assert.equal(defaultCipher('processor\t: 0\nFeatures\t: fp asimd evtstrm crc32\n'), 'chacha20-poly1305');
  });
  it('every CPU must have it; unknown text or no cpuinfo: AES-256-GCM', () => {
    assert.equal(defaultCipher(`${x86('aes sse2')}\nprocessor\t: 1\n${x86('sse2')}`), 'chacha20-poly1305');
    assert.equal(defaultCipher(''), 'aes-256-gcm');
    assert.equal(defaultCipher(undefined), 'aes-256-gcm');
  });
});

describe('cipher ids', () => {
  it('each cipher has a stable id that maps back; unknown ids map to nothing', () => {
    assert.equal(cipherId('aes-256-gcm'), 1);
    assert.equal(cipherId('chacha20-poly1305'), 2);
    for (const c of SSE_CIPHERS) assert.equal(cipherOfId(cipherId(c)), c);
    assert.equal(cipherOfId(0), undefined);
    assert.equal(cipherOfId(3), undefined);
    assert.ok(isSseCipher('chacha20-poly1305'));
    assert.ok(!isSseCipher('aes-128-gcm'));
  });
});

for (const cipher of SSE_CIPHERS) {
  describe(`seal/open with ${cipher}`, () => {
    const input = { cipher, key: randomBytes(32), nonce: randomBytes(12), aad: Buffer.from('context') };
    it('round trip; ciphertext is plaintext length + 16', () => {
      for (const n of [0, 1, 1000]) {
        const p = randomBytes(n);
        const s = seal(input, p);
        assert.equal(s.length, n + 16);
        assert.ok(open(input, s, 'x').equals(p));
      }
    });
    it('any change of key, nonce, aad, ciphertext or tag fails with DecryptionFailedError', () => {
      const s = seal(input, Buffer.from('secret data'));
      const fails = (what: string, f: () => unknown): void => {
        assert.throws(f, (e: unknown) => e instanceof DecryptionFailedError && /failed authentication/.test(e.message), what);
      };
      fails('key', () => open({ ...input, key: randomBytes(32) }, s, 'x'));
      fails('nonce', () => open({ ...input, nonce: randomBytes(12) }, s, 'x'));
      fails('aad', () => open({ ...input, aad: Buffer.from('contexT') }, s, 'x'));
      for (let i = 0; i < s.length; i++) {
        const bad = Buffer.from(s);
        bad[i]! ^= 0x10;
        fails(`byte ${i}`, () => open(input, bad, 'x'));
      }
      assert.throws(() => open(input, s.subarray(0, 15), 'x'), /shorter than its tag/);
    });
  });
}
