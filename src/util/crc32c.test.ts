import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { crc32c as reference } from '@node-rs/crc32';
import { crc32c, crc32cImplementation } from './crc32c.js';

describe('crc32c', () => {
  it('runs on the native addon on x86-64 (npm ci built it), on @node-rs/crc32 elsewhere', () => {
    const impl = crc32cImplementation();
    if (process.arch === 'x64') {
      assert.equal(impl.nativeUnavailable, undefined, `native CRC-32C unavailable: ${impl.nativeUnavailable}`);
      assert.equal(impl.name, 'native');
    } else {
      assert.equal(impl.name, '@node-rs/crc32');
      assert.match(impl.nativeUnavailable ?? '', /SSE4\.2|not built|not installed/);
    }
  });

  it('known values (RFC 3720 B.4 and the usual check value)', () => {
    assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
    assert.equal(crc32c(Buffer.alloc(0)), 0);
    assert.equal(crc32c(Buffer.alloc(32, 0)), 0x8a9136aa);
    assert.equal(crc32c(Buffer.alloc(32, 0xff)), 0x62a8ab43);
    assert.equal(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => i))), 0x46dd794e);
    assert.equal(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => 31 - i))), 0x113fdb5c);
  });

  it('equals @node-rs/crc32 for every length around the stream blocks, at every alignment, with any initial value', () => {
    const data = randomBytes(3 * 8192 * 2 + 3 * 256 * 3 + 64);
    const lengths = [0, 1, 7, 8, 9, 255, 256, 767, 768, 769, 1000, 4096, 24_575, 24_576, 24_577, 25_344, 49_152, 50_000, data.length - 8];
    for (const length of lengths) {
      for (let offset = 0; offset < 8; offset++) {
        const view = data.subarray(offset, offset + length);
        assert.equal(crc32c(view), reference(view) >>> 0, `length ${length} offset ${offset}`);
        const initial = randomInt(0, 2 ** 32);
        assert.equal(crc32c(view, initial), reference(view, initial) >>> 0, `length ${length} offset ${offset} initial ${initial}`);
      }
    }
    for (let i = 0; i < 2000; i++) {
      const offset = randomInt(0, 64);
      const view = data.subarray(offset, offset + randomInt(0, data.length - 64));
      assert.equal(crc32c(view), reference(view) >>> 0);
    }
  });

  it('continues a previous result, and reads a Uint8Array view exactly', () => {
    const data = randomBytes(1 << 20);
    const cut = 123_457;
    assert.equal(crc32c(data.subarray(cut), crc32c(data.subarray(0, cut))), crc32c(data));
    const u8 = new Uint8Array(data.buffer, data.byteOffset + 3, 70_001);
    assert.equal(crc32c(u8), reference(Buffer.from(u8)) >>> 0);
  });

  it('a flipped bit anywhere changes it', () => {
    const data = randomBytes(100_000);
    const sum = crc32c(data);
    for (let i = 0; i < 200; i++) {
      const at = randomInt(0, data.length);
      const bit = 1 << randomInt(0, 8);
      data[at]! ^= bit;
      assert.notEqual(crc32c(data), sum);
      data[at]! ^= bit;
    }
    assert.equal(crc32c(data), sum);
  });

  it('strings are their UTF-8 bytes', () => {
    for (const s of ['', 'bucket/key', 'ünïcødé/🙂', 'x'.repeat(5000)]) {
      assert.equal(crc32c(s), crc32c(Buffer.from(s, 'utf8')));
    }
  });

  it('the addon refuses what is not a Uint8Array', async () => {
    const { createRequire } = await import('node:module');
    const addon = createRequire(import.meta.url)('cairn-native-crc32c') as { crc32c(d: unknown, i?: unknown): number };
    assert.throws(() => addon.crc32c('text'), TypeError);
    assert.throws(() => addon.crc32c(new Uint16Array(4)), TypeError);
    assert.throws(() => addon.crc32c(Buffer.alloc(4), 'x'), TypeError);
  });
});
