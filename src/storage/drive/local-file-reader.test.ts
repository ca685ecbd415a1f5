import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32c } from '../../util/crc32c.js';
import { LocalFileReader } from './local-file-reader.js';
import type { ReadLease } from './read-handle-cache.js';

async function withFile(bytes: Buffer, fn: (path: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-reader-'));
  try {
    await writeFile(join(dir, 'f'), bytes);
    await fn(join(dir, 'f'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const hooks = {
  fail: (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
  shortRead: () => Object.assign(new Error('short read'), { code: 'ESHORT' }),
};

test('LocalFileReader: a close while reads run gives the handle back only after the last of them settled', () => withFile(randomBytes(48 << 20), async (path) => {
  const handle = await open(path, 'r');
  const released: boolean[] = [];
  const lease: ReadLease = { handle, release: (evict) => { released.push(evict === true); } };
  const reader = new LocalFileReader(lease, hooks);
  const plain = reader.read(0, 24 << 20);
  const summed = reader.readSummed(24 << 20, 24 << 20, undefined, 4);
  await reader.close();
  assert.deepEqual(released, [], 'not given back while its reads run (the descriptor stays open)');
  const [a, b] = await Promise.all([plain, summed]);
  assert.equal(a.length, 24 << 20);
  assert.equal(b.crc32c, crc32c(b.bytes.subarray(4)));
  assert.deepEqual(released, [false], 'given back once, after the reads');
  await reader.close();
  assert.deepEqual(released, [false], 'a second close changes nothing');
  await assert.rejects(reader.read(0, 1), { code: 'EBADF' });
  await handle.close();
}));

test('LocalFileReader: readSummed sums from sumFrom on; a read past the end is a short read that evicts the handle', () => withFile(randomBytes(100_000), async (path) => {
  const handle = await open(path, 'r');
  const released: boolean[] = [];
  const reader = new LocalFileReader({ handle, release: (evict) => { released.push(evict === true); } }, hooks);
  const into = Buffer.alloc(1000);
  const r = await reader.readSummed(500, 1000, into, 4);
  assert.equal(r.bytes, into, 'read into the buffer given');
  assert.equal(r.crc32c, crc32c(into.subarray(4)));
  await assert.rejects(reader.readSummed(0, 10, undefined, -1), RangeError);
  await assert.rejects(reader.read(99_990, 20), { code: 'ESHORT' });
  await reader.close();
  assert.deepEqual(released, [true], 'a short read spoils the handle: evicted, not reused');
  await handle.close();
}));
