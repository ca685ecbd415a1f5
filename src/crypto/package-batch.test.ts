import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { batchPlainLength, openSegmentsInto } from './package-batch.js';
import { sealAll } from './package-whole.js';
import { PACKAGE_SIZE, SEALED_PACKAGE_SIZE } from './package-format.js';
import { SSE_CIPHERS } from './cipher-suite.js';
import { selectAeadEngine, type AeadEngineName } from './aead-engine.js';

/** Every test below runs on each engine: the addon's one call per batch (libcrypto, or VAES for AES-256-GCM) and node:crypto's call per package. */
const ENGINES: readonly AeadEngineName[] = ['native', 'openssl', 'node'];
after(() => selectAeadEngine('auto'));

/** `bytes` cut at `cuts` (sorted offsets), each piece copied into shared memory. */
function sharedPieces(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const pieces: Buffer[] = [];
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    const piece = Buffer.from(new SharedArrayBuffer(cut - at + 8), 4, cut - at);
    bytes.copy(piece, 0, at, cut);
    pieces.push(piece);
    at = cut;
  }
  return pieces;
}

function randomCuts(length: number, n: number): number[] {
  return Array.from({ length: n }, () => randomInt(0, length + 1)).sort((a, b) => a - b);
}

for (const [engine, cipher] of ENGINES.flatMap((e) => SSE_CIPHERS.map((c) => [e, c] as const))) {
  test(`openSegmentsInto (${engine}, ${cipher}): any cut of the stored bytes opens as the whole batch in one segment does`, () => {
    selectAeadEngine(engine);
    const key = randomBytes(32);
    const plain = randomBytes(5 * PACKAGE_SIZE + 4321);
    const sealed = sealAll(key, cipher, plain);
    const batch = { key, cipher, firstSequence: 0, lastIsFinal: true } as const;
    const cutSets = [
      [], // one segment
      [SEALED_PACKAGE_SIZE, 2 * SEALED_PACKAGE_SIZE], // at package boundaries
      [SEALED_PACKAGE_SIZE - 3, SEALED_PACKAGE_SIZE - 3, SEALED_PACKAGE_SIZE + 1], // inside a tag, an empty piece
      [1, 2, 3, sealed.length - 1], // 1-byte pieces at both ends
      ...Array.from({ length: 20 }, () => randomCuts(sealed.length, randomInt(1, 12))),
    ];
    for (const cuts of cutSets) {
      const out = Buffer.alloc(batchPlainLength(sealed.length), 0xaa);
      const opened = openSegmentsInto(batch, sharedPieces(sealed, cuts), out);
      assert.equal(opened.error, undefined, `cuts ${cuts.join(',')}`);
      assert.equal(opened.plainLength, plain.length);
      assert.ok(out.equals(plain), `cuts ${cuts.join(',')}`);
    }
    const whole = Buffer.alloc(plain.length);
    assert.equal(openSegmentsInto(batch, [sealed], whole).plainLength, plain.length, 'one segment in ordinary memory');
    assert.ok(whole.equals(plain));
  });
}

