/**
 * The two FileIo implementations (storage/drive/file-io.ts) against one contract on a real file
 * system: exclusive and truncating opens, gathered positional writes (more buffers than one
 * pwritev takes), fdatasync + close, directory fsync, and errors shaped as node:fs's (code,
 * errno, syscall, path) so the drive's errno classification reads them. The native addon must
 * be built here (npm ci builds it): its absence fails the test instead of skipping it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, readdir, readlink, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileIo } from '../../../src/storage/drive/file-io.js';
import { fileIo, fileIoNativeUnavailable, selectFileIo } from '../../../src/storage/drive/file-io.js';
import { nativeFileIo } from '../../../src/storage/drive/native-file-io.js';
import { nodeFileIo } from '../../../src/storage/drive/node-file-io.js';
import { classifyFsError } from '../../../src/storage/drive/fs-errors.js';
import { crc32c } from '../../../src/util/crc32c.js';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-fileio-'));
  try { await fn(dir); } finally { await rm(dir, { recursive: true, force: true }); }
}

/** Open descriptors of this process that point into `dir`. */
async function fdsUnder(dir: string): Promise<number> {
  let n = 0;
  for (const fd of await readdir('/proc/self/fd')) {
    try { if ((await readlink(`/proc/self/fd/${fd}`)).startsWith(dir)) n++; } catch { /* closed meanwhile */ }
  }
  return n;
}

test('the native file addon is built and selected by default', () => {
  assert.equal(fileIoNativeUnavailable(), undefined, `addon missing: ${fileIoNativeUnavailable()}`);
  assert.ok(nativeFileIo !== undefined);
  assert.equal(fileIo().name, 'native');
  assert.equal(selectFileIo('node').name, 'node');
  assert.equal(fileIo(), nodeFileIo);
  assert.equal(selectFileIo('auto').name, 'native');
  assert.equal(selectFileIo('native').name, 'native');
});

const impls: [string, () => FileIo][] = [['node', () => nodeFileIo], ['native', () => nativeFileIo!]];

for (const [name, io] of impls) {
  test(`${name}: exclusive create, gathered positional writes, sync + close; the bytes and mode as written`, () => withDir(async (dir) => {
    const path = join(dir, 'f');
    const f = await io().openWrite(path, true, 0o640);
    // 1,500 buffers: more than one pwritev call takes (IOV_MAX 1,024), some of them large.
    const parts = Array.from({ length: 1500 }, (_, i) => randomBytes(i % 100 === 0 ? 70_000 : 1 + (i % 37)));
    const head = parts.slice(0, 700);
    const tail = parts.slice(700);
    const headLen = head.reduce((n, b) => n + b.length, 0);
    await f.writev(tail, headLen); // positional: the second half first
    await f.writev(head, 0);
    assert.equal(await fdsUnder(dir), 1);
    await f.syncClose();
    assert.equal(await fdsUnder(dir), 0, 'syncClose closes the descriptor');
    assert.deepEqual(await readFile(path), Buffer.concat(parts));
    assert.equal((await stat(path)).mode & 0o777, 0o640);
    await assert.rejects(io().openWrite(path, true, 0o600), (err: NodeJS.ErrnoException) => {
      assert.equal(err.code, 'EEXIST');
      assert.equal(err.syscall, 'open');
      assert.equal(err.path, path);
      assert.equal(err.errno, -17);
      assert.equal(classifyFsError(err), 'path');
      return true;
    });
    assert.equal(await fdsUnder(dir), 0, 'a refused open leaves no descriptor');
  }));

  test(`${name}: buffers larger than one call's byte limit (native: 256 KiB per pwritev) are written whole, cut anywhere`, () => withDir(async (dir) => {
    const path = join(dir, 'big');
    const f = await io().openWrite(path, true, 0o600);
    const first = [randomBytes(3), randomBytes(1024 * 1024 + 5), randomBytes(256 * 1024), randomBytes(1)];
    const second = [randomBytes(2 * 1024 * 1024 + 1), Buffer.alloc(0), randomBytes(256 * 1024 - 3)];
    const at = first.reduce((n, b) => n + b.length, 0);
    await f.writev(second, at);
    await f.writev(first, 0);
    await f.syncClose();
    assert.deepEqual(await readFile(path), Buffer.concat([...first, ...second]));
  }));

  test(`${name}: a truncating open replaces what the file held; close without sync`, () => withDir(async (dir) => {
    const path = join(dir, 'g');
    await writeFile(path, randomBytes(100_000));
    const f = await io().openWrite(path, false, 0o600);
    await f.writev([Buffer.from('abc'), Buffer.from('def')], 0);
    await f.close();
    assert.equal((await readFile(path)).toString(), 'abcdef');
    assert.equal(await fdsUnder(dir), 0);
  }));

  test(`${name}: errors carry node:fs's code, syscall and path`, () => withDir(async (dir) => {
    const missing = join(dir, 'no', 'such', 'f');
    await assert.rejects(io().openWrite(missing, true, 0o600), (err: NodeJS.ErrnoException) => {
      assert.equal(err.code, 'ENOENT');
      assert.equal(err.syscall, 'open');
      assert.equal(err.path, missing);
      assert.equal(classifyFsError(err), 'missing');
      return true;
    });
    await assert.rejects(io().syncDir(join(dir, 'nodir')), { code: 'ENOENT' });
    await writeFile(join(dir, 'plain'), 'x');
    // node opens a file for fsync happily; the native call insists on a directory (O_DIRECTORY).
    if (name === 'native') await assert.rejects(io().syncDir(join(dir, 'plain')), { code: 'ENOTDIR', syscall: 'open' });
    await io().syncDir(dir);
    assert.equal(await fdsUnder(dir), 0, 'syncDir closes what it opened');
  }));
}

