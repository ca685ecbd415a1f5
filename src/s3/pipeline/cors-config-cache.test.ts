/** The CORS rules cache: TTL with an injected clock, forget, missing buckets, corrupt documents. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BucketNotFoundError } from '../../errors/domain-errors.js';
import type { GetBucketConfigRequest, ObjectLayer } from '../../object/object-layer.js';
import { encodeCorsDocument } from '../cors/cors-document.js';
import { CorsConfigCache } from './cors-config-cache.js';

const RULE = { allowedOrigins: ['*'], allowedMethods: ['GET' as const], allowedHeaders: [], exposeHeaders: [] };

function layer(docs: Map<string, Buffer | undefined>, reads: string[]): ObjectLayer {
  const fake = {
    getBucketConfig: async (req: GetBucketConfigRequest): Promise<Buffer | undefined> => {
      reads.push(req.bucket);
      if (!docs.has(req.bucket)) throw new BucketNotFoundError(req.bucket);
      return docs.get(req.bucket);
    },
  };
  return fake as unknown as ObjectLayer;
}

test('rules are read once per TTL; forget re-reads at once', async () => {
  const docs = new Map<string, Buffer | undefined>([['b', encodeCorsDocument([RULE])]]);
  const reads: string[] = [];
  let now = 1000;
  const cache = new CorsConfigCache({ objects: layer(docs, reads), ttlMs: 5000, now: () => now });
  assert.deepEqual(await cache.rules('b'), [RULE]);
  docs.set('b', undefined);
  now += 4999;
  assert.deepEqual(await cache.rules('b'), [RULE], 'still cached');
  now += 1;
  assert.equal(await cache.rules('b'), undefined, 'expired: re-read');
  docs.set('b', encodeCorsDocument([RULE]));
  cache.forget('b');
  assert.deepEqual(await cache.rules('b'), [RULE]);
  assert.deepEqual(reads, ['b', 'b', 'b']);
});

test('a missing bucket has no rules (cached); a corrupt document rejects', async () => {
  const docs = new Map<string, Buffer | undefined>([['bad', Buffer.from('{"version":9}')]]);
  const reads: string[] = [];
  const cache = new CorsConfigCache({ objects: layer(docs, reads), now: () => 0 });
  assert.equal(await cache.rules('gone'), undefined);
  assert.equal(await cache.rules('gone'), undefined);
  assert.deepEqual(reads, ['gone']);
  await assert.rejects(cache.rules('bad'), /corrupt cors config document/);
});

test('at most maxEntries buckets are kept (oldest dropped)', async () => {
  const docs = new Map<string, Buffer | undefined>([['a', undefined], ['b', undefined], ['c', undefined]]);
  const reads: string[] = [];
  const cache = new CorsConfigCache({ objects: layer(docs, reads), maxEntries: 2, now: () => 0 });
  for (const b of ['a', 'b', 'c', 'b', 'a']) await cache.rules(b);
  assert.deepEqual(reads, ['a', 'b', 'c', 'a']);
});
