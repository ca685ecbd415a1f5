/**
 * The fast paths of the shard data path on LocalDrive: gathered writes (writer.writev) and a
 * shard file opened once per read stream (drive.openFile), plus the fetcher closing every
 * file it opened (no descriptor leak on a full read, a range read or a destroyed stream).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readlink, rm, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createStorage } from '../../../src/storage/create-storage.js';
import { LocalDrive } from '../../../src/storage/drive/local-drive.js';
import { sharedReadHandles } from '../../../src/storage/drive/read-handle-cache.js';
import { BitrotError, FileNotFoundError } from '../../../src/errors/domain-errors.js';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-gio-'));
  try { await fn(dir); } finally { await rm(dir, { recursive: true, force: true }); }
}

async function openFds(): Promise<number> {
  return (await readdir('/proc/self/fd')).length;
}

/** Open descriptors of files whose path ends with `suffix`. */
async function openFilesEndingWith(suffix: string): Promise<number> {
  let n = 0;
  for (const fd of await readdir('/proc/self/fd')) {
    try { if ((await readlink(`/proc/self/fd/${fd}`)).endsWith(suffix)) n++; } catch { /* closed meanwhile */ }
  }
  return n;
}

async function drain(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  stream.on('data', (c: Buffer) => parts.push(c));
  await once(stream, 'end');
  return Buffer.concat(parts);
}

test('LocalDrive writev: the file holds the concatenation, empty buffers included; durable after finish', () => withDir(async (dir) => {
  const drive = await LocalDrive.open(join(dir, 'd1'));
  try {
    const parts = [randomBytes(4), Buffer.alloc(0), randomBytes(100_000), randomBytes(3), Buffer.alloc(0)];
    const w = await drive.createFile('tmp/a/part.1');
    assert.ok(w.writev !== undefined);
    await w.writev(parts);
    await w.write(Buffer.from('tail'));
    await w.writev([]);
    await w.finish();
    const want = Buffer.concat([...parts, Buffer.from('tail')]);
    assert.deepEqual(await drive.readAll('tmp/a/part.1'), want);
    await assert.rejects(w.writev([Buffer.from('x')]), Error, 'writev after finish is refused');
  } finally {
    await drive.close();
  }
}));

test('LocalDrive openFile: positional reads (also concurrent), short read is BitrotError, missing is FileNotFoundError', () => withDir(async (dir) => {
  const drive = await LocalDrive.open(join(dir, 'd1'));
  try {
    const data = randomBytes(300_000);
    const w = await drive.createFile('tmp/b/part.1');
    await w.write(data);
    await w.finish();
    const r = await drive.openFile('tmp/b/part.1');
    const [x, y, z] = await Promise.all([r.read(0, 10), r.read(150_000, 100_000), r.read(299_990, 10)]);
    assert.deepEqual(x, data.subarray(0, 10));
    assert.deepEqual(y, data.subarray(150_000, 250_000));
    assert.deepEqual(z, data.subarray(299_990));
    assert.equal((await r.read(5, 0)).length, 0);
    await assert.rejects(r.read(299_995, 10), BitrotError);
    await assert.rejects(r.read(-1, 10), RangeError);
    await assert.rejects(r.read(0, Number.NaN), RangeError);
    await r.close();
    await r.close(); // idempotent, never throws
    await assert.rejects(r.read(0, 10), Error);
    await assert.rejects(drive.openFile('tmp/nope/part.1'), FileNotFoundError);
    assert.equal(drive.isOnline(), true, 'a missing file does not affect health');
  } finally {
    await drive.close();
  }
}));

test('readShards over LocalDrives: exact bytes, a corrupt shard is healed by decode, every opened file is closed or kept by the read handle cache until the drives close', () => withDir(async (dir) => {
  const st = await createStorage({ endpoints: [join(dir, 'd{1...4}')], blockSize: 64 * 1024 });
  try {
    const set = st.sets[0]!;
    const layout = set.layoutFor('b', 'k');
    const size = 1024 * 1024 + 12_345;
    const data = randomBytes(size);
    async function* body() { for (let o = 0; o < size; o += 65_536) yield data.subarray(o, Math.min(o + 65_536, size)); }
    const res = await set.writeShards({ layout, path: 'tmp/obj/part.1', body: body(), expectedSize: size });
    assert.equal(res.written.filter(Boolean).length, 4);
    assert.equal(sharedReadHandles.size, 0);
    const before = await openFds();
    assert.deepEqual(await drain(set.readShards({ layout, path: 'tmp/obj/part.1', size })), data);
    assert.deepEqual(await drain(set.readShards({ layout, path: 'tmp/obj/part.1', size, start: 70_000, end: 700_000 })), data.subarray(70_000, 700_001));

    // Corrupt one byte of the data shard 0 file in its 3rd frame: the read still returns the exact bytes.
    const d0 = layout.distribution.indexOf(0);
    const fh = await open(join(st.drives[d0]!.endpoint, '.cairn', 'tmp/obj/part.1'), 'r+');
    const pos = 2 * (32 * 1024 + 4) + 10;
    const { buffer: old } = await fh.read(Buffer.alloc(1), 0, 1, pos);
    await fh.write(Buffer.from([old[0]! ^ 0x5a]), 0, 1, pos);
    await fh.close();
    let bad: readonly number[] = [];
    const healed = set.readShards({ layout, path: 'tmp/obj/part.1', size, onDegraded: (b) => { bad = b; } });
    assert.deepEqual(await drain(healed), data);
    assert.deepEqual(bad, [d0]);

    // Destroyed half way: files are closed too.
    const cut = set.readShards({ layout, path: 'tmp/obj/part.1', size });
    await once(cut, 'data');
    cut.destroy();
    await once(cut, 'close');
    // Every shard file opened is kept by the read handle cache (a reader's close gives it back).
    const kept = sharedReadHandles.size;
    assert.ok(kept >= 2 && kept <= 4, `one kept handle per shard file read (${kept})`);
    assert.equal(await openFds(), before + kept, 'no file descriptor left open but the kept ones');
  } finally {
    await st.close();
  }
  assert.equal(sharedReadHandles.size, 0, 'closing the drives drops their handles');
  assert.equal(await openFilesEndingWith('/tmp/obj/part.1'), 0, 'and closes them before close() resolves');
}));
