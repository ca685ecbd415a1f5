import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeEncryptionConfig, type BucketEncryption } from './bucket-encryption.js';
import { EncryptionConfigCache } from './encryption-config-cache.js';

/** A config store that counts reads; `gate` holds reads until released. */
function store(initial: BucketEncryption | undefined) {
  let doc = initial === undefined ? undefined : encodeEncryptionConfig(initial);
  let reads = 0;
  let fail: Error | undefined;
  let gate: Promise<void> | undefined;
  return {
    objects: {
      async getBucketConfig(req: { bucket: string; name: string }): Promise<Buffer | undefined> {
        assert.equal(req.name, 'encryption');
        reads++;
        const snapshot = doc;
        if (gate) await gate;
        if (fail) throw fail;
        return snapshot;
      },
    },
    set(c: BucketEncryption | undefined) { doc = c === undefined ? undefined : encodeEncryptionConfig(c); },
    get reads() { return reads; },
    failWith(e: Error | undefined) { fail = e; },
    hold(): () => void { let open!: () => void; gate = new Promise((r) => { open = r; }); return () => { gate = undefined; open(); }; },
  };
}

test('EncryptionConfigCache: one read per TTL, a change in another process is seen after the TTL', async () => {
  let now = 1000;
  const s = store({ algorithm: 'AES256' });
  const cache = new EncryptionConfigCache(s.objects, { ttlMs: 2000, now: () => now });
  assert.deepEqual(await cache.get('b'), { algorithm: 'AES256' });
  s.set({ algorithm: 'aws:kms', kmsKeyId: 'k1' }); // written by another process
  now += 1999;
  assert.deepEqual(await cache.get('b'), { algorithm: 'AES256' });
  assert.equal(s.reads, 1);
  now += 1;
  assert.deepEqual(await cache.get('b'), { algorithm: 'aws:kms', kmsKeyId: 'k1' });
  assert.equal(s.reads, 2);
  s.set(undefined);
  now += 2000;
  assert.equal(await cache.get('b'), undefined);
  assert.equal(await cache.get('b'), undefined, 'no configuration is cached as well');
  assert.equal(s.reads, 3);
});

test('EncryptionConfigCache: invalidate (Put/DeleteBucketEncryption here) takes effect at once, also over a read in flight', async () => {
  const s = store(undefined);
  const cache = new EncryptionConfigCache(s.objects, { ttlMs: 60_000 });
  assert.equal(await cache.get('b'), undefined);
  s.set({ algorithm: 'AES256' });
  cache.invalidate('b');
  assert.deepEqual(await cache.get('b'), { algorithm: 'AES256' });
  // A read that started before an invalidate must not fill the cache with what it read.
  const release = s.hold();
  cache.invalidate('b');
  const stale = cache.get('b'); // reads AES256
  s.set(undefined);
  cache.invalidate('b');
  release();
  assert.deepEqual(await stale, { algorithm: 'AES256' });
  assert.equal(await cache.get('b'), undefined);
});

test('EncryptionConfigCache: concurrent requests share one read; a failed read is not cached; buckets are bounded', async () => {
  const s = store({ algorithm: 'AES256' });
  const cache = new EncryptionConfigCache(s.objects, { ttlMs: 60_000, maxBuckets: 2 });
  const release = s.hold();
  const all = Array.from({ length: 10 }, () => cache.get('b'));
  release();
  for (const c of await Promise.all(all)) assert.deepEqual(c, { algorithm: 'AES256' });
  assert.equal(s.reads, 1);
  s.failWith(new Error('no quorum'));
  await assert.rejects(cache.get('other'), /no quorum/);
  s.failWith(undefined);
  assert.deepEqual(await cache.get('other'), { algorithm: 'AES256' });
  assert.equal(s.reads, 3);
  await cache.get('third'); // evicts 'b', the oldest
  const before = s.reads;
  await cache.get('b');
  assert.equal(s.reads, before + 1);
});
