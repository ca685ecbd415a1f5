import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { crc32c } from '../../util/crc32c.js';
import { checkSums, fillSums } from './crc-sums.js';

test('fillSums writes each data chunk\'s CRC-32C little-endian into its header; checkSums refuses malformed pairs', () => {
  const data = [randomBytes(1000), Buffer.alloc(0), randomBytes(7)];
  const chunks = [Buffer.alloc(4), data[0]!, Buffer.alloc(4), data[1]!, Buffer.alloc(4), data[2]!];
  const sums = [0, 1, 2, 3, 4, 5];
  checkSums(chunks, sums);
  fillSums(chunks, sums);
  for (let i = 0; i < 3; i++) assert.equal(chunks[2 * i]!.readUInt32LE(0), crc32c(data[i]!), `pair ${i}`);
  assert.equal(chunks[2]!.readUInt32LE(0), 0, 'the empty chunk sums to 0');
  assert.throws(() => checkSums(chunks, [0]), RangeError);
  assert.throws(() => checkSums(chunks, [1, 0]), /4 bytes/);
  assert.throws(() => checkSums(chunks, [0, 6]), RangeError);
  assert.throws(() => checkSums(chunks, [0, 0]), RangeError);
  assert.throws(() => checkSums(chunks, [0.5, 1]), RangeError);
  checkSums(chunks, []);
});
