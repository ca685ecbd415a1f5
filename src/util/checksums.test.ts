import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import {
  CHECKSUM_ALGORITHMS, CHECKSUM_HEADERS, checksumAlgorithmForHeader, checksumToBase64, compositeChecksum,
  computeChecksum, createChecksum, decodeChecksumValue, defaultChecksumType, fullObjectChecksum,
  isChecksumTypeSupported, parseChecksumAlgorithm, renderCompositeChecksum,
  type ChecksumAlgorithm, type ChecksumType,
} from './checksums.js';
import { crcCombine } from './crc-combine.js';
import type * as OL from '../object/object-layer.js';

// Compile-time: the unions declared in util/ are the object layer's.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const algSame: Same<ChecksumAlgorithm, OL.ChecksumAlgorithm> = true;
const typeSame: Same<ChecksumType, OL.ChecksumType> = true;

const CHECK = Buffer.from('123456789');

test('unions match object-layer', () => {
  assert.equal(algSame && typeSame, true);
});

test('known check values of "123456789"', () => {
  assert.equal(computeChecksum('CRC32', CHECK).toString('hex'), 'cbf43926');
  assert.equal(computeChecksum('CRC32C', CHECK).toString('hex'), 'e3069283');
  assert.equal(computeChecksum('CRC64NVME', CHECK).toString('hex'), 'ae8b14860a799888');
  assert.equal(computeChecksum('SHA1', CHECK).toString('hex'), 'f7c3bc1d808e04732adf679965ccc34ca7ae3441');
  assert.equal(
    computeChecksum('SHA256', CHECK).toString('hex'),
    '15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225',
  );
});

