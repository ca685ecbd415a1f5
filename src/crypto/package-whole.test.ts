import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { DecryptionFailedError } from '../errors/domain-errors.js';
import { PACKAGE_SIZE, PackageOpener, PackageSealer, SEALED_PACKAGE_SIZE, SSE_CIPHERS } from './index.js';
import { openAll, sealAll } from './package-whole.js';

function streamOpen(key: Buffer, cipher: (typeof SSE_CIPHERS)[number], sealed: Buffer): Buffer {
  const o = new PackageOpener(key, cipher);
  const out: Buffer[] = [];
  o.update(sealed, (p) => out.push(Buffer.from(p)));
  o.final((p) => out.push(Buffer.from(p)));
  o.checkComplete();
  return Buffer.concat(out);
}

for (const cipher of SSE_CIPHERS) {
  test(`sealAll / openAll (${cipher}): the stream format of PackageSealer / PackageOpener, every size class`, () => {
    const key = randomBytes(32);
    for (const size of [0, 1, 4096, PACKAGE_SIZE - 1, PACKAGE_SIZE, PACKAGE_SIZE + 1, 3 * PACKAGE_SIZE + 17]) {
      const plain = randomBytes(size);
      const sealed = sealAll(key, cipher, plain);
      assert.ok(openAll(key, cipher, sealed).equals(plain), `openAll ${size}`);
      assert.ok(streamOpen(key, cipher, sealed).equals(plain), `PackageOpener reads sealAll ${size}`);
      const s = new PackageSealer(key, cipher);
      const streamSealed = Buffer.concat([...s.update(plain), ...s.final()]);
      assert.equal(streamSealed.length, sealed.length);
      assert.ok(openAll(key, cipher, streamSealed).equals(plain), `openAll reads PackageSealer ${size}`);
    }
  });

  test(`PackageSealer.packagesOf / finalPackage (${cipher}): the same stream as update / final, whatever the chunking, in one reused buffer`, () => {
    const key = randomBytes(32);
    const plain = randomBytes(5 * PACKAGE_SIZE + 333);
    const expected = sealAll(key, cipher, plain);
    for (const cut of [1000, PACKAGE_SIZE - 7, PACKAGE_SIZE, PACKAGE_SIZE + 1, 3 * PACKAGE_SIZE + 5, plain.length]) {
      const s = new PackageSealer(key, cipher);
      const copies: Buffer[] = [];
      const buffers = new Set<ArrayBufferLike>();
      for (let at = 0; at < plain.length; at += cut) {
        for (const p of s.packagesOf(plain.subarray(at, Math.min(plain.length, at + cut)))) {
          buffers.add(p.buffer);
          copies.push(Buffer.from(p)); // the consumer copies before it asks for the next
        }
      }
      const last = s.finalPackage();
      buffers.add(last.buffer);
      copies.push(Buffer.from(last));
      assert.ok(Buffer.concat(copies).equals(expected), `chunks of ${cut}`);
      assert.equal(buffers.size, 1, `chunks of ${cut}: every package in the sealer's one buffer`);
    }
    const empty = new PackageSealer(key, cipher);
    assert.ok(Buffer.from(empty.finalPackage()).equals(sealAll(key, cipher, Buffer.alloc(0))), 'an empty stream is one empty final package');
  });

  test(`openAll (${cipher}): flipped, truncated, reordered, appended and emptied streams fail, returning nothing`, () => {
    const key = randomBytes(32);
    const plain = randomBytes(3 * PACKAGE_SIZE + 100);
    const sealed = sealAll(key, cipher, plain);
    const at = (i: number): number => i * SEALED_PACKAGE_SIZE;
    const flipped = Buffer.from(sealed);
    flipped[at(2) + 5]! ^= 1;
    const swapped = Buffer.concat([sealed.subarray(at(1), at(2)), sealed.subarray(at(0), at(1)), sealed.subarray(at(2))]);
    const cases: [string, Buffer][] = [
      ['flipped byte', flipped],
      ['cut at a package boundary', sealed.subarray(0, at(2))],
      ['cut inside a package', sealed.subarray(0, at(3) + 50)],
      ['packages swapped', swapped],
      ['bytes appended', Buffer.concat([sealed, randomBytes(20)])],
      ['a whole package appended', Buffer.concat([sealed.subarray(0, at(3)), sealed.subarray(0, at(1)), sealed.subarray(at(3))])],
      ['empty', Buffer.alloc(0)],
      ['shorter than a tag', sealed.subarray(0, 10)],
    ];
    for (const [what, bytes] of cases) assert.throws(() => openAll(key, cipher, bytes), DecryptionFailedError, what);
    assert.throws(() => openAll(randomBytes(32), cipher, sealed), DecryptionFailedError, 'another key');
  });
}
