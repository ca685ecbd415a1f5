/**
 * ErasureSet.readShardRange (a small range read whole, GetObject of a small data file): the
 * same bytes as the stream for whole files and ranges across blocks, a corrupt or missing
 * shard rebuilt from parity and reported, fewer than k shards a QuorumError, a range outside
 * the data InvalidRangeError, an aborted read rejected, and no file descriptor left open.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readdir, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorage } from '../../../src/storage/create-storage.js';
import { sharedReadHandles } from '../../../src/storage/drive/read-handle-cache.js';
import { FrameBufferPool } from '../../../src/storage/erasure/frame-buffer-pool.js';
import { InvalidRangeError, QuorumError } from '../../../src/errors/domain-errors.js';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-rsr-'));
  try { await fn(dir); } finally { await rm(dir, { recursive: true, force: true }); }
}

const openFds = async (): Promise<number> => (await readdir('/proc/self/fd')).length;

test('readShardRange over 4 LocalDrives (EC 2+2): exact bytes, degraded reads rebuilt and reported, quorum and range errors, nothing left open', () => withDir(async (dir) => {
  const st = await createStorage({ endpoints: [join(dir, 'd{1...4}')], blockSize: 64 * 1024 });
  try {
    const set = st.sets[0]!;
    const layout = set.layoutFor('b', 'k');
    const size = 300_000; // 5 blocks, the last one partial
    const data = randomBytes(size);
    const path = 'tmp/obj';
    async function* body(): AsyncGenerator<Buffer> { yield data; }
    const res = await set.writeShards({ layout, path, body: body(), expectedSize: size, newFile: true });
    assert.equal(res.written.filter(Boolean).length, 4);
    const fdsBefore = await openFds();
    const frames = new FrameBufferPool(8);
    const read = async (start?: number, end?: number, onDegraded?: (bad: readonly number[]) => void): Promise<Buffer> => Buffer.concat(await set.readShardRange({
      layout, path, size, frames, ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}), ...(onDegraded ? { onDegraded } : {}),
    }));

    assert.deepEqual(await read(), data, 'whole file');
    for (const [a, b] of [[0, 0], [65_535, 65_536], [70_000, 200_000], [size - 1, size - 1], [131_072, size - 1]] as const) {
      assert.deepEqual(await read(a, b), data.subarray(a, b + 1), `range ${a}-${b}`);
    }
    // The chunks are views lent from the pool: handed back, their frames are reused.
    const chunks = await set.readShardRange({ layout, path, size, frames, start: 0, end: 65_535 });
    for (const c of chunks) frames.release(c);
    assert.equal(frames.statsForTest().owed, 0);

    await assert.rejects(read(0, size), InvalidRangeError);
    await assert.rejects(read(10, 5), InvalidRangeError);

    // One byte flipped in data shard 0's 2nd frame: the bytes are still exact, the drive reported.
    const d0 = layout.distribution.indexOf(0);
    const fh = await open(join(st.drives[d0]!.endpoint, '.cairn', path), 'r+');
    const pos = (32 * 1024 + 4) + 10;
    const { buffer: one } = await fh.read(Buffer.alloc(1), 0, 1, pos);
    await fh.write(Buffer.from([one[0]! ^ 0x5a]), 0, 1, pos);
    await fh.close();
    let bad: readonly number[] = [];
    assert.deepEqual(await read(undefined, undefined, (b) => { bad = b; }), data);
    assert.deepEqual(bad, [d0]);

    // Data shard 1's file gone too: still k good shards (the two parity ones).
    const d1 = layout.distribution.indexOf(1);
    await sharedReadHandles.clear();
    await unlink(join(st.drives[d1]!.endpoint, '.cairn', path));
    bad = [];
    assert.deepEqual(await read(1000, 250_000, (b) => { bad = b; }), data.subarray(1000, 250_001));
    assert.deepEqual([...bad].sort(), [d0, d1].sort());

    // A third shard gone: fewer than k, a QuorumError (never wrong bytes).
    const p0 = layout.distribution.indexOf(2);
    await sharedReadHandles.clear();
    await unlink(join(st.drives[p0]!.endpoint, '.cairn', path));
    await assert.rejects(read(), QuorumError);

    const aborted = new AbortController();
    aborted.abort();
    await assert.rejects(set.readShardRange({ layout, path, size, signal: aborted.signal }), { name: 'AbortError' });

    await sharedReadHandles.clear();
    assert.equal(await openFds(), fdsBefore, 'no file descriptor left open');
  } finally {
    await st.close();
  }
}));
