import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ObjectLayer } from '../../../object/object-layer.js';
import { VersioningStateCache } from './versioning-state-cache.js';

/** An ObjectLayer that answers getBucketConfig from `docs` and counts the reads. */
function layer(docs: Map<string, string>): { objects: ObjectLayer; reads: () => number } {
  let reads = 0;
  const objects = {
    getBucketConfig: async ({ bucket }: { bucket: string }) => {
      reads++;
      const d = docs.get(bucket);
      return d === undefined ? undefined : Buffer.from(d);
    },
  } as unknown as ObjectLayer;
  return { objects, reads: () => reads };
}

test('VersioningStateCache: one read per ttl, fresh after invalidate, peek without reading', async () => {
  const docs = new Map<string, string>();
  let now = 0;
  const l = layer(docs);
  const cache = new VersioningStateCache(l.objects, { ttlMs: 1000, now: () => now });
  assert.equal(cache.peek('b1'), undefined);
  assert.equal(await cache.get('b1'), 'Unversioned');
  assert.equal(await cache.get('b1'), 'Unversioned');
  assert.equal(l.reads(), 1);
  assert.equal(cache.peek('b1'), 'Unversioned');
  docs.set('b1', '{"status":"Enabled"}');
  assert.equal(await cache.get('b1'), 'Unversioned', 'held until the ttl ends');
  now = 1000;
  assert.equal(cache.peek('b1'), undefined);
  assert.equal(await cache.get('b1'), 'Enabled');
  assert.equal(l.reads(), 2);
  docs.set('b1', '{"status":"Suspended"}');
  cache.invalidate('b1');
  assert.equal(await cache.get('b1'), 'Suspended', 'invalidate forgets at once');
});

test('VersioningStateCache: a read that began before an invalidation does not store its state', async () => {
  const docs = new Map<string, string>([['b1', '{"status":"Enabled"}']]);
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  let reads = 0;
  const objects = {
    getBucketConfig: async ({ bucket }: { bucket: string }) => {
      reads++;
      const d = docs.get(bucket);
      if (reads === 1) await gate;
      return d === undefined ? undefined : Buffer.from(d);
    },
  } as unknown as ObjectLayer;
  const cache = new VersioningStateCache(objects, { ttlMs: 60_000 });
  const slow = cache.get('b1');
  docs.set('b1', '{"status":"Suspended"}');
  cache.invalidate('b1');
  release();
  assert.equal(await slow, 'Enabled');
  assert.equal(cache.peek('b1'), undefined, 'the older state was not kept');
  assert.equal(await cache.get('b1'), 'Suspended');
});

test('VersioningStateCache: bounded, the oldest bucket goes first', async () => {
  const l = layer(new Map());
  const cache = new VersioningStateCache(l.objects, { maxBuckets: 2 });
  await cache.get('b1'); await cache.get('b2'); await cache.get('b3');
  assert.equal(cache.peek('b1'), undefined);
  assert.equal(cache.peek('b2'), 'Unversioned');
  assert.equal(cache.peek('b3'), 'Unversioned');
});
