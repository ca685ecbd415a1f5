import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { argon2id } from './argon2id.js';
import { blake2b } from './blake2b.js';

describe('BLAKE2b with any digest length (RFC 7693)', () => {
  it('agrees with node:crypto for 64 bytes and matches known digests for 32', () => {
    for (const size of [0, 1, 127, 128, 129, 1028]) {
      const data = Buffer.alloc(size, size % 7);
      assert.deepEqual(blake2b(data, 64), createHash('blake2b512').update(data).digest(), `size ${size}`);
    }
    assert.equal(blake2b(Buffer.alloc(0), 32).toString('hex'), '0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8');
    assert.throws(() => blake2b(Buffer.alloc(1), 65), RangeError);
  });
});

describe('Argon2id (RFC 9106)', () => {
  it('matches the RFC 9106 section 5.3 test vector', () => {
    const tag = argon2id({
      password: Buffer.alloc(32, 1), salt: Buffer.alloc(16, 2), secret: Buffer.alloc(8, 3), associatedData: Buffer.alloc(12, 4),
      passes: 3, memoryKiB: 32, parallelism: 4, tagLength: 32,
    });
    assert.equal(tag.toString('hex'), '0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659');
  });
});
