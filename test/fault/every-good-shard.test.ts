/**
 * Reads and heals use every good shard of every block. Damage is per frame, so a drive with a
 * corrupt frame in one block still serves the other blocks: with one drive missing the file
 * and two drives each corrupt in a different block, every block still has k = 2 verified
 * shards, and a GET must answer the exact bytes (no 5xx, no retry). Heal then rebuilds all
 * three damaged files from the verified frames (the corrupt drives' good frames included),
 * after which any two drives can be lost.
 */
import assert from 'node:assert/strict';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { healObject } from '../../src/object/heal/index.js';
import { objectKey } from '../../src/object/meta-keys.js';
import { decodeObjectRecord } from '../../src/storage/format/index.js';
import { BLOCK_SIZE, BUCKET, contentOf, KiB, openFaultHarness, shardFiles, within, type FaultHarness } from './fault-harness.js';

/** Frame b of a shard file: [crc32c 4 bytes][shard]; shard = blockSize / k (k = 2, 8-aligned). */
const FRAME = 4 + BLOCK_SIZE / 2;

async function flipFrame(h: FaultHarness, drive: number, rel: string, block: number): Promise<void> {
  const fh = await open(join(h.endpoints[drive]!, '.cairn', rel), 'r+');
  try {
    const at = block * FRAME + 100;
    const buf = Buffer.alloc(16);
    await fh.read(buf, 0, buf.length, at);
    for (let i = 0; i < buf.length; i++) buf[i] = buf[i]! ^ 0x5a;
    await fh.write(buf, 0, buf.length, at);
  } finally {
    await fh.close();
  }
}

/** Drive index (in the set) holding shard s of the key's newest version. */
async function driveOfShard(h: FaultHarness, key: string, s: number): Promise<number> {
  const rec = decodeObjectRecord((await h.faults[0]!.metaGet(objectKey(BUCKET, key)))!);
  const d = rec.versions[0]!.erasure!.distribution.indexOf(s);
  assert.ok(d >= 0);
  return d;
}

/**
 * Data shard 0 corrupt in block 1, data shard 1 corrupt in block 5, parity shard 2's file
 * gone: block 5 is readable only from shard 0's drive (good there) and shard 3's.
 */
async function damage(h: FaultHarness, key: string): Promise<void> {
  const [rel] = await shardFiles(h.endpoints[0]!);
  assert.ok(rel !== undefined, 'the object has a shard file');
  await flipFrame(h, await driveOfShard(h, key, 0), rel, 1);
  await flipFrame(h, await driveOfShard(h, key, 1), rel, 5);
  await rm(join(h.endpoints[await driveOfShard(h, key, 2)]!, '.cairn', rel));
}

test('GET with a missing shard file and corrupt frames on two other drives in different blocks: 200, exact bytes', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    const data = contentOf('every-good-shard', 12 * BLOCK_SIZE + 5 * KiB);
    await h.put('obj', data);
    await damage(h, 'obj');
    const got = await within(15_000, h.get('obj'), 'degraded GET');
    assert.ok(got.equals(data), 'exact bytes from the verified shards of each block');
    assert.equal(h.queue.size, 1, 'the degraded read queued the key for heal');
  } finally {
    await h.close();
  }
});

test('GET with one shard missing and one corrupt (k = 2 of 4 left in every block): 200 first time', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    const data = contentOf('missing-and-corrupt', 3 * BLOCK_SIZE + 17);
    await h.put('obj', data);
    const [rel] = await shardFiles(h.endpoints[0]!);
    for (let b = 0; b < 4; b++) await flipFrame(h, await driveOfShard(h, 'obj', 0), rel!, b);
    await rm(join(h.endpoints[await driveOfShard(h, 'obj', 1)]!, '.cairn', rel!));
    assert.ok((await within(15_000, h.get('obj'), 'GET')).equals(data));
  } finally {
    await h.close();
  }
});

test('heal rebuilds missing and corrupt shard files from verified frames, then any two drives can be lost', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    const data = contentOf('heal-every-good-shard', 12 * BLOCK_SIZE + 5 * KiB);
    await h.put('obj', data);
    await damage(h, 'obj');
    const res = await healObject(h.layer.context, { bucket: BUCKET, key: 'obj', deep: true });
    assert.deepEqual(res.failures, []);
    assert.equal(res.shardsHealed, 3, res.problems.join('; '));
    const again = await healObject(h.layer.context, { bucket: BUCKET, key: 'obj', deep: true });
    assert.deepEqual(again.problems, [], 'a second deep heal finds nothing');
    for (const pair of [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]) {
      h.resetFaults();
      for (const d of pair) h.faults[d]!.set({ offline: true });
      assert.ok((await within(15_000, h.get('obj'), `GET without ${pair}`)).equals(data), `drives ${pair} offline`);
    }
  } finally {
    await h.close();
  }
});
