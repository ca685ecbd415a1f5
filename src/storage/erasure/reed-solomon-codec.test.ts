import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { MAX_DATA_SHARDS, MAX_PARITY_SHARDS, ReedSolomonCodec, encodingContext, shardSizeFor } from './reed-solomon-codec.js';
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

test('codec: every parity chunk has a source in the encoding matrix, for every k+m a set can have', () => {
  // Both encoders (native, parity-sync.ts) copy a parity chunk's first source and XOR the rest
  // in: a bit-row with no source would leave the chunk as the buffer held it. encodePrepared
  // reuses parity buffers without zeroing them, so this must hold for every layout.
  let layouts = 0;
  for (let k = 1; k <= MAX_DATA_SHARDS; k++) {
    for (let m = 1; m <= MAX_PARITY_SHARDS && k + m <= 32; m++) {
      let ctx: Buffer;
      try { ctx = encodingContext(k, m); } catch { continue; } // a k+m the codec refuses
      const w = ctx[0]!;
      assert.equal(ctx.length, 3 + k * w * m * w);
      for (let i = 0; i < m; i++) {
        for (let a = 0; a < w; a++) {
          const row = ctx.subarray(3 + k * w * w * i + a * k * w, 3 + k * w * w * i + (a + 1) * k * w);
          assert.ok(row.some((bit) => bit !== 0), `k=${k} m=${m} parity ${i} bit-row ${a} has no source`);
        }
      }
      layouts++;
    }
  }
  assert.ok(layouts > 100, `${layouts} layouts checked`);
});

test('codec: a reused parity buffer full of old bytes gives the same shards as a fresh one', async () => {
  for (const [k, m] of [[1, 1], [2, 1], [2, 2], [3, 2], [4, 2], [6, 3], [8, 4], [12, 4]] as const) {
    const codec = new ReedSolomonCodec(k, m);
    for (const len of [1, 1000, 16_385, 200_000, 1 << 20]) {
      const data = randomBytes(len);
      const fresh = await codec.encodeBlock(data);
      const block = codec.allocBlock(len);
      data.copy(block);
      const old = Buffer.alloc(m * codec.shardSize(len), 0xa5);
      const reused = await codec.encodePrepared(block, len, old);
      for (let i = 0; i < k + m; i++) assert.ok(reused[i]!.equals(fresh[i]!), `k=${k} m=${m} len=${len} shard ${i}`);
    }
  }
});