for (const [name, io] of impls) {
  test(`${name}: writeNewFile makes a whole file in one call: frames summed, synced, its directory synced, nothing left open`, () => withDir(async (dir) => {
    const path = join(dir, 'w');
    const a = randomBytes(200_000);
    const b = randomBytes(3);
    const chunks = [Buffer.alloc(4), a, Buffer.alloc(4), b];
    await io().writeNewFile(path, chunks, { mode: 0o640, sums: [0, 1, 2, 3], dir });
    const back = await readFile(path);
    assert.equal(back.length, 200_011);
    assert.equal(back.readUInt32LE(0), crc32c(a) >>> 0);
    assert.deepEqual(back.subarray(4, 200_004), a);
    assert.equal(back.readUInt32LE(200_004), crc32c(b) >>> 0);
    assert.deepEqual(back.subarray(200_008), b);
    assert.equal((await stat(path)).mode & 0o777, 0o640);
    await io().writeNewFile(join(dir, 'nodir-sync'), [Buffer.from('plain')], { mode: 0o600 });
    assert.equal((await readFile(join(dir, 'nodir-sync'))).toString(), 'plain');
    assert.equal(await fdsUnder(dir), 0);
  }));

  test(`${name}: writeNewFile refuses an existing file and leaves it; a missing directory is ENOENT with nothing made; a failed directory sync removes the file`, () => withDir(async (dir) => {
    const path = join(dir, 'x');
    await writeFile(path, 'theirs');
    await assert.rejects(io().writeNewFile(path, [Buffer.from('mine')], { mode: 0o600, dir }), (err: NodeJS.ErrnoException) => {
      assert.equal(err.code, 'EEXIST');
      assert.equal(err.syscall, 'open');
      assert.equal(err.path, path);
      return true;
    });
    assert.equal((await readFile(path)).toString(), 'theirs', 'a refused create leaves the existing file as it was');
    const missing = join(dir, 'no', 'y');
    await assert.rejects(io().writeNewFile(missing, [Buffer.from('z')], { mode: 0o600, dir: join(dir, 'no') }), (err: NodeJS.ErrnoException) => {
      assert.equal(err.code, 'ENOENT');
      assert.equal(classifyFsError(err), 'missing');
      return true;
    });
    const orphan = join(dir, 'orphan');
    const gone = join(dir, 'gone');
    await assert.rejects(io().writeNewFile(orphan, [Buffer.from('data')], { mode: 0o600, dir: gone }), (err: NodeJS.ErrnoException) => {
      assert.equal(err.code, 'ENOENT');
      assert.equal(err.path, gone, 'the error names the directory whose sync failed');
      return true;
    });
    assert.deepEqual((await readdir(dir)).sort(), ['x'], 'the file whose directory sync failed is gone');
    assert.equal(await fdsUnder(dir), 0);
  }));
}

