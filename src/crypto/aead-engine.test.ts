import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHmac, randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DecryptionFailedError } from '../errors/domain-errors.js';
import { aeadEngine, nativeAead, selectAeadEngine, type AeadEngineName } from './aead-engine.js';
import { cipherId, open, openInto, seal, sealInto, SSE_CIPHERS, TAG_BYTES, type AeadInput } from './cipher-suite.js';
import { openAll, sealAll } from './package-whole.js';
import { openSegmentsInto } from './package-batch.js';
import { hmacSha256, hmacSha256Hex } from './hmac-sha256.js';
import { PACKAGE_SIZE, SEALED_PACKAGE_SIZE } from './package-format.js';

const SIZES = [0, 1, 15, 16, 17, 255, 256, 257, 4096, 65_535, 65_536, 100_000];
const ENGINES: readonly AeadEngineName[] = ['native', 'openssl', 'node'];

/** The CPU flags the addon's VAES AES-256-GCM needs (Linux /proc/cpuinfo). */
function cpuHasVaes(): boolean {
  try {
    const flags = new Set(/^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'latin1'))?.[1]?.trim().split(/\s+/) ?? []);
    return ['aes', 'pclmulqdq', 'avx512f', 'avx512bw', 'avx512vl', 'vaes', 'vpclmulqdq'].every((f) => flags.has(f));
  } catch {
    return false;
  }
}

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
  it('the native engine loads: the install built the addon and found libcrypto.so.3', () => {
    const status = selectAeadEngine('auto');
    assert.equal(status.nativeUnavailable, undefined, `native AEAD unavailable: ${status.nativeUnavailable}`);
    assert.equal(status.name, 'native');
    assert.match(status.detail, /OpenSSL 3\.\d+\.\d+/);
    assert.ok(nativeAead());
  });
  it('node selects node:crypto; openssl the addon on libcrypto alone; auto and native the addon with VAES where the CPU has it', () => {
    assert.equal(selectAeadEngine('node').name, 'node');
    assert.equal(nativeAead(), undefined);
    assert.match(aeadEngine().detail, /^node:crypto \(OpenSSL /);
    const openssl = selectAeadEngine('openssl');
    assert.equal(openssl.name, 'openssl');
    assert.match(openssl.detail, /^OpenSSL 3\.\d+\.\d+ .*\(system libcrypto\)$/);
    assert.equal(selectAeadEngine('native').name, 'native');
    const auto = selectAeadEngine('auto');
    assert.equal(auto.name, 'native');
    if (cpuHasVaes()) assert.match(auto.detail, /^AES-256-GCM on VAES\/AVX-512 \(native\/aead\), ChaCha20-Poly1305 on OpenSSL 3\./);
    else assert.match(auto.detail, /^OpenSSL 3\./);
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
        assert.ok(withEngine('native', () => seal(aead, plain)).equals(byNode), `native: ${size} bytes`);
        assert.ok(withEngine('native', () => open(aead, byNode, 'p')).equals(plain));
        for (const engine of ENGINES) {
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
      const sealed = withEngine('native', () => seal(aead, plain));
      const variants: [string, AeadInput, Buffer][] = [
        ['body byte', aead, Buffer.from(sealed).fill(sealed[10]! ^ 1, 10, 11)],
        ['tag byte', aead, Buffer.from(sealed).fill(sealed[sealed.length - 1]! ^ 0x80, sealed.length - 1)],
        ['nonce', { ...aead, nonce: Buffer.from(aead.nonce).fill(aead.nonce[11]! ^ 1, 11) }, sealed],
        ['aad', { ...aead, aad: Buffer.concat([aead.aad, Buffer.from([0])]) }, sealed],
        ['key', { ...aead, key: randomBytes(32) }, sealed],
      ];
      for (const engine of ENGINES) {
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
      assert.ok(withEngine('native', () => sealAll(key, cipher, plain)).equals(byNode));
      for (const engine of ENGINES) {
        const out = Buffer.alloc(plain.length + 100, 0xaa);
        const opened = withEngine(engine, () => openSegmentsInto({ key, cipher, firstSequence: 0, lastIsFinal: true }, [byNode], out));
        assert.equal(opened.error, undefined);
        assert.equal(opened.plainLength, plain.length);
        assert.ok(out.subarray(0, plain.length).equals(plain), engine);
        const bad = Buffer.from(byNode);
        bad[2 * SEALED_PACKAGE_SIZE + 5]! ^= 1;
        const badOut = Buffer.alloc(plain.length, 0xaa);
        const failed = withEngine(engine, () => openSegmentsInto({ key, cipher, firstSequence: 0, lastIsFinal: true }, [bad], badOut));
        assert.equal(failed.plainLength, 2 * PACKAGE_SIZE, `${engine}: the two packages before the changed one`);
        assert.match(failed.error ?? '', /package 2 failed authentication/);
        assert.ok(badOut.subarray(0, failed.plainLength).equals(plain.subarray(0, failed.plainLength)), `${engine}: verified packages kept`);
        assert.ok(badOut.subarray(failed.plainLength).every((x) => x === 0), `${engine}: nothing after them`);
        assert.throws(() => openSegmentsInto({ key, cipher, firstSequence: 0, lastIsFinal: true }, [byNode], Buffer.alloc(plain.length - 1)), RangeError);
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
      assert.ok(withEngine('native', () => hmacSha256(key, a, b)).equals(expected));
      assert.ok(withEngine('node', () => hmacSha256(key, a, b)).equals(expected));
    }
    // The hex form over a text's UTF-8 bytes (SigV4's strings to sign).
    for (const text of ['', 'AWS4-HMAC-SHA256\n20260101T000000Z\n20260101/us-east-1/s3/aws4_request\n' + 'f'.repeat(64), 'caf\u00e9 \u65e5\u672c \u{1F600}', 'x'.repeat(5000)]) {
      const key = randomBytes(32);
      const expected = createHmac('sha256', key).update(text, 'utf8').digest('hex');
      for (const engine of ENGINES) assert.equal(withEngine(engine, () => hmacSha256Hex(key, text)), expected, `${engine}, ${text.length} chars`);
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

  it('openPackages: nonces, aads, segments, package size and output are checked', () => {
    selectAeadEngine('openssl'); // throws when the addon cannot be used
    const native = nativeAead();
    assert.ok(native, 'the native engine is loaded');
    const id = cipherId('chacha20-poly1305');
    const key = randomBytes(32);
    const nonces = randomBytes(24);
    const aads = randomBytes(10);
    // Two packages of 100 stored bytes (84 of plaintext), the second one 60.
    const sealed = Buffer.concat([
      seal({ cipher: 'chacha20-poly1305', key, nonce: nonces.subarray(0, 12), aad: aads.subarray(0, 5) }, Buffer.alloc(84, 1)),
      seal({ cipher: 'chacha20-poly1305', key, nonce: nonces.subarray(12), aad: aads.subarray(5) }, Buffer.alloc(44, 2)),
    ]);
    const out = Buffer.alloc(128);
    assert.equal(native.openPackages(id, key, nonces, aads, [sealed.subarray(0, 99), sealed.subarray(99)], 100, out), 2);
    assert.ok(out.equals(Buffer.concat([Buffer.alloc(84, 1), Buffer.alloc(44, 2)])));
    assert.throws(() => native.openPackages(id, key, nonces.subarray(1), aads, [sealed], 100, out), RangeError);
    assert.throws(() => native.openPackages(id, key, Buffer.alloc(0), Buffer.alloc(0), [sealed], 100, out), RangeError);
    assert.throws(() => native.openPackages(id, key, nonces, aads.subarray(1), [sealed], 100, out), RangeError);
    assert.throws(() => native.openPackages(id, key, nonces, aads, sealed as unknown as Uint8Array[], 100, out), TypeError);
    assert.throws(() => native.openPackages(id, key, nonces, aads, [sealed, 'x' as unknown as Uint8Array], 100, out), TypeError);
    assert.throws(() => native.openPackages(id, key, nonces, aads, [sealed], 16, out), RangeError);
    assert.throws(() => native.openPackages(id, key, nonces, aads, [sealed.subarray(0, 115)], 100, out), RangeError, 'last package shorter than its tag');
    assert.throws(() => native.openPackages(id, key, nonces, aads, [sealed, Buffer.alloc(41)], 100, out), RangeError, 'more than n packages');
    assert.throws(() => native.openPackages(id, key, nonces, aads, [sealed], 100, out.subarray(1)), RangeError);
    const both = Buffer.alloc(300);
    sealed.copy(both);
    assert.throws(() => native.openPackages(id, key, nonces, aads, [both.subarray(0, 160)], 100, both.subarray(100)), RangeError, 'overlap');
    const bad = Buffer.from(sealed);
    bad[120]! ^= 1;
    const badOut = Buffer.alloc(128, 0xaa);
    assert.equal(native.openPackages(id, key, nonces, aads, [bad], 100, badOut), 1, 'stops at the package that does not verify');
    assert.ok(badOut.subarray(84).every((x) => x === 0), 'its plaintext zeroed');
  });
});

describe('AES-256-GCM on VAES/AVX-512 (native/aead/src/aes-gcm-vaes.cc)', { skip: !cpuHasVaes() && 'this CPU has no AVX-512 VAES + VPCLMULQDQ' }, () => {
  const id = cipherId('aes-256-gcm');
  function addon(): NonNullable<ReturnType<typeof nativeAead>> {
    selectAeadEngine('native');
    const native = nativeAead();
    assert.ok(native, 'the native engine is loaded');
    return native;
  }
  after(() => selectAeadEngine('auto'));

  it('is in force on this CPU, and can be switched per thread', () => {
    const native = addon();
    assert.equal(native.setAesGcm('libcrypto'), 'libcrypto');
    assert.equal(native.setAesGcm('vaes'), 'vaes');
    assert.equal(native.setAesGcm('auto'), 'vaes');
    assert.throws(() => native.setAesGcm('other' as 'auto'), RangeError);
  });

  it('the GCM spec\'s AES-256 test cases 13 and 14 (zero key and IV)', () => {
    const native = addon();
    native.setAesGcm('vaes');
    const key = Buffer.alloc(32);
    const nonce = Buffer.alloc(12);
    const empty = Buffer.alloc(16);
    native.seal(id, key, nonce, Buffer.alloc(0), Buffer.alloc(0), empty);
    assert.equal(empty.toString('hex'), '530f8afbc74536b9a963b4f1c4cb738b');
    const one = Buffer.alloc(32);
    native.seal(id, key, nonce, Buffer.alloc(0), Buffer.alloc(16), one);
    assert.equal(one.toString('hex'), 'cea7403d4d606b6e074ec5d3baf39d18' + 'd0d1c8a799996bf0265b98b5d48ab919');
  });

  it('the same ciphertext and tag as libcrypto and node:crypto for every length around 16 and 256 bytes, any aad; each opens the other', () => {
    const native = addon();
    const lengths = [0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 240, 255, 256, 257, 271, 272, 511, 512, 513, 767, 768, 1024, 4095, 65_535, 65_536, 65_552, 100_003];
    for (let trial = 0; trial < 400; trial++) {
      const length = trial < lengths.length * 4 ? lengths[trial % lengths.length]! : randomInt(0, 70_000);
      const aad = randomBytes([0, 1, 13, 16, 17, 32, 45][trial % 7]!);
      const key = randomBytes(32);
      const nonce = randomBytes(12);
      const plain = randomBytes(length);
      const c = createCipheriv('aes-256-gcm', key, nonce);
      c.setAAD(aad);
      const expected = Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
      native.setAesGcm('vaes');
      const sealed = Buffer.alloc(length + TAG_BYTES);
      native.seal(id, key, nonce, aad, plain, sealed);
      assert.ok(sealed.equals(expected), `seal ${length} bytes, aad ${aad.length}`);
      const opened = Buffer.alloc(length);
      assert.equal(native.open(id, key, nonce, aad, expected, opened), true);
      assert.ok(opened.equals(plain), `open ${length} bytes`);
      native.setAesGcm('libcrypto');
      const byLibcrypto = Buffer.alloc(length + TAG_BYTES);
      native.seal(id, key, nonce, aad, plain, byLibcrypto);
      assert.ok(byLibcrypto.equals(expected), `libcrypto ${length} bytes`);
      // In place, both ways.
      native.setAesGcm('vaes');
      const inPlace = Buffer.alloc(length + TAG_BYTES);
      plain.copy(inPlace);
      native.seal(id, key, nonce, aad, inPlace.subarray(0, length), inPlace);
      assert.ok(inPlace.equals(expected), `in place seal ${length}`);
      assert.equal(native.open(id, key, nonce, aad, inPlace, inPlace.subarray(0, length)), true);
      assert.ok(inPlace.subarray(0, length).equals(plain), `in place open ${length}`);
    }
  });

  it('a flipped bit anywhere (ciphertext, tag, aad, nonce) fails and leaves zeros', () => {
    const native = addon();
    native.setAesGcm('vaes');
    for (const length of [0, 5, 16, 300, 4096, 65_536]) {
      const key = randomBytes(32);
      const nonce = randomBytes(12);
      const aad = randomBytes(13);
      const sealed = Buffer.alloc(length + TAG_BYTES);
      native.seal(id, key, nonce, aad, randomBytes(length), sealed);
      for (let i = 0; i < 40; i++) {
        const bad = Buffer.from(sealed);
        bad[randomInt(0, bad.length)]! ^= 1 << randomInt(0, 8);
        const out = Buffer.alloc(length, 0xaa);
        assert.equal(native.open(id, key, nonce, aad, bad, out), false);
        assert.ok(out.every((b) => b === 0));
      }
      const badAad = Buffer.from(aad);
      badAad[randomInt(0, badAad.length)]! ^= 0x10;
      assert.equal(native.open(id, key, nonce, badAad, sealed, Buffer.alloc(length)), false);
      const badNonce = Buffer.from(nonce);
      badNonce[11]! ^= 1;
      assert.equal(native.open(id, key, badNonce, aad, sealed, Buffer.alloc(length)), false);
    }
  });

  it('keys alternating on one thread stay apart (the expanded-key cache)', () => {
    const native = addon();
    native.setAesGcm('vaes');
    const keys = [randomBytes(32), randomBytes(32)];
    const nonce = randomBytes(12);
    const plain = randomBytes(1000);
    const sealedBy = keys.map((key) => {
      const c = createCipheriv('aes-256-gcm', key, nonce);
      return Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
    });
    for (let round = 0; round < 6; round++) {
      const k = round % 2;
      const out = Buffer.alloc(plain.length + TAG_BYTES);
      native.seal(id, keys[k]!, nonce, Buffer.alloc(0), plain, out);
      assert.ok(out.equals(sealedBy[k]!));
      assert.equal(native.open(id, keys[1 - k]!, nonce, Buffer.alloc(0), sealedBy[k]!, Buffer.alloc(plain.length)), false);
    }
  });
});
