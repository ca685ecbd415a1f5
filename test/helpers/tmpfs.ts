/**
 * A real, small file system for disk-full drills: a tmpfs of a fixed size mounted on a fresh
 * mkdtemp directory (needs root and mount(2)), plus helpers to fill it. unmount() works by the
 * exact path and removes the mount point. There is no fallback: without root or mount the
 * caller gets a clear error, because no other file system can be filled safely.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, open, rm, rmdir, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Tmpfs {
  readonly path: string;
  /** Bytes still available to an unprivileged writer (statfs bavail * bsize). */
  free(): Promise<number>;
  unmount(): Promise<void>;
}

export const NEEDS_ROOT = 'disk-full drill needs root and mount(tmpfs)';

export async function mountTmpfs(sizeMiB: number, opts: { readOnly?: boolean } = {}): Promise<Tmpfs> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    throw new Error(`${NEEDS_ROOT}: running as uid ${process.getuid?.() ?? 'unknown'}`);
  }
  const path = await mkdtemp(join(tmpdir(), 'cairn-tmpfs-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m,mode=0700${opts.readOnly ? ',ro' : ''}`, 'tmpfs', path], { timeout: 10_000 });
  } catch (err) {
    await rmdir(path).catch(() => undefined);
    throw new Error(`${NEEDS_ROOT}: ${(err as Error).message}`, { cause: err });
  }
  let mounted = true;
  return {
    path,
    async free() {
      const s = await statfs(path);
      return s.bavail * s.bsize;
    },
    async unmount() {
      if (!mounted) return;
      await run('umount', [path], { timeout: 10_000 });
      mounted = false;
      await rmdir(path);
    },
  };
}

/** Allocates `bytes` to a filler file (fallocate: real blocks, no writes of data). */
export async function allocateFiller(file: string, bytes: number): Promise<void> {
  if (bytes <= 0) return;
  await run('fallocate', ['-l', String(bytes), file], { timeout: 10_000 });
}

/**
 * Appends zeros to `file` until the file system answers ENOSPC (bounded by `maxBytes`);
 * returns how many bytes were written. Anything other than ENOSPC is rethrown.
 */
export async function fillUntilEnospc(file: string, maxBytes: number): Promise<number> {
  const fh = await open(file, 'a');
  let written = 0;
  try {
    const chunks = [64 * 1024, 4096, 512, 1];
    for (const size of chunks) {
      const buf = Buffer.alloc(size);
      while (written < maxBytes) {
        try {
          const { bytesWritten } = await fh.write(buf);
          written += bytesWritten;
          if (bytesWritten < size) break;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw err;
        }
      }
    }
  } finally {
    await fh.close();
  }
  return written;
}

export async function removeFile(file: string): Promise<void> {
  await rm(file, { force: true });
}
