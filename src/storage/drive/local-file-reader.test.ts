import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFileReader } from './local-file-reader.js';
import type { ReadLease } from './read-handle-cache.js';

describe('LocalFileReader', () => {
  let dir: string;
  let file: string;
  const bytes = Buffer.from(Array.from({ length: 256 * 1024 }, (_, i) => (i * 7) & 0xff));
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-file-reader-'));
    file = join(dir, 'shard');
    await writeFile(file, bytes);
  });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  const hooks = { fail: (err: unknown) => (err instanceof Error ? err : new Error(String(err))), shortRead: () => new Error('short read') };

  /** A lease over a real handle that records when (and how) it was given back; closes the handle then. */
  async function lease(): Promise<{ lease: ReadLease; released: boolean[] }> {
    const handle = await open(file, 'r');
    const released: boolean[] = [];
    return { released, lease: { handle, release: (evict = false) => { released.push(evict); void handle.close(); } } };
  }

  it('reads exact ranges at offsets, into a given buffer or a new one', async () => {
    const { lease: l, released } = await lease();
    const r = new LocalFileReader(l, hooks);
    assert.deepEqual(await r.read(1000, 5000), bytes.subarray(1000, 6000));
    const into = Buffer.alloc(4096);
    assert.equal(await r.read(bytes.length - 4096, 4096, into), into);
    assert.deepEqual(into, bytes.subarray(bytes.length - 4096));
    await r.close();
    await r.close();
    assert.deepEqual(released, [false], 'given back once, for reuse');
  });

  it('closed while reads are in flight: the lease goes back after the last one settles, and they read right', async () => {
    const { lease: l, released } = await lease();
    const r = new LocalFileReader(l, hooks);
    const reads = [r.read(0, 128 * 1024), r.read(128 * 1024, 128 * 1024)];
    await r.close();
    assert.deepEqual(released, [], 'not before the reads settle');
    const [a, b] = await Promise.all(reads);
    assert.deepEqual(Buffer.concat([a!, b!]), bytes);
    assert.deepEqual(released, [false]);
    await assert.rejects(r.read(0, 10), /reader closed/);
  });

  it('a read past the end is a short read, and the handle is not reused', async () => {
    const { lease: l, released } = await lease();
    const r = new LocalFileReader(l, hooks);
    await assert.rejects(r.read(bytes.length - 10, 20), /short read/);
    await r.close();
    assert.deepEqual(released, [true]);
  });
});