for (const engine of ENGINES) {
  test(`openSegmentsInto (${engine}): a flipped byte in a package that spans segments fails there; the packages before it are kept, nothing after`, () => {
    selectAeadEngine(engine);
    const key = randomBytes(32);
    const plain = randomBytes(4 * PACKAGE_SIZE);
    const sealed = sealAll(key, 'aes-256-gcm', plain);
    const bad = Buffer.from(sealed);
    bad[2 * SEALED_PACKAGE_SIZE + 10]! ^= 1;
    const out = Buffer.alloc(plain.length, 0xaa);
    // Package 2 is cut in three pieces.
    const opened = openSegmentsInto({ key, cipher: 'aes-256-gcm', firstSequence: 0, lastIsFinal: true },
      sharedPieces(bad, [2 * SEALED_PACKAGE_SIZE + 5, 2 * SEALED_PACKAGE_SIZE + 500]), out);
    assert.equal(opened.plainLength, 2 * PACKAGE_SIZE);
    assert.match(opened.error ?? '', /package 2 failed authentication/);
    assert.ok(out.subarray(0, opened.plainLength).equals(plain.subarray(0, opened.plainLength)));
    assert.ok(out.subarray(opened.plainLength).every((x) => x === 0));
  });

  test(`openSegmentsInto (${engine}): a short non-final package is truncation; no bytes, a too small output or a wrong key throw RangeError`, () => {
    selectAeadEngine(engine);
    const key = randomBytes(32);
    const plain = randomBytes(2 * PACKAGE_SIZE);
    const sealed = sealAll(key, 'chacha20-poly1305', plain);
    const cut = sealed.subarray(0, SEALED_PACKAGE_SIZE + 100);
    const opened = openSegmentsInto({ key, cipher: 'chacha20-poly1305', firstSequence: 0, lastIsFinal: false },
      sharedPieces(cut, [SEALED_PACKAGE_SIZE + 50]), Buffer.alloc(2 * PACKAGE_SIZE));
    assert.equal(opened.plainLength, PACKAGE_SIZE);
    assert.match(opened.error ?? '', /package 1 is truncated/);
    const batch = { key, cipher: 'chacha20-poly1305', firstSequence: 0, lastIsFinal: true } as const;
    assert.throws(() => openSegmentsInto(batch, [], Buffer.alloc(10)), RangeError);
    assert.throws(() => openSegmentsInto(batch, [Buffer.alloc(0)], Buffer.alloc(10)), RangeError);
    assert.throws(() => openSegmentsInto(batch, sharedPieces(sealed, [100]), Buffer.alloc(plain.length - 1)), RangeError);
    assert.throws(() => openSegmentsInto({ ...batch, key: randomBytes(16) }, sharedPieces(sealed, []), Buffer.alloc(plain.length)), RangeError);
  });

  test(`openSegmentsInto (${engine}): a final package shorter than its tag, a final package opened as non-final, a non-final one as final: the packages before it only`, () => {
    selectAeadEngine(engine);
    const key = randomBytes(32);
    const plain = randomBytes(3 * PACKAGE_SIZE + 100);
    const sealed = sealAll(key, 'chacha20-poly1305', plain);
    const batch = { key, cipher: 'chacha20-poly1305', firstSequence: 0, lastIsFinal: true } as const;
    const cases = [
      // stored bytes, lastIsFinal, packages kept, error
      [Buffer.concat([sealed.subarray(0, 2 * SEALED_PACKAGE_SIZE), sealed.subarray(0, 9)]), true, 2, /package 2 is shorter than its tag/],
      [sealed, false, 3, /package 3 is truncated/],
      [sealed.subarray(0, 3 * SEALED_PACKAGE_SIZE), true, 2, /package 2 \(final\) failed authentication/],
    ] as const;
    for (const [stored, lastIsFinal, kept, error] of cases) {
      const out = Buffer.alloc(4 * PACKAGE_SIZE, 0xaa);
      const opened = openSegmentsInto({ ...batch, lastIsFinal }, sharedPieces(stored, [PACKAGE_SIZE, stored.length - 5]), out);
      assert.match(opened.error ?? '', error);
      assert.equal(opened.plainLength, kept * PACKAGE_SIZE);
      assert.ok(out.subarray(0, opened.plainLength).equals(plain.subarray(0, opened.plainLength)));
      assert.ok(out.subarray(opened.plainLength, batchPlainLength(stored.length)).every((x) => x === 0), 'nothing after them');
    }
    // A batch later in the stream: sequence numbers from firstSequence.
    const later = openSegmentsInto({ ...batch, firstSequence: 1 }, sharedPieces(sealed.subarray(SEALED_PACKAGE_SIZE), [70_000]), Buffer.alloc(3 * PACKAGE_SIZE));
    assert.equal(later.plainLength, plain.length - PACKAGE_SIZE);
    assert.equal(later.error, undefined);
  });
}
