/**
 * BucketAuthzCache: what it keeps, and that a change made in this process is seen at once and
 * never overwritten by a read older than it, over a fake layer (owner per bucket, counted reads,
 * a read that can be held open) and a fake clock.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BucketNotFoundError } from '../../errors/domain-errors.js';
import type { BucketInfo } from '../../object/object-layer.js';
import { BucketAuthzCache, NOT_HELD } from './bucket-authz-cache.js';

class FakeBuckets {
  readonly owners = new Map<string, string>([['b', '111111111111']]);
  reads = 0;
  /** When set, headBucket waits for it (a read under way). */
  gate: Promise<void> | undefined;
  async headBucket(req: { bucket: string }): Promise<BucketInfo> {
    this.reads++;
    const owner = this.owners.get(req.bucket);
    await this.gate;
    if (owner === undefined) throw new BucketNotFoundError(req.bucket);
    return { name: req.bucket, created: new Date(0), region: 'us-east-1', owner };
  }
  async getBucketConfig(): Promise<Buffer | undefined> {
    return undefined;
  }
}

function setup(): { fake: FakeBuckets; cache: BucketAuthzCache; clock: { now: number } } {
  const fake = new FakeBuckets();
  const clock = { now: 0 };
  const cache = new BucketAuthzCache({ objects: fake, ttlMs: 1000, volatileMs: 5000, clock: () => clock.now });
  return { fake, cache, clock };
}

describe('BucketAuthzCache', () => {
  it('keeps a read for ttlMs; a missing bucket is undefined', async () => {
    const { fake, cache, clock } = setup();
    assert.equal((await cache.get('b'))?.owner, '111111111111');
    assert.equal((await cache.get('b'))?.owner, '111111111111');
    assert.equal(fake.reads, 1);
    assert.equal(cache.peek('b') === NOT_HELD, false);
    clock.now = 1000;
    assert.equal(cache.peek('b'), NOT_HELD, 'stale after ttlMs');
    await cache.get('b');
    assert.equal(fake.reads, 2);
    assert.equal(await cache.get('none'), undefined);
  });

  it('requests that miss together share one read; one that arrives after a change began reads again', async () => {
    const { fake, cache } = setup();
    let open!: () => void;
    fake.gate = new Promise<void>((r) => { open = r; });
    const first = [cache.get('b'), cache.get('b'), cache.get('b')];
    await new Promise((r) => setImmediate(r));
    assert.equal(fake.reads, 1, 'three misses, one read');
    cache.changing('b');
    fake.owners.set('b', '222222222222');
    const after = cache.get('b');
    await new Promise((r) => setImmediate(r));
    assert.equal(fake.reads, 2, 'a miss after the change began does not join the older read');
    open();
    fake.gate = undefined;
    for (const got of await Promise.all(first)) assert.equal(got?.owner, '111111111111');
    assert.equal((await after)?.owner, '222222222222');
  });

  it('between changing and changed every request reads afresh and nothing is kept; after changed the next read is kept', async () => {
    const { fake, cache } = setup();
    await cache.get('b');
    cache.changing('b');
    assert.equal(cache.peek('b'), NOT_HELD);
    fake.owners.set('b', '222222222222');
    assert.equal((await cache.get('b'))?.owner, '222222222222', 'the change is seen at once');
    await cache.get('b');
    assert.equal(fake.reads, 3, 'read on every request while the change is under way');
    cache.changed('b');
    await cache.get('b');
    await cache.get('b');
    assert.equal(fake.reads, 4, 'kept again once the change is done');
  });

  it('two changes under way: kept again only after both are done', async () => {
    const { fake, cache } = setup();
    cache.changing('b');
    cache.changing('b');
    cache.changed('b');
    await cache.get('b');
    await cache.get('b');
    assert.equal(fake.reads, 2);
    cache.changed('b');
    await cache.get('b');
    await cache.get('b');
    assert.equal(fake.reads, 3);
    cache.changed('b'); // a stray end is harmless
    assert.equal(cache.peek('b'), NOT_HELD, 'a change end drops what was held');
  });

  it('a read under way when a change began or ended is returned but not kept', async () => {
    const { fake, cache } = setup();
    let open!: () => void;
    fake.gate = new Promise((resolve) => { open = resolve; });
    const slow = cache.get('b'); // reads the old owner, then the change happens meanwhile
    cache.changing('b');
    fake.owners.set('b', '222222222222');
    cache.changed('b');
    open();
    fake.gate = undefined;
    assert.equal((await slow)?.owner, '111111111111');
    assert.equal(cache.peek('b'), NOT_HELD, 'the older read was not kept');
    assert.equal((await cache.get('b'))?.owner, '222222222222');
    assert.equal(cache.peek('b') === NOT_HELD, false);
  });

  it('a change whose end is never reported stops blocking the cache after volatileMs', async () => {
    const { fake, cache, clock } = setup();
    cache.changing('b');
    await cache.get('b');
    assert.equal(cache.peek('b'), NOT_HELD);
    clock.now = 5000;
    await cache.get('b');
    await cache.get('b');
    assert.equal(fake.reads, 2);
  });
});
