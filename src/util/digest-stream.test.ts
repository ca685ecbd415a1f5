import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { computeChecksum } from './checksums.js';
import { BodyDigester } from './digest-stream.js';

test('BodyDigester: md5 and requested checksums over chunks equal one-shot digests', () => {
  const data = Buffer.from(Array.from({ length: 100_003 }, (_, i) => (i * 31) & 0xff));
  const d = new BodyDigester(['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256', 'CRC32']);
  for (let i = 0; i < data.length; i += 4093) d.update(data.subarray(i, i + 4093));
  const out = d.digests();
  assert.equal(out.size, data.length);
  assert.equal(d.size, data.length);
  assert.ok(out.md5.equals(createHash('md5').update(data).digest()));
  for (const alg of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const) {
    assert.ok(out.checksums[alg]!.equals(computeChecksum(alg, data)), alg);
  }
  assert.equal(d.digests(), out, 'digests() is idempotent');
  const empty = new BodyDigester().digests();
  assert.equal(empty.md5.toString('hex'), 'd41d8cd98f00b204e9800998ecf8427e');
  assert.deepEqual(empty.checksums, {});
});
