/**
 * removeTree: what `fs.rm(path, { recursive: true, force: true, maxRetries: 2 })` does (a file
 * or a directory tree goes; a missing path is not an error), in fewer thread-pool round trips
 * for what a drive removes. The top path is unlinked first: a PUT's data file (the common case)
 * goes in 1 round trip. A directory (unlink fails with EISDIR) goes by readdir (with entry
 * types), an unlink per file, rmdir: a data dir with one shard file costs 4 round trips instead
 * of fs.rm's 7 (lstat twice, an rmdir that fails with ENOTEMPTY, readdir, an lstat per entry,
 * unlink, rmdir): measured 2,000 such dirs, 172-216 µs of process CPU per dir against 445-674
 * for fs.rm on the 2-core VM (before the unlink first).
 * Anything unexpected (a dir that gains an entry meanwhile, EBUSY, EMFILE, EPERM...) falls back
 * to fs.rm with its retries, which also gives the error the caller classifies.
 */
import type { Dirent } from 'node:fs';
import { readdir, rm, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Entries removed at once within one directory (a wide tree does not flood the thread pool). */
const BATCH = 16;

function codeOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

export async function removeTree(abs: string): Promise<void> {
  try {
    try {
      await unlink(abs);
      return;
    } catch (err) {
      const code = codeOf(err);
      if (code === 'ENOENT') return;
      if (code !== 'EISDIR' && code !== 'EPERM') throw err; // EPERM: POSIX's answer for a dir
    }
    await removeFast(abs);
  } catch {
    await rm(abs, { recursive: true, force: true, maxRetries: 2 });
  }
}

async function removeFast(abs: string): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(abs, { withFileTypes: true });
  } catch (err) {
    const code = codeOf(err);
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') { await unlinkPresent(abs); return; }
    throw err;
  }
  for (let i = 0; i < entries.length; i += BATCH) {
    await Promise.all(entries.slice(i, i + BATCH).map((e) => {
      const path = join(abs, e.name);
      return e.isDirectory() ? removeFast(path) : unlinkPresent(path);
    }));
  }
  try {
    await rmdir(abs);
  } catch (err) {
    if (codeOf(err) !== 'ENOENT') throw err;
  }
}

async function unlinkPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if (codeOf(err) !== 'ENOENT') throw err;
  }
}
