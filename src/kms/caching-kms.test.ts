import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { KmsUnavailableError } from '../errors/domain-errors.js';
import { CachingKms } from './caching-kms.js';
import type { Kms } from '../crypto/kms.js';

/** A KMS whose unseal is a lookup in a table, counting calls, that can be taken down. */
function tableKms(): Kms & { calls: number; down: boolean; table: Map<string, Buffer> } {
  const table = new Map<string, Buffer>();
  const kms = {
    calls: 0, down: false, table,
    async generateDataKey(keyId: string) {
      const plaintext = randomBytes(32);
      const ciphertext = randomBytes(16);
      table.set(ciphertext.toString('hex'), plaintext);
      return { keyId, plaintext, ciphertext };
    },
    async decrypt(_keyId: string, ciphertext: Buffer) {
      kms.calls++;
      if (kms.down) throw new KmsUnavailableError('test', 'down');
      const found = table.get(ciphertext.toString('hex'));
      if (!found) throw new Error('unknown ciphertext');
      return Buffer.from(found);
    },
    async keyStatus(keyId: string) { return { keyId, encryptionOk: true, decryptionOk: true }; },
    async listKeys() { return ['k']; },
  };
  return kms;
}

test('a recent unseal is served from the cache, also while the KMS is down, until the TTL', async () => {
  const inner = tableKms();
  let now = 1_000;
  const kms = new CachingKms(inner, { ttlMs: 60_000, now: () => now });
  const dk = await kms.generateDataKey('k', { bucket: 'b' });
  const unseal = (): Promise<Buffer> => kms.decrypt('k', dk.ciphertext, { bucket: 'b' });
  assert.deepEqual(await unseal(), dk.plaintext);
  assert.deepEqual(await unseal(), dk.plaintext);
  assert.equal(inner.calls, 1);
  inner.down = true;
  assert.deepEqual(await unseal(), dk.plaintext, 'cached while the KMS is down');
  now += 60_001;
  await assert.rejects(unseal(), KmsUnavailableError, 'expired: the KMS is asked again');
  assert.deepEqual(kms.stats, { hits: 2, misses: 2, entries: 0 });
});

test('the context and the key id are part of the cache key; returned buffers are copies', async () => {
  const inner = tableKms();
  const kms = new CachingKms(inner);
  const dk = await kms.generateDataKey('k', {});
  const got = await kms.decrypt('k', dk.ciphertext, { a: '1', b: '2' });
  got.fill(0);
  assert.deepEqual(await kms.decrypt('k', dk.ciphertext, { b: '2', a: '1' }), dk.plaintext, 'same context, other key order: a hit, not the zeroed copy');
  assert.equal(inner.calls, 1);
  await kms.decrypt('k', dk.ciphertext, { a: '1', b: '3' });
  await kms.decrypt('other', dk.ciphertext, { a: '1', b: '2' });
  assert.equal(inner.calls, 3, 'another context or key id is a miss');
});

test('bounded: the least recently used entry goes first', async () => {
  const inner = tableKms();
  const kms = new CachingKms(inner, { maxEntries: 2 });
  const keys = [await kms.generateDataKey('k', {}), await kms.generateDataKey('k', {}), await kms.generateDataKey('k', {})];
  const unseal = (i: number): Promise<Buffer> => kms.decrypt('k', keys[i]!.ciphertext, {});
  await unseal(0);
  await unseal(1);
  await unseal(0);
  await unseal(2);
  assert.equal(kms.stats.entries, 2);
  const calls = inner.calls;
  await unseal(0);
  assert.equal(inner.calls, calls, 'the recently used one stayed');
  await unseal(1);
  assert.equal(inner.calls, calls + 1, 'the least recently used one was dropped');
});
