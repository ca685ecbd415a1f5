/**
 * Drive.createFile with newFile on LocalDrive: the PUT data path writes a shard straight into
 * its data file `data/<ab>/<dataId>` (one exclusive open; the fan-out dir made only when
 * missing; the entry fsync-ed by finish()), with no staging file and no dir of its own.
 */
import { test } from 'node:test';
import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat, statfs } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDrive } from '../../../src/storage/drive/local-drive.js';
import { createStorage } from '../../../src/storage/create-storage.js';
import { selectDataCache } from '../../../src/storage/drive/data-cache-policy.js';
import { DIRECT_WRITE_MIN_BYTES, selectDirectWrites } from '../../../src/storage/drive/direct-write-policy.js';

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

test('createFile newFile + singleWrite: nothing opened until the first call; finishWith writes the whole file; a missing fan-out dir is made; an existing file is refused at the write and kept', () => withDir(async (dir) => {
  const drive = await LocalDrive.open(join(dir, 'd1'));
  const files = join(dir, 'd1', '.cairn', 'data');
  try {
    const one = { newFile: true, singleWrite: true } as const;
    const w = await drive.createFile('data/aa/aa01', one);
    await assert.rejects(stat(join(files, 'aa')), { code: 'ENOENT' }, 'createFile made nothing yet');
    assert.ok(w.finishWith !== undefined);
    const shard = Buffer.alloc(70_000, 3);
    await w.finishWith!([Buffer.alloc(4), shard], [0, 1]);
    const back = await drive.readAll('data/aa/aa01');
    assert.equal(back.length, 70_004, 'the fan-out dir was made and the file written');
    assert.deepEqual(back.subarray(4), shard);
    await assert.rejects(w.finish(), 'a finished writer takes no more calls');

    const w2 = await drive.createFile('data/aa/aa02', one);
    await w2.finishWith!([Buffer.from('two')]);
    assert.equal((await drive.readAll('data/aa/aa02')).toString(), 'two', 'into an existing dir: the one-call path');

    const dup = await drive.createFile('data/aa/aa02', one);
    await assert.rejects(dup.finishWith!([Buffer.from('other')]), 'an existing file is not new');
    await dup.abort();
    assert.equal((await drive.readAll('data/aa/aa02')).toString(), 'two', 'the refused create and its abort left it as it was');

    const w3 = await drive.createFile('data/aa/aa03', one);
    await w3.write(Buffer.from('a'));
    await w3.writev!([Buffer.from('b'), Buffer.from('c')]);
    await w3.finish();
    assert.equal((await drive.readAll('data/aa/aa03')).toString(), 'abc', 'other calls open the file the usual way');

    const w4 = await drive.createFile('data/aa/aa04', one);
    await w4.finishWith!([Buffer.from('four')]);
    await w4.abort();
    const w5 = await drive.createFile('data/bb/bb05', one);
    const late = w5.finishWith!([Buffer.alloc(300_000, 5)]);
    await w5.abort(); // while its call may still run: it is waited for, then undone
    await late.catch(() => undefined);
    assert.deepEqual(await drive.list('data/aa'), ['aa01', 'aa02', 'aa03'], 'abort removes a finished single-write file');
    assert.deepEqual((await drive.list('data/bb').catch(() => [])), [], 'abort during the call leaves nothing');
    const w6 = await drive.createFile('data/aa/aa06', one);
    await w6.abort();
    await assert.rejects(w6.finishWith!([Buffer.from('x')]), 'an aborted writer writes nothing');
    assert.deepEqual(await drive.list('data/aa'), ['aa01', 'aa02', 'aa03']);
  } finally {
    await drive.close();
  }
}));