test('empty input', () => {
  assert.equal(computeChecksum('CRC32', Buffer.alloc(0)).toString('hex'), '00000000');
  assert.equal(computeChecksum('CRC32C', Buffer.alloc(0)).toString('hex'), '00000000');
  assert.equal(computeChecksum('CRC64NVME', Buffer.alloc(0)).toString('hex'), '0000000000000000');
  assert.equal(computeChecksum('SHA256', Buffer.alloc(0)).toString('hex'),
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

test('base64 rendering matches independent implementations (zlib, crypto)', () => {
  const data = Buffer.from('hello world');
  const z = Buffer.alloc(4);
  z.writeUInt32BE(zlib.crc32(data), 0);
  assert.equal(checksumToBase64(computeChecksum('CRC32', data)), z.toString('base64'));
  assert.equal(checksumToBase64(computeChecksum('SHA256', data)), createHash('sha256').update(data).digest('base64'));
});

test('incremental updates equal one-shot, for every algorithm and random splits', () => {
  const data = randomBytes(10_000 + 13);
  for (const alg of CHECKSUM_ALGORITHMS) {
    const whole = computeChecksum(alg, data);
    for (let trial = 0; trial < 20; trial++) {
      const h = createChecksum(alg);
      let off = 0;
      let guard = 0;
      while (off < data.length && guard++ < 10_000) {
        const n = 1 + Math.floor(Math.random() * 997);
        h.update(data.subarray(off, off + n));
        off += n;
      }
      assert.deepEqual(h.digest(), whole, `${alg} trial ${trial}`);
    }
  }
});

test('CRC64NVME slicing path equals the bytewise path', () => {
  const data = randomBytes(4096 + 5);
  const bytewise = createChecksum('CRC64NVME');
  for (let i = 0; i < data.length; i++) bytewise.update(data.subarray(i, i + 1));
  assert.deepEqual(bytewise.digest(), computeChecksum('CRC64NVME', data));
});

test('crcCombine(crc(a), crc(b), len(b)) == crc(a+b) for random splits', () => {
  for (const alg of ['CRC32', 'CRC32C', 'CRC64NVME'] as const) {
    for (let trial = 0; trial < 30; trial++) {
      const total = Math.floor(Math.random() * 5000);
      const data = randomBytes(total);
      const cut = Math.floor(Math.random() * (total + 1));
      const a = data.subarray(0, cut);
      const b = data.subarray(cut);
      const combined = crcCombine(alg, computeChecksum(alg, a), computeChecksum(alg, b), b.length);
      assert.deepEqual(combined, computeChecksum(alg, data), `${alg} total=${total} cut=${cut}`);
    }
  }
});

test('fullObjectChecksum over many parts equals the checksum of the whole', () => {
  for (const alg of ['CRC32', 'CRC32C', 'CRC64NVME'] as const) {
    const sizes = [0, 1, 7, 8, 4096, 100_003, 5, 0, 65_536];
    const bufs = sizes.map((s) => randomBytes(s));
    const parts = bufs.map((b) => ({ digest: computeChecksum(alg, b), size: b.length }));
    assert.deepEqual(fullObjectChecksum(alg, parts), computeChecksum(alg, Buffer.concat(bufs)), alg);
  }
  assert.equal(fullObjectChecksum('CRC32', []).toString('hex'), '00000000');
});

test('fullObjectChecksum handles lengths beyond 2^32 without the data (associativity check)', () => {
  // crc(A‖B‖C) computed as combine(combine(a,b),c) and combine(a, combine(b,c)) must agree,
  // also when the lengths are huge (the math never touches the bytes).
  for (const alg of ['CRC32', 'CRC64NVME'] as const) {
    const a = computeChecksum(alg, Buffer.from('a'));
    const b = computeChecksum(alg, Buffer.from('b'));
    const c = computeChecksum(alg, Buffer.from('c'));
    const lb = 5 * 1024 ** 4; // 5 TiB
    const lc = 2 ** 33 + 17;
    const left = crcCombine(alg, crcCombine(alg, a, b, lb), c, lc);
    const bc = crcCombine(alg, b, c, lc);
    const right = crcCombine(alg, a, bc, lb + lc);
    assert.deepEqual(left, right, alg);
  }
});

test('composite checksum = hash of the concatenated raw part digests, rendered base64-N', () => {
  const parts = [randomBytes(1000), randomBytes(2000), randomBytes(3)];
  for (const alg of ['CRC32', 'CRC32C', 'SHA1', 'SHA256'] as const) {
    const digests = parts.map((p) => computeChecksum(alg, p));
    const expected = computeChecksum(alg, Buffer.concat(digests));
    assert.deepEqual(compositeChecksum(alg, digests), expected);
    assert.equal(renderCompositeChecksum(alg, digests), `${expected.toString('base64')}-3`);
  }
  const sha = createHash('sha256');
  const digests = parts.map((p) => createHash('sha256').update(p).digest());
  for (const d of digests) sha.update(d);
  assert.equal(renderCompositeChecksum('SHA256', digests), `${sha.digest('base64')}-3`);
  assert.throws(() => compositeChecksum('CRC64NVME', []), RangeError);
  assert.throws(() => compositeChecksum('CRC32', [Buffer.alloc(3)]), RangeError);
});

test('type support rules and defaults', () => {
  assert.equal(isChecksumTypeSupported('SHA256', 'FULL_OBJECT'), false);
  assert.equal(isChecksumTypeSupported('SHA1', 'COMPOSITE'), true);
  assert.equal(isChecksumTypeSupported('CRC64NVME', 'COMPOSITE'), false);
  assert.equal(isChecksumTypeSupported('CRC64NVME', 'FULL_OBJECT'), true);
  assert.equal(isChecksumTypeSupported('CRC32', 'FULL_OBJECT'), true);
  assert.equal(isChecksumTypeSupported('CRC32C', 'COMPOSITE'), true);
  assert.equal(defaultChecksumType('CRC64NVME'), 'FULL_OBJECT');
  assert.equal(defaultChecksumType('CRC32'), 'COMPOSITE');
  assert.throws(() => fullObjectChecksum('SHA256', []), RangeError);
});

test('header names, parsing and base64 validation', () => {
  assert.equal(CHECKSUM_HEADERS.CRC64NVME, 'x-amz-checksum-crc64nvme');
  assert.equal(checksumAlgorithmForHeader('X-Amz-Checksum-CRC32C'), 'CRC32C');
  assert.equal(checksumAlgorithmForHeader('x-amz-checksum-md5'), undefined);
  assert.equal(parseChecksumAlgorithm('crc64nvme'), 'CRC64NVME');
  assert.equal(parseChecksumAlgorithm('md5'), undefined);
  const crc = computeChecksum('CRC32', CHECK).toString('base64');
  assert.deepEqual(decodeChecksumValue('CRC32', crc), Buffer.from('cbf43926', 'hex'));
  assert.equal(decodeChecksumValue('CRC32', 'AAAA'), undefined);
  assert.equal(decodeChecksumValue('CRC32', '!!!!!!=='), undefined);
  assert.equal(decodeChecksumValue('SHA256', crc), undefined);
  assert.throws(() => crcCombine('CRC32', Buffer.alloc(4), Buffer.alloc(4), -1), RangeError);
  assert.throws(() => crcCombine('CRC32', Buffer.alloc(8), Buffer.alloc(4), 1), RangeError);
});
