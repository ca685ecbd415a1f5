import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { PreparedHmac } from './prepared-hmac.js';

const reference = (key: Uint8Array, message: string): string => createHmac('sha256', key).update(message, 'utf8').digest('hex');

describe('PreparedHmac', () => {
  it('equals createHmac for keys of 0-100 bytes (longer than a block: hashed first) and messages of every kind', () => {
    const messages = ['', 'a', 'AWS4-HMAC-SHA256\n20260101T000000Z\n20260101/us-east-1/s3/aws4_request\n' + 'f'.repeat(64),
      'caf\u00e9', '\u65e5\u672c', '\u{1F600} emoji', 'x'.repeat(1023), 'y'.repeat(1024), 'z'.repeat(1025), '\u00e9'.repeat(1024), 'w'.repeat(5000)];
    for (let len = 0; len <= 100; len += 7) {
      const key = randomBytes(len);
      const mac = new PreparedHmac(key);
      for (const m of messages) assert.equal(mac.hex(m), reference(key, m), `key ${len} bytes, message ${m.length} chars`);
    }
  });

  it('keys used in turn do not disturb each other (the scratch space is shared)', () => {
    const keys = [randomBytes(32), randomBytes(32), randomBytes(64)];
    const macs = keys.map((k) => new PreparedHmac(k));
    for (let round = 0; round < 50; round++) {
      const i = round % 3;
      const m = `message ${round} ${'m'.repeat(round * 13)}`;
      assert.equal(macs[i]!.hex(m), reference(keys[i]!, m));
    }
  });

  it('the caller may change its key buffer afterwards: the pads were taken at construction', () => {
    const key = randomBytes(32);
    const copy = Buffer.from(key);
    const mac = new PreparedHmac(key);
    key.fill(0);
    assert.equal(mac.hex('after'), reference(copy, 'after'));
  });
});
