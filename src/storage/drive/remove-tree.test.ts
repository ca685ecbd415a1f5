import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { removeTree } from './remove-tree.js';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-remove-tree-'));
  try { await fn(dir); } finally { await rm(dir, { recursive: true, force: true }); }
}

test('removes a data dir, a nested tree with many entries, a single file; a missing path is fine', () => withDir(async (dir) => {
  const data = join(dir, 'data', 'ab', 'd1');
  await mkdir(data, { recursive: true });
  await writeFile(join(data, 'part.1'), 'x');
  await removeTree(data);
  assert.ok(!existsSync(data));
  assert.deepEqual(await readdir(join(dir, 'data', 'ab')), [], 'the parent stays');

  const wide = join(dir, 'wide');
  for (let i = 0; i < 40; i++) {
    await mkdir(join(wide, `d${i}`, 'sub'), { recursive: true });
    await writeFile(join(wide, `d${i}`, 'sub', 'f'), 'y');
    await writeFile(join(wide, `f${i}`), 'z');
  }
  await removeTree(wide);
  assert.ok(!existsSync(wide));

  const file = join(dir, 'file');
  await writeFile(file, 'q');
  await removeTree(file);
  assert.ok(!existsSync(file));

  await removeTree(join(dir, 'never-there'));
  await removeTree(join(dir, 'never-there', 'deeper'));
}));

test('a symlink inside is removed, never followed', () => withDir(async (dir) => {
  const keep = join(dir, 'keep');
  await mkdir(keep);
  await writeFile(join(keep, 'precious'), 'p');
  const doomed = join(dir, 'doomed');
  await mkdir(doomed);
  await symlink(keep, join(doomed, 'link'));
  await removeTree(doomed);
  assert.ok(!existsSync(doomed));
  assert.deepEqual(await readdir(keep), ['precious']);
}));

test('a path the fast path cannot remove ends as fs.rm ends (its error, through the fallback)', () => withDir(async (dir) => {
  const file = join(dir, 'plain');
  await writeFile(file, 'x');
  const under = join(file, 'child'); // a path below a regular file: ENOTDIR
  const viaRm = await rm(under, { recursive: true, force: true, maxRetries: 2 }).then(() => 'ok', (e: NodeJS.ErrnoException) => e.code);
  const viaTree = await removeTree(under).then(() => 'ok', (e: NodeJS.ErrnoException) => e.code);
  assert.equal(viaTree, viaRm);
  assert.ok(existsSync(file), 'the file above is untouched');
}));
