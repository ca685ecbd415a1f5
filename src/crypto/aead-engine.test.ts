import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { DecryptionFailedError } from '../errors/domain-errors.js';
import { aeadEngine, nativeAead, selectAeadEngine, type AeadEngineName } from './aead-engine.js';
import { cipherId, open, openInto, seal, sealInto, SSE_CIPHERS, TAG_BYTES, type AeadInput } from './cipher-suite.js';
import { openAll, sealAll } from './package-whole.js';
import { openBatchInto } from './package-batch.js';
import { hmacSha256 } from './hmac-sha256.js';
import { PACKAGE_SIZE, SEALED_PACKAGE_SIZE } from './package-format.js';

const SIZES = [0, 1, 15, 16, 17, 4096, 65_535, 65_536, 100_000];

function withEngine<T>(name: AeadEngineName, fn: () => T): T {
  const before = aeadEngine().name;
  selectAeadEngine(name);
  try {
    return fn();
  } finally {
    selectAeadEngine(before);
  }
}

function input(cipher: AeadInput['cipher']): AeadInput {
  return { cipher, key: randomBytes(32), nonce: randomBytes(12), aad: randomBytes(23) };
}

after(() => selectAeadEngine('auto'));

describe('AEAD engine selection', () => {
  it('the native engine (system libcrypto) loads: the install built the addon and found libcrypto.so.3', () => {
    const status = selectAeadEngine('auto');
    assert.equal(status.nativeUnavailable, undefined, `native AEAD unavailable: ${status.nativeUnavailable}`);
    assert.equal(status.name, 'openssl');
    assert.match(status.detail, /^OpenSSL 3\.\d+\.\d+/);
    assert.ok(nativeAead());
  });
  it('node selects node:crypto; auto and openssl select the addon again', () => {
    assert.equal(selectAeadEngine('node').name, 'node');
    assert.equal(nativeAead(), undefined);
    assert.match(aeadEngine().detail, /^node:crypto \(OpenSSL /);
    assert.equal(selectAeadEngine('openssl').name, 'openssl');
    assert.equal(selectAeadEngine('auto').name, 'openssl');
  });
});

for (const cipher of SSE_CIPHERS) {
  describe(`${cipher}: the system libcrypto and node:crypto write and read the same bytes`, () => {
    it('seal: identical ciphertext and tag for every size; each opens the other', () => {
      for (const size of SIZES) {
        const aead = input(cipher);
        const plain = randomBytes(size);
        const byNode = withEngine('node', () => seal(aead, plain));
        const byOpenssl = withEngine('openssl', () => seal(aead, plain));
        assert.ok(byOpenssl.equals(byNode), `${size} bytes`);
        for (const engine of ['openssl', 'node'] as const) {
          const into = Buffer.alloc(plain.length + TAG_BYTES);
          withEngine(engine, () => sealInto(aead, plain, into));
          assert.ok(into.equals(byNode), `${engine}: sealInto ${size} bytes`);
          assert.throws(() => withEngine(engine, () => sealInto(aead, plain, Buffer.alloc(plain.length + TAG_BYTES - 1))), RangeError);
        }
        assert.ok(withEngine('node', () => open(aead, byOpenssl, 'p')).equals(plain));
        assert.ok(withEngine('openssl', () => open(aead, byNode, 'p')).equals(plain));
      }
    });

    it('a changed byte, tag, nonce, aad or key fails; openInto leaves zeros', () => {
      const aead = input(cipher);
      const plain = randomBytes(5000);
      const sealed = withEngine('openssl', () => seal(aead, plain));
      const variants: [string, AeadInput, Buffer][] = [
        ['body byte', aead, Buffer.from(sealed).fill(sealed[10]! ^ 1, 10, 11)],
        ['tag byte', aead, Buffer.from(sealed).fill(sealed[sealed.length - 1]! ^ 0x80, sealed.length - 1)],
        ['nonce', { ...aead, nonce: Buffer.from(aead.nonce).fill(aead.nonce[11]! ^ 1, 11) }, sealed],
        ['aad', { ...aead, aad: Buffer.concat([aead.aad, Buffer.from([0])]) }, sealed],
        ['key', { ...aead, key: randomBytes(32) }, sealed],
      ];
      for (const engine of ['openssl', 'node'] as const) {
        for (const [what, a, s] of variants) {
          const out = Buffer.alloc(plain.length, 0xaa);
          assert.throws(() => withEngine(engine, () => openInto(a, s, out, 'pkg')), DecryptionFailedError, `${engine}: ${what}`);
          assert.ok(out.every((b) => b === 0), `${engine}: ${what}: output zeroed`);
          assert.throws(() => withEngine(engine, () => open(a, s, 'pkg')), /pkg failed authentication/);
        }
      }
    });

    it('opens in place, and keys alternating between calls on one thread stay apart', () => {
      const a = input(cipher);
      const b = input(cipher);
      const pa = randomBytes(70_000);
      const pb = randomBytes(3);
      for (let round = 0; round < 3; round++) {
        const sa = seal(a, pa);
        const sb = seal(b, pb);
        assert.ok(sa.equals(withEngine('node', () => seal(a, pa))));
        assert.ok(sb.equals(withEngine('node', () => seal(b, pb))));
        const inPlace = Buffer.from(sa);
        openInto(a, inPlace, inPlace.subarray(0, pa.length), 'a');
        assert.ok(inPlace.subarray(0, pa.length).equals(pa));
        assert.ok(open(b, sb, 'b').equals(pb));
        assert.throws(() => open(a, sb, 'b under a'), DecryptionFailedError);
      }
    });

    it('whole buffers and batches of packages agree across engines', () => {
      const key = randomBytes(32);
      const plain = randomBytes(3 * PACKAGE_SIZE + 777);
      const byNode = withEngine('node', () => sealAll(key, cipher, plain));
      const byOpenssl = withEngine('openssl', () => sealAll(key, cipher, plain));
      assert.ok(byOpenssl.equals(byNode));
      assert.ok(withEngine('node', () => openAll(key, cipher, byOpenssl)).equals(plain));
      assert.ok(withEngine('openssl', () => openAll(key, cipher, byNode)).equals(plain));
      for (const engine of ['openssl', 'node'] as const) {
        const out = Buffer.alloc(plain.length + 100, 0xaa);
        const opened = withEngine(engine, () => openBatchInto({ key, cipher, firstSequence: 0, lastIsFinal: true }, byNode, byNode.length, out));
        assert.equal(opened.error, undefined);
        assert.equal(opened.plainLength, plain.length);
        assert.ok(out.subarray(0, plain.length).equals(plain), engine);
        const bad = Buffer.from(byNode);
        bad[2 * SEALED_PACKAGE_SIZE + 5]! ^= 1;
        const badOut = Buffer.alloc(plain.length, 0xaa);
        const failed = withEngine(engine, () => openBatchInto({ key, cipher, firstSequence: 0, lastIsFinal: true }, bad, bad.length, badOut));
        assert.equal(failed.plainLength, 2 * PACKAGE_SIZE, `${engine}: the two packages before the changed one`);
        assert.match(failed.error ?? '', /package 2 failed authentication/);
        assert.ok(badOut.subarray(0, failed.plainLength).equals(plain.subarray(0, failed.plainLength)), `${engine}: verified packages kept`);
        assert.ok(badOut.subarray(failed.plainLength).every((x) => x === 0), `${engine}: nothing after them`);
        assert.throws(() => openBatchInto({ key, cipher, firstSequence: 0, lastIsFinal: true }, byNode, byNode.length, Buffer.alloc(plain.length - 1)), RangeError);
      }
    });
  });
}

describe('HMAC-SHA256 of the key derivations: the same bytes on both engines as createHmac', () => {
  it('keys of 32 and 100 bytes, empty and non-empty parts', () => {
    for (const [key, a, b] of [
      [randomBytes(32), Buffer.from('CAIRN-SSE stream key v1\0', 'latin1'), randomBytes(32)],
      [randomBytes(32), Buffer.alloc(0), randomBytes(16)],
      [randomBytes(100), randomBytes(7), Buffer.alloc(0)],
    ] as const) {
      const expected = createHmac('sha256', key).update(a).update(b).digest();
      assert.ok(withEngine('openssl', () => hmacSha256(key, a, b)).equals(expected));
      assert.ok(withEngine('node', () => hmacSha256(key, a, b)).equals(expected));
    }
    selectAeadEngine('openssl'); // throws when the addon cannot be used
    const native = nativeAead();
    assert.ok(native, 'the native engine is loaded');
    assert.throws(() => native.hmacSha256(Buffer.alloc(0), Buffer.alloc(1), Buffer.alloc(1), Buffer.alloc(32)), RangeError);
    assert.throws(() => native.hmacSha256(randomBytes(32), Buffer.alloc(1), Buffer.alloc(1), Buffer.alloc(31)), RangeError);
  });
});

describe('native addon argument checks', () => {
  it('wrong sizes, wrong types, an unknown cipher and partly overlapping buffers are refused', () => {
    selectAeadEngine('openssl'); // throws when the addon cannot be used
    const native = nativeAead();
    assert.ok(native, 'the native engine is loaded');
    const key = randomBytes(32);
    const nonce = randomBytes(12);
    const aad = Buffer.alloc(0);
    const id = cipherId('aes-256-gcm');
    assert.throws(() => native.seal(id, key.subarray(1), nonce, aad, Buffer.alloc(4), Buffer.alloc(20)), RangeError);
    assert.throws(() => native.seal(id, key, nonce.subarray(1), aad, Buffer.alloc(4), Buffer.alloc(20)), RangeError);
    assert.throws(() => native.seal(id, key, nonce, aad, Buffer.alloc(4), Buffer.alloc(19)), RangeError);
    assert.throws(() => native.open(id, key, nonce, aad, Buffer.alloc(15), Buffer.alloc(0)), RangeError);
    assert.throws(() => native.seal(0, key, nonce, aad, Buffer.alloc(4), Buffer.alloc(20)), RangeError);
    assert.throws(() => native.seal(3, key, nonce, aad, Buffer.alloc(4), Buffer.alloc(20)), RangeError);
    assert.throws(() => native.seal(id, key, nonce, 'aad' as unknown as Uint8Array, Buffer.alloc(4), Buffer.alloc(20)), TypeError);
    assert.throws(() => native.seal(id, key, nonce, aad, new Uint16Array(2) as unknown as Uint8Array, Buffer.alloc(20)), TypeError);
    const shared = Buffer.alloc(64);
    assert.throws(() => native.seal(id, key, nonce, aad, shared.subarray(8, 24), shared.subarray(0, 32)), RangeError);
    native.seal(id, key, nonce, aad, shared.subarray(0, 16), shared.subarray(0, 32)); // exactly in place
    assert.equal(native.open(id, key, nonce, aad, shared.subarray(0, 32), shared.subarray(0, 16)), true);
  });
});
