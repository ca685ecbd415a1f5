/**
 * Clear refusals for bad drive arguments, through the built CLI: each names the drive and the
 * reason, exits 1, and leaves nothing behind on the good drive given beside it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { refusedStart } from '../helpers/server.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { mountTmpfs } from '../helpers/tmpfs.js';

let tmp: TempDir;
let n = 0;

before(async () => { tmp = await makeTempDir('drive-args'); });
after(async () => { await tmp?.remove(); });

async function goodDrive(): Promise<string> {
  const dir = join(tmp.path, `good${++n}`);
  await mkdir(dir);
  return dir;
}

/** Starts on `drives`: refused with `reason`, and the good drive is still empty. */
async function assertRefused(good: string, drives: string[], reason: RegExp): Promise<void> {
  const { code, output } = await refusedStart(drives);
  assert.equal(code, 1, output);
  assert.match(output, reason);
  assert.deepEqual(await readdir(good), [], `the refused start left files on ${good}`);
}

describe('bad drive arguments', () => {
  it('a file', async () => {
    const file = join(tmp.path, 'afile');
    await writeFile(file, 'not a drive');
    const good = await goodDrive();
    await assertRefused(good, [good, file], new RegExp(`drive ${file} is not a directory`));
  });

  it('a directory this user cannot read or write', async () => {
    const locked = join(tmp.path, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o700);
    const good = join(tmp.path, 'open-good');
    await mkdir(good);
    await chmod(good, 0o777);
    await chmod(tmp.path, 0o755);
    const { code, output } = await refusedStart([good, locked], { user: { uid: 65534, gid: 65534 } });
    assert.equal(code, 1, output);
    assert.match(output, new RegExp(`drive ${locked} is not readable and writable by this user \\(uid 65534\\)`));
    assert.deepEqual(await readdir(good), []);
  });

  it('a read-only file system', async () => {
    const fs = await mountTmpfs(1, { readOnly: true });
    try {
      const good = await goodDrive();
      await assertRefused(good, [good, fs.path], new RegExp(`drive ${fs.path} is on a read-only file system`));
    } finally {
      await fs.unmount();
    }
  });

  it('the same directory twice (by a symlink)', async () => {
    const good = await goodDrive();
    const link = join(tmp.path, 'alias');
    await symlink(good, link);
    await assertRefused(good, [good, link], new RegExp(`drive ${link} is the same directory as drive ${good}`));
  });

  it('nested drives', async () => {
    const good = await goodDrive();
    const inner = join(good, 'inner');
    await assertRefused(good, [good, inner], new RegExp(`drive ${inner} is inside drive ${good}: drives must not be nested`));
  });
});
