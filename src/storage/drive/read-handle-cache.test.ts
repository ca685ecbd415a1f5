import assert from 'node:assert/strict';
import { mkdir, mkdtemp, open, rename, rm, unlink, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once, type EventEmitter } from 'node:events';
import { test } from 'node:test';
import { LocalDrive } from './local-drive.js';
import { ReadHandleCache, defaultReadHandleCapacity } from './read-handle-cache.js';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-handles-'));
  try { await fn(dir); } finally { await rm(dir, { recursive: true, force: true }); }
}

/** Counts the opens the cache asks for. */
function opener(abs: string): { open: () => Promise<FileHandle>; readonly count: number } {
  let count = 0;
  return { open: () => { count++; return open(abs, 'r'); }, get count() { return count; } };
}

/**
 * Waits for a FileHandle's 'close' event, for handles the cache closes on its own (a release
 * after a drop, an eviction, the idle sweep), where no promise of the cache says when. The 5 s
 * timer is only the bound of that wait, and what keeps the event loop alive meanwhile (the
 * cache's sweeper is unref'd); true once the fd is -1.
 */
async function closed(h: FileHandle): Promise<boolean> {
  if (h.fd === -1) return true;
  const ac = new AbortController();
  const bound = setTimeout(() => ac.abort(), 5000);
  try {
    await once(h as unknown as EventEmitter, 'close', { signal: ac.signal });
  } catch {
    return false;
  } finally {
    clearTimeout(bound);
  }
  return h.fd === -1;
}

async function text(h: FileHandle): Promise<string> {
  const buf = Buffer.alloc(64);
  const { bytesRead } = await h.read(buf, 0, 64, 0);
  return buf.subarray(0, bytesRead).toString();
}

test('a released handle is reused by the next lease of the same file: one open', () => withDir(async (dir) => {
  const abs = join(dir, 'part.1');
  await writeFile(abs, 'one');
  const cache = new ReadHandleCache({ capacity: 8, idleMs: 60_000 });
  const o = opener(abs);
  const a = await cache.lease(abs, o.open);
  const b = await cache.lease(abs, o.open); // while a is in use too
  assert.equal(a.handle, b.handle);
  a.release();
  b.release();
  const c = await cache.lease(abs, o.open);
  assert.equal(c.handle, a.handle);
  assert.equal(await text(c.handle), 'one');
  c.release();
  assert.equal(o.count, 1);
  assert.equal(cache.size, 1);
  await cache.clear();
  assert.equal(a.handle.fd, -1, 'clear() resolves once the unused handles are closed');
}));

test('a file replaced by rename or removed by someone else is opened afresh once its link count is checked', () => withDir(async (dir) => {
  const abs = join(dir, 'part.1');
  await writeFile(abs, 'old');
  let now = 0;
  const cache = new ReadHandleCache({ capacity: 8, idleMs: 60_000, recheckMs: 1000, now: () => now });
  const o = opener(abs);
  const first = await cache.lease(abs, o.open);
  first.release();
  // A heal in another process: new file renamed over the path.
  await writeFile(join(dir, 'tmp'), 'new');
  await rename(join(dir, 'tmp'), abs);
  // Within recheckMs of the last check the kept handle is reused: it reads the file it opened.
  now = 999;
  const within = await cache.lease(abs, o.open);
  assert.equal(within.handle, first.handle);
  assert.equal(await text(within.handle), 'old');
  within.release();
  now = 1000;
  const second = await cache.lease(abs, o.open);
  assert.notEqual(second.handle, first.handle);
  assert.equal(await text(second.handle), 'new');
  assert.ok(await closed(first.handle), 'the replaced file\'s handle is closed');
  second.release();
  // Removed: the next lease (after a recheck interval) opens, and the open's error is the caller's.
  await unlink(abs);
  now = 2000;
  await assert.rejects(cache.lease(abs, o.open), { code: 'ENOENT' });
  assert.ok(await closed(second.handle));
  assert.equal(cache.size, 0);
  assert.equal(o.count, 3);
}));

test('dropUnder closes the unused handles under a path at once, and a handle in use when its last lease ends', () => withDir(async (dir) => {
  const a = join(dir, 'd1', 'part.1');
  const b = join(dir, 'd10', 'part.1'); // a sibling whose name starts like d1: not under d1
  await Promise.all(['d1', 'd10'].map((d) => mkdir(join(dir, d))));
  await Promise.all([a, b].map((p) => writeFile(p, 'x')));
  const cache = new ReadHandleCache({ capacity: 8, idleMs: 60_000 });
  const la = await cache.lease(a, opener(a).open);
  const lb = await cache.lease(b, opener(b).open);
  lb.release();
  await cache.dropUnder(join(dir, 'd1'));
  assert.equal(cache.size, 1, 'd10 kept');
  assert.notEqual(la.handle.fd, -1, 'in use: still open');
  assert.equal(await text(la.handle), 'x');
  la.release();
  assert.ok(await closed(la.handle));
  assert.notEqual(lb.handle.fd, -1);
  await cache.clear();
  assert.equal(lb.handle.fd, -1, 'clear() resolves once the unused handles are closed');
}));