/** Pages of `path` in the page cache (util-linux fincore); undefined on tmpfs, where the cache is the storage. */
async function cachedPages(path: string): Promise<number | undefined> {
  if ((await statfs(path)).type === 0x01021994) return undefined;
  return Number(execFileSync('fincore', ['--noheadings', '--output', 'PAGES', path], { encoding: 'utf8' }).trim());
}

test('native: dropCache leaves a synced file\'s pages out of the page cache (writeNewFile and syncClose); without it they stay', () => withDir(async (dir) => {
  const io = nativeFileIo!;
  const body = randomBytes(256 * 1024);
  await io.writeNewFile(join(dir, 'kept'), [body], { mode: 0o600, dir, dropCache: false });
  await io.writeNewFile(join(dir, 'dropped'), [body], { mode: 0o600, dir, dropCache: true });
  const f = await io.openWrite(join(dir, 'dropped2'), true, 0o600);
  await f.writev([body], 0);
  await f.syncClose(true);
  const kept = await cachedPages(join(dir, 'kept'));
  if (kept !== undefined) {
    assert.ok(kept > 0, `a file written without dropCache stays cached (${kept} pages)`);
    assert.equal(await cachedPages(join(dir, 'dropped')), 0);
    assert.equal(await cachedPages(join(dir, 'dropped2')), 0);
  }
  assert.deepEqual(await readFile(join(dir, 'dropped')), body);
  assert.deepEqual(await readFile(join(dir, 'dropped2')), body);
}));

test('native: writeNewFile with direct writes the file\'s whole 4 KiB blocks around the page cache and the tail through it: the bytes are the same for any shape of chunks; tmpfs and node write them buffered', () => withDir(async (dir) => {
  const shapes: Array<[string, number[]]> = [
    ['exact', [1024 * 1024]], // whole blocks only: no tail
    ['frames', [4, 512 * 1024, 4, 512 * 1024 + 3]], // summed frames, a 7-byte tail
    ['uneven', [4, 1000, 3 * 1024 * 1024 + 777, 1, 4096]], // more than one stage (1 MiB) of gathering
    ['small', [4, 4000]], // under one block: all tail
  ];
  const shm = await mkdtemp('/dev/shm/cairn-fileio-');
  try {
    for (const [shape, sizes] of shapes) {
      const chunks = sizes.map((n) => (n === 4 ? Buffer.alloc(4) : randomBytes(n)));
      const sums = shape === 'frames' ? [0, 1, 2, 3] : undefined;
      for (const [where, io] of [[dir, nativeFileIo!], [shm, nativeFileIo!], [dir, nodeFileIo]] as const) {
        const path = join(where, `${shape}-${io.name}`);
        await io.writeNewFile(path, chunks, { mode: 0o600, sums, dir: where, direct: true });
        const back = await readFile(path);
        assert.deepEqual(back, Buffer.concat(chunks), `${shape} on ${where} by ${io.name}`);
        if (sums) {
          assert.equal(back.readUInt32LE(0), crc32c(chunks[1]!) >>> 0);
          assert.equal(back.readUInt32LE(4 + 512 * 1024), crc32c(chunks[3]!) >>> 0);
        }
      }
    }
    assert.equal(await fdsUnder(dir), 0);
    assert.equal(await fdsUnder(shm), 0);
    // What the write leaves cached (a fresh file, not read back): only the tail's page.
    const body = randomBytes(1024 * 1024 + 100);
    await nativeFileIo!.writeNewFile(join(dir, 'direct'), [body], { mode: 0o600, direct: true });
    await nativeFileIo!.writeNewFile(join(dir, 'buffered'), [body], { mode: 0o600 });
    const direct = await cachedPages(join(dir, 'direct'));
    if (direct !== undefined) {
      assert.ok(direct <= 1, `direct: ${direct} pages cached, at most the tail's`);
      assert.ok((await cachedPages(join(dir, 'buffered')))! >= 256, 'buffered: the file is cached');
    }
    assert.deepEqual(await readFile(join(dir, 'direct')), body);
  } finally {
    await rm(shm, { recursive: true, force: true });
  }
}));

