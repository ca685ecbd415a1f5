/**
 * Drive.createFile with newFile on LocalDrive: the PUT data path writes a shard straight into
 * its data file `data/<ab>/<dataId>` (one exclusive open; the fan-out dir made only when
 * missing; the entry fsync-ed by finish()), with no staging file and no dir of its own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDrive } from '../../../src/storage/drive/local-drive.js';
import { createStorage } from '../../../src/storage/create-storage.js';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-newfile-'));
  try { await fn(dir); } finally { await rm(dir, { recursive: true, force: true }); }
}

test('createFile newFile: makes a missing parent, writes beside others, refuses an existing file, abort removes it', () => withDir(async (dir) => {
  const drive = await LocalDrive.open(join(dir, 'd1'));
  try {
    const w = await drive.createFile('data/ab/abcd', { newFile: true });
    await w.write(Buffer.from('hello'));
    await w.finish();
    assert.equal((await drive.readAll('data/ab/abcd')).toString(), 'hello');
    const w2 = await drive.createFile('data/ab/abce', { newFile: true });
    await w2.finish();
    assert.deepEqual(await drive.list('data/ab'), ['abcd', 'abce'], 'a second file in an existing dir');
    await assert.rejects(drive.createFile('data/ab/abcd', { newFile: true }), 'an existing file is not new');
    assert.equal((await drive.readAll('data/ab/abcd')).toString(), 'hello', 'the refused create left it as it was');
    const w3 = await drive.createFile('data/cd/cdef', { newFile: true });
    await w3.write(Buffer.from('x'));
    await w3.abort();
    assert.deepEqual(await drive.list('data/cd'), [], 'abort removes the file');
    await drive.remove('data/ab/abcd');
    assert.deepEqual(await drive.list('data/ab'), ['abce'], 'remove takes a data file as it takes a data dir');
  } finally {
    await drive.close();
  }
}));

test('createFile newFile: concurrent creates into a fan-out dir made by one of them all finish', () => withDir(async (dir) => {
  const drive = await LocalDrive.open(join(dir, 'd1'));
  try {
    const names = Array.from({ length: 8 }, (_, i) => `data/ef/ef${i}`);
    await Promise.all(names.map(async (n) => {
      const w = await drive.createFile(n, { newFile: true });
      await w.write(Buffer.from(n));
      await w.finish();
    }));
    for (const n of names) assert.equal((await drive.readAll(n)).toString(), n);
  } finally {
    await drive.close();
  }
}));

test('writeShards newFile over 4 drives (EC 2+2): every shard is the data file itself, no dir and no tmp/ entry', () => withDir(async (dir) => {
  const endpoints = [1, 2, 3, 4].map((i) => join(dir, `d${i}`));
  const st = await createStorage({ endpoints, parity: 2 });
  try {
    const set = st.sets[0]!;
    const layout = set.layoutFor('b', 'k');
    const data = Buffer.alloc(300_000, 7);
    async function* body() { yield data.subarray(0, 100_000); yield data.subarray(100_000); }
    const res = await set.writeShards({ layout, path: 'data/12/12ab', newFile: true, body: body(), expectedSize: data.length });
    assert.deepEqual(res.written, [true, true, true, true]);
    const back: Buffer[] = [];
    for await (const c of set.readShards({ layout, path: 'data/12/12ab', size: data.length })) back.push(c as Buffer);
    assert.deepEqual(Buffer.concat(back), data);
    for (const e of endpoints) {
      assert.deepEqual(await readdir(join(e, '.cairn', 'data', '12')), ['12ab']);
      assert.ok((await stat(join(e, '.cairn', 'data', '12', '12ab'))).isFile());
      assert.deepEqual(await readdir(join(e, '.cairn', 'tmp')), []);
    }
  } finally {
    await st.close();
  }
}));