test('writeShards of a one-block body over 4 drives (EC 2+2) and over 1 drive: the data file written whole on each', () => withDir(async (dir) => {
  for (const [drives, parity] of [[4, 2], [1, 0]] as const) {
    const endpoints = Array.from({ length: drives }, (_, i) => join(dir, `n${drives}-${i}`));
    const st = await createStorage({ endpoints, parity });
    try {
      const set = st.sets[0]!;
      const layout = set.layoutFor('b', 'k');
      assert.ok(layout.blockSize >= 262_144);
      for (const size of [1, 262_144, layout.blockSize]) {
        const data = randomBytes(size);
        const path = `data/34/34${size}`;
        async function* body() { yield data.subarray(0, Math.floor(size / 3)); yield data.subarray(Math.floor(size / 3)); }
        const res = await set.writeShards({ layout, path, newFile: true, body: body(), expectedSize: size });
        assert.deepEqual(res.written, new Array(drives).fill(true));
        const back: Buffer[] = [];
        for await (const c of set.readShards({ layout, path, size })) back.push(c as Buffer);
        assert.deepEqual(Buffer.concat(back), data, `${drives} drives, ${size} B`);
      }
      // A body longer than it said: refused, and nothing is left on any drive.
      async function* tooLong() { yield Buffer.alloc(1000, 1); yield Buffer.alloc(10, 2); }
      await assert.rejects(set.writeShards({ layout, path: 'data/34/34long', newFile: true, body: tooLong(), expectedSize: 1000 }));
      for (const e of endpoints) assert.deepEqual((await readdir(join(e, '.cairn', 'data', '34'))).filter((n) => n.endsWith('long')), []);
    } finally {
      await st.close();
    }
  }
}));

test('writeShards over 4 drives (EC 2+2), written through the page cache (CAIRN_DIRECT_WRITES off): the parity shards\' pages leave it once synced, the data shards\' stay', () => withDir(async (dir) => {
  if ((await statfs(dir)).type === 0x01021994) return; // tmpfs: the page cache is the storage
  const endpoints = [1, 2, 3, 4].map((i) => join(dir, `p${i}`));
  const st = await createStorage({ endpoints, parity: 2 });
  selectDirectWrites(false);
  try {
    const set = st.sets[0]!;
    const layout = set.layoutFor('b', 'k');
    for (const size of [300_000, Math.floor(layout.blockSize * 2.5)]) {
      const data = randomBytes(size);
      const path = `data/56/56${size}`;
      async function* body() { yield data; }
      await set.writeShards({ layout, path, newFile: true, body: body(), expectedSize: size });
      for (const [d, e] of endpoints.entries()) {
        const file = join(e, '.cairn', 'data', '56', `56${size}`);
        const pages = Number(execFileSync('fincore', ['--noheadings', '--output', 'PAGES', file], { encoding: 'utf8' }).trim());
        if (layout.distribution[d]! >= layout.k) assert.equal(pages, 0, `parity shard on drive ${d} (${size} B body) is not cached`);
        else assert.ok(pages > 0, `data shard on drive ${d} (${size} B body) stays cached`);
      }
    }
  } finally {
    selectDirectWrites(true);
    await st.close();
  }
}));

test('LocalDrive.open marks data/ as the top of a hierarchy on ext4 (chattr +T), so the fan-out dirs spread over block groups', () => withDir(async (dir) => {
  const drive = await LocalDrive.open(join(dir, 'top'));
  try {
    const data = join(dir, 'top', '.cairn', 'data');
    assert.ok((await stat(data)).isDirectory());
    if ((await statfs(data)).type === 0xef53) {
      const attrs = execFileSync('lsattr', ['-d', data], { encoding: 'utf8' }).split(/\s+/)[0]!;
      assert.ok(attrs.includes('T'), `lsattr -d: ${attrs}`);
    }
    const again = await LocalDrive.open(join(dir, 'top2'));
    await again.close();
  } finally {
    await drive.close();
  }
}));