test('native: a file opened with direct keeps each write\'s tail under 4 KiB for the next one and writes it at syncClose: the bytes are the same for any sizes; its blocks bypass the page cache; tmpfs and node write buffered', () => withDir(async (dir) => {
  const sizes = [100_000, 3, 1024 * 1024 + 5, 4096, 1, 2 * 1024 * 1024 + 7, 4093];
  const shm = await mkdtemp('/dev/shm/cairn-fileio-');
  try {
    for (const [where, io] of [[dir, nativeFileIo!], [shm, nativeFileIo!], [dir, nodeFileIo]] as const) {
      const path = join(where, `stream-${io.name}`);
      const f = await io.openWrite(path, true, 0o600, true);
      const written: Buffer[] = [];
      let at = 0;
      for (const [i, n] of sizes.entries()) {
        const body = randomBytes(n);
        // The first write is a summed frame (its header filled on the pool thread).
        const chunks = i === 0 ? [Buffer.alloc(4), body] : i === 4 ? [Buffer.alloc(0), body] : [body];
        await f.writev(chunks, at, i === 0 ? [0, 1] : undefined);
        written.push(...chunks);
        at += chunks.reduce((x, c) => x + c.length, 0);
      }
      await f.syncClose();
      const back = await readFile(path);
      assert.equal(back.readUInt32LE(0), crc32c(written[1]!) >>> 0, `${where} ${io.name}: the frame's sum`);
      assert.deepEqual(back, Buffer.concat(written), `${where} ${io.name}`);
    }
    // A truncating direct open replaces what the file held; one whole block and no tail.
    const over = join(dir, 'over');
    await writeFile(over, randomBytes(3 * 4096 + 11));
    const g = await nativeFileIo!.openWrite(over, false, 0o600, true);
    const block = randomBytes(4096);
    await g.writev([block], 0);
    await g.syncClose();
    assert.deepEqual(await readFile(over), block);
    // Out of sequence: refused, not written somewhere else.
    const h = await nativeFileIo!.openWrite(join(dir, 'seq'), true, 0o600, true);
    await h.writev([randomBytes(5000)], 0);
    await assert.rejects(h.writev([randomBytes(10)], 4000), RangeError);
    await h.close();
    // What the writes leave cached (a fresh file, not read back): at most the tail's page.
    const cached = join(dir, 'cached');
    const c = await nativeFileIo!.openWrite(cached, true, 0o600, true);
    await c.writev([randomBytes(1024 * 1024 + 4)], 0);
    await c.writev([randomBytes(2 * 1024 * 1024 + 100)], 1024 * 1024 + 4);
    await c.syncClose();
    const pages = await cachedPages(cached);
    if (pages !== undefined) assert.ok(pages <= 1, `direct stream: ${pages} pages cached, at most the tail's`);
    assert.equal((await stat(cached)).size, 3 * 1024 * 1024 + 104);
    assert.equal(await fdsUnder(dir), 0);
    assert.equal(await fdsUnder(shm), 0);
  } finally {
    await rm(shm, { recursive: true, force: true });
  }
}));

