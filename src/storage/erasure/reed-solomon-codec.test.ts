import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ReedSolomonCodec, shardSizeFor } from './reed-solomon-codec.js';
import { QuorumError } from '../../errors/domain-errors.js';

/** All subsets of {0..n-1} of size r (lexicographic). */
function combinations(n: number, r: number): number[][] {
  const out: number[][] = [];
  const cur: number[] = [];
  const rec = (from: number) => {
    if (cur.length === r) { out.push([...cur]); return; }
    for (let i = from; i < n; i++) { cur.push(i); rec(i + 1); cur.pop(); }
  };
  rec(0);
  return out;
}

/** Deterministic sample of loss patterns for large sets. */
function sampled(n: number, r: number, count: number, seed: number): number[][] {
  const out: number[][] = [];
  let s = seed;
  const rnd = () => { s = (s * 1103515245 + 12345) & 0x7fffffff; return s; };
  for (let c = 0; c < count; c++) {
    const set = new Set<number>();
    while (set.size < r) set.add(rnd() % n);
    out.push([...set].sort((a, b) => a - b));
  }
  return out;
}

const CASES: [number, number][] = [[1, 0], [1, 1], [2, 1], [2, 2], [4, 2], [6, 3], [12, 4]];
const LENGTHS = [1, 7, 8, 1000, 65536 + 3];

for (const [k, m] of CASES) {
  test(`codec ${k}+${m}: every loss pattern of up to ${m} shards reconstructs byte-identical data`, async () => {
    const codec = new ReedSolomonCodec(k, m);
    for (const len of LENGTHS) {
      const data = randomBytes(len);
      const shards = await codec.encodeBlock(data);
      assert.equal(shards.length, k + m);
      for (const s of shards) assert.equal(s.length, shardSizeFor(k, m, len));
      if (m > 0) assert.equal(shards[0]!.length % 8, 0);
      for (let lost = 0; lost <= m; lost++) {
        const patterns = k + m > 12 && lost > 1 ? sampled(k + m, lost, 40, len + lost) : combinations(k + m, lost);
        for (const pattern of patterns) {
          const given = shards.map((s, i) => (pattern.includes(i) ? undefined : Buffer.from(s)));
          const out = await codec.reconstruct(given, len);
          assert.ok(out.equals(data), `k=${k} m=${m} len=${len} lost=${pattern.join(',')}`);
        }
      }
    }
  });

  test(`codec ${k}+${m}: ${m + 1} losses fail cleanly with QuorumError`, async () => {
    const codec = new ReedSolomonCodec(k, m);
    const data = randomBytes(5000);
    const shards = await codec.encodeBlock(data);
    for (const pattern of combinations(k + m, m + 1).slice(0, 20)) {
      const given = shards.map((s, i) => (pattern.includes(i) ? undefined : s));
      await assert.rejects(codec.reconstruct(given, data.length), (err: unknown) => err instanceof QuorumError && err.kind === 'read');
    }
  });
}

test('codec: reconstructAll rebuilds parity shards identical to the originals', async () => {
  const codec = new ReedSolomonCodec(4, 2);
  const data = randomBytes(100_000);
  const shards = await codec.encodeBlock(data);
  const given = shards.map((s, i) => (i === 1 || i === 5 ? undefined : s));
  const all = await codec.reconstructAll(given, data.length);
  all.forEach((s, i) => assert.ok(s.equals(shards[i]!), `shard ${i}`));
});

test('codec: wrong shard length is a typed error, not a crash', async () => {
  const codec = new ReedSolomonCodec(2, 2);
  const shards = await codec.encodeBlock(randomBytes(64));
  const given = [shards[0], shards[1]!.subarray(1), shards[2], shards[3]];
  await assert.rejects(codec.reconstruct(given, 64), { code: 'ERR_STORAGE_CORRUPT_RECORD' });
  assert.throws(() => new ReedSolomonCodec(0, 1), RangeError);
  assert.throws(() => new ReedSolomonCodec(4, 7), RangeError);
});

test('codec: empty block encodes to empty shards and decodes to empty data', async () => {
  const codec = new ReedSolomonCodec(2, 2);
  const shards = await codec.encodeBlock(Buffer.alloc(0));
  assert.deepEqual(shards.map((s) => s.length), [0, 0, 0, 0]);
  const out = await codec.reconstruct([undefined, shards[1], shards[2], undefined], 0);
  assert.equal(out.length, 0);
});