test('CAIRN_DATA_CACHE (direct writes off): drop leaves new shard files (one job or the usual writer) and what a read brought in out of the page cache; keep leaves them cached', () => withDir(async (dir) => {
  if ((await statfs(dir)).type === 0x01021994) return; // tmpfs: the cache is the storage
  const pages = (file: string) => Number(execFileSync('fincore', ['--noheadings', '--output', 'PAGES', file], { encoding: 'utf8' }).trim());
  const drive = await LocalDrive.open(join(dir, 'cache'));
  const body = randomBytes(200 * 1024);
  const sys = join(dir, 'cache', '.cairn');
  selectDirectWrites(false); // every file through the page cache: what the cache choice then does
  try {
    for (const choice of ['keep', 'drop'] as const) {
      selectDataCache(choice);
      const one = await drive.createFile(`data/ab/one-${choice}`, { newFile: true, singleWrite: true });
      await one.finishWith!([body]);
      const usual = await drive.createFile(`data/ab/usual-${choice}`, { newFile: true });
      await usual.write(body);
      await usual.finish();
      for (const f of ['one', 'usual']) {
        const n = pages(join(sys, 'data', 'ab', `${f}-${choice}`));
        if (choice === 'drop') assert.equal(n, 0, `${f}: written with drop, nothing cached`);
        else assert.ok(n > 0, `${f}: written with keep, cached (${n})`);
      }
      // Dropped whatever the choice first, so that only the read below can bring pages back.
      selectDataCache('drop');
      const cold = await drive.createFile(`data/ab/read-${choice}`, { newFile: true, singleWrite: true });
      await cold.finishWith!([body]);
      selectDataCache(choice);
      const r = await drive.openFile(`data/ab/read-${choice}`);
      try {
        assert.deepEqual(await r.read(0, body.length), body);
      } finally {
        await r.close();
      }
      const n = pages(join(sys, 'data', 'ab', `read-${choice}`));
      if (choice === 'drop') assert.equal(n, 0, 'read with drop: nothing left cached');
      else assert.ok(n > 0, `read with keep: cached (${n})`);
      assert.deepEqual(await drive.readFile(`data/ab/read-${choice}`, 0, body.length), body);
    }
  } finally {
    selectDataCache('keep');
    selectDirectWrites(true);
    await drive.close();
  }
}));

test('CAIRN_DIRECT_WRITES: a one-block file of DIRECT_WRITE_MIN_BYTES or more and a streamed file are written around the page cache (at most the tail page cached), a smaller one-block file or any with off through it; the bytes are the same', () => withDir(async (dir) => {
  const ext4 = (await statfs(dir)).type === 0xef53;
  const pages = (file: string) => Number(execFileSync('fincore', ['--noheadings', '--output', 'PAGES', file], { encoding: 'utf8' }).trim());
  const drive = await LocalDrive.open(join(dir, 'direct'));
  const sys = join(dir, 'direct', '.cairn', 'data', 'cd');
  try {
    for (const on of [true, false]) {
      selectDirectWrites(on);
      for (const size of [DIRECT_WRITE_MIN_BYTES - 4096, DIRECT_WRITE_MIN_BYTES, 1024 * 1024 + 4]) {
        const header = Buffer.alloc(4, 7);
        const body = randomBytes(size - 4);
        const name = `f-${on}-${size}`;
        const w = await drive.createFile(`data/cd/${name}`, { newFile: true, singleWrite: true });
        await w.finishWith!([header, body]);
        assert.deepEqual(await drive.readFile(`data/cd/${name}`, 0, size), Buffer.concat([header, body]));
        if (!ext4) continue;
        // readFile above read the file back through the cache: count what the write left instead.
        const dropped = `data/cd/${name}-count`;
        const again = await drive.createFile(dropped, { newFile: true, singleWrite: true });
        await again.finishWith!([header, body]);
        const n = pages(join(sys, `${name}-count`));
        if (on && size >= DIRECT_WRITE_MIN_BYTES) assert.ok(n <= 1, `${size} B written direct: ${n} pages cached, at most the tail's`);
        else assert.ok(n >= Math.floor(size / 4096), `${size} B written through the cache (direct ${on}): ${n} pages cached`);
      }
      // A file written in a stream (the usual writer: several writes, then finish).
      const parts = [randomBytes(300_000), randomBytes(1024 * 1024 + 4), randomBytes(77)];
      const usual = await drive.createFile(`data/cd/stream-${on}`, { newFile: true });
      for (const p of parts) await usual.write(p);
      await usual.finish();
      if (ext4) {
        const n = pages(join(sys, `stream-${on}`));
        if (on) assert.ok(n <= 1, `streamed direct: ${n} pages cached, at most the tail's`);
        else assert.ok(n >= 300, `streamed through the cache: ${n} pages cached`);
      }
      assert.deepEqual(await drive.readFile(`data/cd/stream-${on}`, 0, 1_348_657), Buffer.concat(parts));
    }
  } finally {
    selectDirectWrites(true);
    await drive.close();
  }
}));