test('dropUnder reaches files at any depth below the path (also given with a trailing separator), the exact file, and nothing beside', () => withDir(async (dir) => {
  const files = ['x/ab/d1/part.1', 'x/ab/d1/part.2', 'x/ab/d2/part.1', 'x/abc/d1/part.1', 'y/f'].map((f) => join(dir, f));
  await Promise.all(files.map((f) => mkdir(join(f, '..'), { recursive: true })));
  await Promise.all(files.map((f) => writeFile(f, 'x')));
  const cache = new ReadHandleCache({ capacity: 8, idleMs: 60_000 });
  const leases = await Promise.all(files.map((f) => cache.lease(f, opener(f).open)));
  for (const l of leases) l.release();
  assert.equal(cache.size, 5);
  await cache.dropUnder(join(dir, 'x', 'ab', 'd1', 'part.2')); // one file
  assert.equal(cache.size, 4);
  assert.equal(leases[1]!.handle.fd, -1);
  await cache.dropUnder(join(dir, 'x', 'ab') + '/'); // a grandparent: d1 and d2, not abc
  assert.equal(cache.size, 2);
  assert.deepEqual(leases.map((l) => l.handle.fd === -1), [true, true, true, false, false]);
  await cache.dropUnder(join(dir, 'nothing-here'));
  assert.equal(cache.size, 2);
  // a file dropped and then opened again is indexed afresh
  const again = await cache.lease(files[0]!, opener(files[0]!).open);
  again.release();
  assert.equal(cache.size, 3);
  await cache.dropUnder('/');
  assert.equal(cache.size, 0, 'the root is above every file');
  assert.ok([leases[3]!, leases[4]!, again].every((l) => l.handle.fd === -1));
}));

test('at most capacity handles are kept: the least recently used unused one goes first', () => withDir(async (dir) => {
  const paths = ['a', 'b', 'c'].map((n) => join(dir, n));
  await Promise.all(paths.map((p) => writeFile(p, p)));
  const cache = new ReadHandleCache({ capacity: 2, idleMs: 60_000 });
  const la = await cache.lease(paths[0]!, opener(paths[0]!).open);
  const lb = await cache.lease(paths[1]!, opener(paths[1]!).open);
  lb.release();
  // a is in use, b is the only unused one: c's arrival evicts b, not a.
  const lc = await cache.lease(paths[2]!, opener(paths[2]!).open);
  assert.ok(await closed(lb.handle));
  assert.equal(cache.size, 2);
  assert.notEqual(la.handle.fd, -1);
  la.release();
  lc.release();
  // a was used before c: a is the older of the two now.
  const again = opener(paths[1]!);
  const lb2 = await cache.lease(paths[1]!, again.open);
  assert.equal(again.count, 1);
  assert.ok(await closed(la.handle));
  assert.notEqual(lc.handle.fd, -1);
  lb2.release();
  await cache.clear();
  assert.equal(lb2.handle.fd, -1);
}));

test('a handle unused for idleMs is closed; release(true) never gives a handle back; capacity 0 keeps none', () => withDir(async (dir) => {
  const abs = join(dir, 'part.1');
  await writeFile(abs, 'x');
  const idle = new ReadHandleCache({ capacity: 8, idleMs: 30 });
  const l1 = await idle.lease(abs, opener(abs).open);
  l1.release();
  assert.ok(await closed(l1.handle));
  assert.equal(idle.size, 0);

  const spoil = new ReadHandleCache({ capacity: 8, idleMs: 60_000 });
  const l2 = await spoil.lease(abs, opener(abs).open);
  l2.release(true);
  l2.release(); // a second release is a no-op
  assert.ok(await closed(l2.handle));
  assert.equal(spoil.size, 0);

  const none = new ReadHandleCache({ capacity: 0, idleMs: 60_000 });
  const o = opener(abs);
  const l3 = await none.lease(abs, o.open);
  l3.release();
  assert.ok(await closed(l3.handle));
  const l4 = await none.lease(abs, o.open);
  l4.release();
  assert.equal(o.count, 2);
}));

test('the default capacity leaves the open-file limit to sockets', () => {
  const limits = (soft: string): string => `Limit                     Soft Limit           Hard Limit           Units\nMax open files            ${soft}                 1048576              files\n`;
  assert.equal(defaultReadHandleCapacity(limits('1024')), 128);
  assert.equal(defaultReadHandleCapacity(limits('1048576')), 1024);
  assert.equal(defaultReadHandleCapacity(limits('unlimited')), 1024);
  assert.equal(defaultReadHandleCapacity('nothing here'), 128);
});

test('LocalDrive: reads reuse one handle; remove, rename and a new file at the path drop it', () => withDir(async (dir) => {
  const cache = new ReadHandleCache({ capacity: 8, idleMs: 60_000 });
  const drive = await LocalDrive.open(dir, undefined, cache);
  try {
    const w = await drive.createFile('data/ab/d1/part.1', { syncEntry: true });
    await w.write(Buffer.from('hello'));
    await w.finish();
    const r1 = await drive.openFile!('data/ab/d1/part.1');
    assert.equal((await r1.read(0, 5)).toString(), 'hello');
    await r1.close();
    assert.equal(cache.size, 1);
    const r2 = await drive.openFile!('data/ab/d1/part.1');
    assert.equal((await r2.read(1, 3)).toString(), 'ell');
    await r2.close();
    assert.equal(cache.size, 1);
    await drive.rename('data/ab/d1', 'data/ab/d2');
    assert.equal(cache.size, 0);
    const r3 = await drive.openFile!('data/ab/d2/part.1');
    await assert.rejects(r3.read(0, 6), /bitrot detected/); // a short read spoils the handle
    await r3.close();
    assert.equal(cache.size, 0);
    const r4 = await drive.openFile!('data/ab/d2/part.1');
    await r4.close();
    assert.equal(cache.size, 1);
    await drive.remove('data/ab/d2');
    assert.equal(cache.size, 0);
    await assert.rejects(drive.openFile!('data/ab/d2/part.1'));
  } finally {
    await drive.close();
  }
  assert.equal(cache.size, 0);
}));