test('native: read with dropCache leaves the pages it read out of the page cache; without it they stay; node ignores it', () => withDir(async (dir) => {
  const body = randomBytes(256 * 1024);
  for (const name of ['kept', 'dropped', 'node']) {
    // Written and dropped, so that only the read below can bring pages back.
    await nativeFileIo!.writeNewFile(join(dir, name), [body], { mode: 0o600, dir, dropCache: true });
  }
  const readBack = async (name: string, io: FileIo, dropCache: boolean) => {
    const h = await open(join(dir, name), 'r');
    try {
      const into = Buffer.alloc(body.length);
      const r = await io.read(h.fd, into, 0, 0, dropCache);
      assert.equal(r.bytesRead, body.length);
      assert.equal(r.crc32c, crc32c(body) >>> 0, 'the sum is of the bytes read');
      assert.deepEqual(into, body);
    } finally {
      await h.close();
    }
  };
  await readBack('kept', nativeFileIo!, false);
  await readBack('dropped', nativeFileIo!, true);
  await readBack('node', nodeFileIo, true);
  const kept = await cachedPages(join(dir, 'kept'));
  if (kept !== undefined) {
    assert.ok(kept > 0, `a file read without dropCache stays cached (${kept} pages)`);
    assert.equal(await cachedPages(join(dir, 'dropped')), 0, 'read with dropCache: no page left');
    assert.ok((await cachedPages(join(dir, 'node')))! > 0, 'node:fs cannot drop: its read stays cached');
  }
  const h = await open(join(dir, 'kept'), 'r');
  try {
    await assert.rejects(nativeFileIo!.read(h.fd, Buffer.alloc(4), 0, -1, 'yes' as unknown as boolean), TypeError);
  } finally {
    await h.close();
  }
}));

test('spreadSubdirs: native sets FS_TOPDIR_FL (lsattr T) on ext4 and refuses a plain file; node cannot and says so', () => withDir(async (dir) => {
  assert.equal(await nodeFileIo.spreadSubdirs(dir), false);
  await writeFile(join(dir, 'plain'), 'x');
  await assert.rejects(nativeFileIo!.spreadSubdirs(join(dir, 'plain')), { code: 'ENOTDIR', syscall: 'open' });
  if ((await statfs(dir)).type !== 0xef53) return; // the flag is ext4's
  assert.equal(await nativeFileIo!.spreadSubdirs(dir), true);
  assert.equal(await nativeFileIo!.spreadSubdirs(dir), true, 'again: already set');
  assert.ok(execFileSync('lsattr', ['-d', dir], { encoding: 'utf8' }).split(/\s+/)[0]!.includes('T'));
  assert.equal(await fdsUnder(dir), 0);
}));

test('native: writeFile checks its arguments (TypeError / RangeError), with no job queued', () => withDir(async (dir) => {
  const addon = createRequire(import.meta.url)('cairn-native-fileio') as Record<string, (...a: unknown[]) => void>;
  const cb = () => assert.fail('no callback for refused arguments');
  const f = join(dir, 'a');
  assert.throws(() => addon.writeFile!(f, 0o600, [Buffer.alloc(1)], [], dir, false), TypeError, 'no callback');
  assert.throws(() => addon.writeFile!('a\0b', 0o600, [], [], dir, false, cb), TypeError);
  assert.throws(() => addon.writeFile!(f, 'rw', [], [], dir, false, cb), TypeError);
  assert.throws(() => addon.writeFile!(f, 0o600, 'x', [], dir, false, cb), TypeError);
  assert.throws(() => addon.writeFile!(f, 0o600, [Buffer.alloc(4), Buffer.alloc(8)], [0, 2], dir, false, cb), RangeError);
  assert.throws(() => addon.writeFile!(f, 0o600, [Buffer.alloc(3), Buffer.alloc(8)], [0, 1], dir, false, cb), RangeError);
  assert.throws(() => addon.writeFile!(f, 0o600, [Buffer.alloc(4), Buffer.alloc(8)], [0], dir, false, cb), RangeError);
  assert.throws(() => addon.writeFile!(f, 0o600, [], [], 7, false, cb), TypeError);
  assert.throws(() => addon.writeFile!(f, 0o600, [], [], dir, 'yes', cb), TypeError);
  assert.throws(() => addon.writeFile!(f, 0o600, [], [], dir, false, 'yes', cb), TypeError, 'direct must be a boolean');
  assert.throws(() => addon.writeFile!(f, 0o600, [], [], dir, false, true, 'no callback'), TypeError);
  assert.throws(() => addon.finish!(3, [], 0, 'yes', cb), TypeError);
  assert.throws(() => addon.writevCarry!(3, [], 0, [], Buffer.alloc(4095), cb), RangeError, 'carry too small');
  assert.throws(() => addon.writevCarry!(3, [], 0, [], 'carry', cb), TypeError);
  assert.throws(() => addon.writevCarry!(3, [], 0, [], Buffer.alloc(4096)), TypeError, 'no callback');
  assert.deepEqual(await readdir(dir), [], 'nothing was created');
}));

