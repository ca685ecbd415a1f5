/**
 * Drive.createFile with newDir on LocalDrive: the PUT data path writes a shard straight into
 * a new data dir (one mkdir, the dir's entry fsync-ed by finish()), with no staging dir.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDrive } from '../../../src/storage/drive/local-drive.js';
import { createStorage } from '../../../src/storage/create-storage.js';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-newdir-'));
  try { await fn(dir); } finally { await rm(dir, { recursive: true, force: true }); }
}

test('createFile newDir: makes the dir (and a missing parent), refuses an existing one, file durable after finish', () => withDir(async (dir) => {
  const drive = await LocalDrive.open(join(dir, 'd1'));
  try {
    const w = await drive.createFile('data/ab/abcd/part.1', { newDir: true });
    await w.write(Buffer.from('hello'));
    await w.finish();
    assert.equal((await drive.readAll('data/ab/abcd/part.1')).toString(), 'hello');
    const w2 = await drive.createFile('data/ab/abce/part.1', { newDir: true });
    await w2.finish();
    assert.deepEqual(await drive.list('data/ab'), ['abcd', 'abce'], 'a second dir under an existing parent');
    await assert.rejects(drive.createFile('data/ab/abcd/part.2', { newDir: true }), 'an existing dir is not new');
    const w3 = await drive.createFile('data/cd/cdef/part.1', { newDir: true });
    await w3.abort();
    assert.deepEqual(await drive.list('data/cd/cdef'), [], 'abort removes the file; the caller removes the dir');
  } finally {
    await drive.close();
  }
}));

test('writeShards newDir over 4 drives (EC 2+2): every shard lands in the new dir, no tmp/ entry is made', () => withDir(async (dir) => {
  const endpoints = [1, 2, 3, 4].map((i) => join(dir, `d${i}`));
  const st = await createStorage({ endpoints, parity: 2 });
  try {
    const set = st.sets[0]!;
    const layout = set.layoutFor('b', 'k');
    const data = Buffer.alloc(300_000, 7);
    async function* body() { yield data.subarray(0, 100_000); yield data.subarray(100_000); }
    const res = await set.writeShards({ layout, path: 'data/12/12ab/part.1', newDir: true, body: body(), expectedSize: data.length });
    assert.deepEqual(res.written, [true, true, true, true]);
    const back: Buffer[] = [];
    for await (const c of set.readShards({ layout, path: 'data/12/12ab/part.1', size: data.length })) back.push(c as Buffer);
    assert.deepEqual(Buffer.concat(back), data);
    for (const e of endpoints) {
      assert.deepEqual(await readdir(join(e, '.cairn', 'data', '12', '12ab')), ['part.1']);
      assert.deepEqual(await readdir(join(e, '.cairn', 'tmp')), []);
    }
  } finally {
    await st.close();
  }
}));
