/**
 * Bitrot with the frame-read pool: the drives are plain LocalDrives given a FrameReadPool (as
 * compose builds them), so shard frames are read and crc32c-checked on its worker threads.
 * Bytes flipped on disk in up to m drives per file still read back exact (the corrupt frame's
 * drive is replaced by parity and the key queued for heal); more than m corrupt copies of a
 * block fail the read, never return wrong bytes.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { ErasureObjectLayer } from '../../src/object/index.js';
import { createStorage } from '../../src/storage/index.js';
import { FrameReadPool } from '../../src/util/frame-read-pool.js';
import { BLOCK_SIZE, contentOf, MiB, readBody, shardFiles, within } from './fault-harness.js';

const BUCKET = 'pool-bkt';

test('frame-read pool: reads verify every frame off the event loop; corrupt frames use parity and queue heal; > m corrupt fails', async () => {
  const root = await mkdtemp(join(tmpdir(), 'cairn-frame-pool-'));
  const endpoints = Array.from({ length: 4 }, (_, i) => join(root, `d${i + 1}`));
  const pool = new FrameReadPool({ threads: 2 });
  const storage = await createStorage({ endpoints, blockSize: BLOCK_SIZE, parity: 2, frameReadPool: pool });
  const healed = new Set<string>();
  const layer = new ErasureObjectLayer(storage, { onHealNeeded: (_b, k) => { healed.add(k); } });
  try {
    await layer.makeBucket(BUCKET);
    const data = contentOf('pool', 2 * MiB + 13);
    await layer.putObject(BUCKET, 'big', Readable.from([data]), { size: data.length });
    const get = async (): Promise<Buffer> => readBody((await layer.getObject(BUCKET, 'big')).body);

    assert.ok((await within(15_000, get(), 'clean read')).equals(data));
    assert.ok(pool.workersForTest().length > 0, 'the reads went through the pool');
    assert.equal(healed.size, 0);

    const [rel] = await shardFiles(endpoints[0]!);
    assert.ok(rel !== undefined);
    const abs = (d: number) => join(endpoints[d]!, '.cairn', rel);
    const originals = await Promise.all([0, 1, 2, 3].map((d) => readFile(abs(d))));
    /** Flip one payload byte of block b's frame in drive d's copy (frame = crc + shard of a full block, k = 2). */
    const frameLen = 4 + Math.ceil(BLOCK_SIZE / 2 / 8) * 8;
    assert.equal(originals[0]!.length, 32 * frameLen + 4 + 8, 'frame geometry');
    const flip = async (d: number, b: number): Promise<void> => {
      const bad = await readFile(abs(d));
      bad[b * frameLen + 4 + 17] ^= 0x20;
      await writeFile(abs(d), bad);
    };

    // Data shards (drives 0 and 1 hold shards 1 and 2 of some blocks): corrupt both in block 3.
    await flip(0, 3);
    await flip(1, 3);
    assert.ok((await within(15_000, get(), 'read with 2 corrupt frames')).equals(data));
    assert.ok(healed.has('big'), 'the corrupt read queued a heal');
    for (const d of [0, 1, 2, 3]) assert.ok(storage.drives[d]!.isOnline(), `drive ${d} stays online`);

    // A third corrupt copy of the same block: more than m, the read fails.
    await flip(2, 3);
    await assert.rejects(within(15_000, get(), 'read with 3 corrupt frames'));

    // Restored: exact again.
    await Promise.all([0, 1, 2, 3].map((d) => writeFile(abs(d), originals[d]!)));
    assert.ok((await within(15_000, get(), 'read after restore')).equals(data));
  } finally {
    await layer.close();
    await pool.close();
    await rm(root, { recursive: true, force: true });
  }
});