test('native: a write or sync on a closed descriptor is EBADF, not a crash; bad arguments throw TypeError', () => withDir(async (dir) => {
  const f = await nativeFileIo!.openWrite(join(dir, 'h'), true, 0o600);
  await f.close();
  await assert.rejects(f.writev([Buffer.from('x')], 0), { code: 'EBADF', syscall: 'write' });
  await assert.rejects(f.syncClose(), { code: 'EBADF' });
  const addon = createRequire(import.meta.url)('cairn-native-fileio') as Record<string, (...a: unknown[]) => void>;
  const cb = () => assert.fail('no callback for refused arguments');
  assert.throws(() => addon.writev!(-1, [], 0, cb), TypeError);
  assert.throws(() => addon.writev!(3, 'not an array', 0, cb), TypeError);
  assert.throws(() => addon.writev!(3, [new Uint16Array(2)], 0, cb), TypeError);
  assert.throws(() => addon.writev!(3, [Buffer.alloc(1)], -5, cb), TypeError);
  assert.throws(() => addon.open!('a\0b', 0, 0o600, cb), TypeError);
  assert.throws(() => addon.open!(join(dir, 'i'), 'w', 0o600, cb), TypeError);
  assert.throws(() => addon.syncDir!(dir), TypeError);
  assert.throws(() => addon.close!(), TypeError);
}));

test('native: many files written at once, each intact', () => withDir(async (dir) => {
  const io = nativeFileIo!;
  const bodies = Array.from({ length: 64 }, () => randomBytes(1001 + Math.floor(Math.random() * 300_000)));
  await Promise.all(bodies.map(async (b, i) => {
    const f = await io.openWrite(join(dir, `m${i}`), true, 0o600);
    await f.writev([b.subarray(0, 1000), b.subarray(1000)], 0);
    await f.syncClose();
  }));
  await io.syncDir(dir);
  for (const [i, b] of bodies.entries()) assert.deepEqual(await readFile(join(dir, `m${i}`)), b);
  assert.equal(await fdsUnder(dir), 0);
}));

test('native: a close while a write runs waits for it, so the descriptor number is never reused under a late write', () => withDir(async (dir) => {
  const io = nativeFileIo!;
  const big = randomBytes(48 * 1024 * 1024);
  const first = await io.openWrite(join(dir, 'first'), true, 0o600);
  const order: string[] = [];
  const writing = first.writev([big], 0).then(() => { order.push('write'); });
  const closing = first.close().then(() => { order.push('close'); });
  // Opened while the close waits: were the close not waiting, this could get the same number.
  const second = await io.openWrite(join(dir, 'second'), true, 0o600);
  await Promise.all([writing, closing]);
  assert.deepEqual(order, ['write', 'close']);
  await second.writev([Buffer.from('second')], 0);
  await second.syncClose();
  assert.ok((await readFile(join(dir, 'first'))).equals(big), 'the first file got its write');
  assert.equal((await readFile(join(dir, 'second'))).toString(), 'second', 'the second file got only its own');
  await assert.rejects(first.writev([Buffer.from('x')], 0), { code: 'EBADF' });
  await assert.rejects(first.close(), { code: 'EBADF' });
  assert.equal(await fdsUnder(dir), 0);
}));

