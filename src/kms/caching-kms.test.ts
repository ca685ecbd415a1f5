import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { KmsUnavailableError } from '../errors/domain-errors.js';
import { CachingKms } from './caching-kms.js';
import type { DecryptRequest, Kms } from './kms.js';

/** A KMS whose unseal is a lookup in a table, counting calls, that can be taken down. */
function tableKms(): Kms & { calls: number; down: boolean; table: Map<string, Buffer> } {
  const table = new Map<string, Buffer>();
  const kms = {
    calls: 0, down: false, table,
    async generateDataKey() {
      const plaintext = randomBytes(32);
      const ciphertext = randomBytes(16);
      table.set(ciphertext.toString('hex'), plaintext);
      return { plaintext, ciphertext };
    },
    async decryptDataKey(req: DecryptRequest) {
      kms.calls++;
      if (kms.down) throw new KmsUnavailableError('test', 'down');
      const found = table.get(req.ciphertext.toString('hex'));
      if (!found) throw new Error('unknown ciphertext');
      return Buffer.from(found);
    },
    async createKey() { return 'created' as const; },
    async keyStatus(keyId: string) { return { keyId, usable: true }; },
    async status() { return { kind: 'builtin' as const, reachable: !kms.down }; },
    async close() { /* nothing */ },
  };
  return kms;
}

test('a recent unseal is served from the cache, also while the KMS is down, until the TTL', async () => {
  const inner = tableKms();
  let now = 1_000;
  const kms = new CachingKms(inner, { ttlMs: 60_000, now: () => now });
  const dk = await kms.generateDataKey({ keyId: 'k', context: { bucket: 'b' } });
  const req = { keyId: 'k', context: { bucket: 'b' }, ciphertext: dk.ciphertext };
  assert.deepEqual(await kms.decryptDataKey(req), dk.plaintext);
  assert.deepEqual(await kms.decryptDataKey(req), dk.plaintext);
  assert.equal(inner.calls, 1);
  inner.down = true;
  assert.deepEqual(await kms.decryptDataKey(req), dk.plaintext, 'cached while the KMS is down');
  now += 60_001;
  await assert.rejects(kms.decryptDataKey(req), KmsUnavailableError, 'expired: the KMS is asked again');
  assert.deepEqual(kms.stats, { hits: 2, misses: 2, entries: 0 });
});

test('the context and the key id are part of the cache key; returned buffers are copies', async () => {
  const inner = tableKms();
  const kms = new CachingKms(inner);
  const dk = await kms.generateDataKey({ keyId: 'k', context: {} });
  const got = await kms.decryptDataKey({ keyId: 'k', context: { a: '1', b: '2' }, ciphertext: dk.ciphertext });
  got.fill(0);
  assert.deepEqual(await kms.decryptDataKey({ keyId: 'k', context: { b: '2', a: '1' }, ciphertext: dk.ciphertext }), dk.plaintext, 'same context, other key order: a hit, not the zeroed copy');
  assert.equal(inner.calls, 1);
  await kms.decryptDataKey({ keyId: 'k', context: { a: '1', b: '3' }, ciphertext: dk.ciphertext });
  await kms.decryptDataKey({ keyId: 'other', context: { a: '1', b: '2' }, ciphertext: dk.ciphertext });
  assert.equal(inner.calls, 3, 'another context or key id is a miss');
});

test('bounded: the least recently used entry goes first', async () => {
  const inner = tableKms();
  const kms = new CachingKms(inner, { maxEntries: 2 });
  const keys = [await kms.generateDataKey({ keyId: 'k', context: {} }), await kms.generateDataKey({ keyId: 'k', context: {} }), await kms.generateDataKey({ keyId: 'k', context: {} })];
  const req = (i: number) => ({ keyId: 'k', context: {}, ciphertext: keys[i]!.ciphertext });
  await kms.decryptDataKey(req(0));
  await kms.decryptDataKey(req(1));
  await kms.decryptDataKey(req(0));
  await kms.decryptDataKey(req(2));
  assert.equal(kms.stats.entries, 2);
  const calls = inner.calls;
  await kms.decryptDataKey(req(0));
  assert.equal(inner.calls, calls, 'the recently used one stayed');
  await kms.decryptDataKey(req(1));
  assert.equal(inner.calls, calls + 1, 'the least recently used one was dropped');
});