for (const [name, io] of impls) {
  test(`${name}: read fills the buffer at a position, sums the bytes from sumFrom on, stops at the end of the file`, () => withDir(async (dir) => {
    const path = join(dir, 'r');
    const data = randomBytes(700_000);
    await writeFile(path, data);
    const h = await open(path, 'r');
    const fd = h.fd;
    try {
      const into = Buffer.alloc(262_148);
      const r = await io().read(h.fd, into, 12_345, 4);
      assert.equal(r.bytesRead, into.length);
      assert.ok(into.equals(data.subarray(12_345, 12_345 + into.length)));
      assert.equal(r.crc32c, crc32c(into.subarray(4)));
      assert.equal((await io().read(h.fd, Buffer.alloc(10), 0, -1)).crc32c, -1, 'no sum asked: -1');
      const tail = Buffer.alloc(1000);
      const t = await io().read(h.fd, tail, data.length - 300, 0);
      assert.equal(t.bytesRead, 300, 'short at the end of the file');
      assert.equal(t.crc32c, crc32c(data.subarray(data.length - 300)), 'the sum covers only the bytes read');
      const past = await io().read(h.fd, Buffer.alloc(8), data.length + 5, 2);
      assert.deepEqual(past, { bytesRead: 0, crc32c: 0 }, 'past the end: nothing read, the empty sum');
      await assert.rejects(io().read(h.fd, Buffer.alloc(8), -1, -1), (err: Error) => err instanceof TypeError || err instanceof RangeError, 'a negative position');
    } finally {
      await h.close();
    }
    // The number h had, now closed (nothing else in this file opens meanwhile).
    await assert.rejects(io().read(fd, Buffer.alloc(8), 0, -1), (err: NodeJS.ErrnoException) => err.code === 'EBADF' && err.syscall === 'read' && classifyFsError(err) !== undefined);
  }));
}

test('native: the addon sums frames on its thread (SSE4.2 here); reads of many files at once each get their own bytes and sum', () => withDir(async (dir) => {
  const io = nativeFileIo!;
  const req = createRequire(import.meta.url);
  assert.equal((req('cairn-native-fileio') as { crcInPool: boolean }).crcInPool, true);
  const bodies = Array.from({ length: 48 }, () => randomBytes(4 + Math.floor(Math.random() * 300_000)));
  await Promise.all(bodies.map((b, i) => writeFile(join(dir, `f${i}`), b)));
  const handles = await Promise.all(bodies.map((_, i) => open(join(dir, `f${i}`), 'r')));
  try {
    const reads = await Promise.all(handles.map((h, i) => io.read(h.fd, Buffer.alloc(bodies[i]!.length), 0, 4)));
    reads.forEach((r, i) => {
      assert.equal(r.bytesRead, bodies[i]!.length);
      assert.equal(r.crc32c, crc32c(bodies[i]!.subarray(4)));
    });
  } finally {
    await Promise.all(handles.map((h) => h.close()));
  }
}));

for (const [name, io] of impls) {
  test(`${name}: a write with sums fills each 4-byte header with its data's CRC-32C first; bad sums are refused before anything is written`, () => withDir(async (dir) => {
    const path = join(dir, 's');
    const f = await io().openWrite(path, true, 0o600);
    const a = randomBytes(300_000);
    const b = randomBytes(5);
    const ha = Buffer.alloc(4);
    const hb = Buffer.alloc(4);
    await f.writev([ha, a, hb, b], 0, [0, 1, 2, 3]);
    const crcLE = (x: Buffer): Buffer => { const h = Buffer.alloc(4); h.writeUInt32LE(crc32c(x), 0); return h; };
    assert.deepEqual(ha, crcLE(a), 'the header chunk itself holds the sum');
    // An empty data chunk (and an empty chunk between others) is skipped; its header sums to 0.
    const he = Buffer.alloc(4, 0xff);
    await f.writev([Buffer.alloc(0), he, Buffer.alloc(0)], 300_013, [1, 2]);
    assert.deepEqual(he, Buffer.alloc(4), 'the empty chunk sums to 0');
    for (const bad of [[0], [0, 0], [0, 9], [1, 0], [-1, 1], [0.5, 1]]) {
      await assert.rejects(f.writev([ha, a], 300_017, bad), RangeError, JSON.stringify(bad));
    }
    await f.syncClose();
    assert.deepEqual(await readFile(path), Buffer.concat([crcLE(a), a, crcLE(b), b, Buffer.alloc(4)]), 'nothing written by the refused calls');
  }));
}
