/**
 * Checks every drive argument before anything is created on any drive, so a refused start
 * leaves no file behind (compose and the `--workers` primary call it first, then take the
 * drive holds, then open the drives). Each refusal names the drive and the reason:
 *  - not a directory (a file, a device, a socket);
 *  - not readable and writable by this process (access(2) with R_OK | W_OK | X_OK, on the
 *    drive or, for a drive that does not exist yet, on the directory it would be created in);
 *  - on a read-only file system (access(2) answers EROFS);
 *  - the same directory given twice (same path after resolving symlinks, or same device and
 *    inode: a bind mount);
 *  - one drive inside another (nested drives would list each other's files).
 * The `.cairn` system directory is checked too when it exists (a drive written by another user).
 */
import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { FormatError } from '../../errors/domain-errors.js';

/** One checked drive: where it is, and where it would be once symlinks are resolved. */
export interface CheckedDrive {
  readonly endpoint: string;
  /** Absolute path as given (resolved against the working directory). */
  readonly path: string;
  /** The path with symlinks resolved (of the nearest existing ancestor, for a missing drive). */
  readonly realPath: string;
  /** Whether the directory exists already (a missing one is created on open). */
  readonly exists: boolean;
  /** "dev:ino" of the directory when it exists. */
  readonly identity: string | undefined;
}

const RWX = constants.R_OK | constants.W_OK | constants.X_OK;

function code(err: unknown): string | undefined {
  const c = (err as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

function uidText(): string {
  return typeof process.getuid === 'function' ? ` (uid ${process.getuid()})` : '';
}

/** Refuses a directory this process cannot use: read-only file system, or no permission. */
async function checkUsable(dir: string, what: string): Promise<void> {
  try {
    await access(dir, RWX);
  } catch (err) {
    const c = code(err);
    if (c === 'EROFS') throw new FormatError(`${what} is on a read-only file system`);
    if (c === 'EACCES' || c === 'EPERM') throw new FormatError(`${what} is not readable and writable by this user${uidText()}`);
    throw new FormatError(`${what} cannot be used: ${(err as Error).message}`);
  }
}

/** The nearest existing ancestor of a missing path, with the part below it. */
async function nearestExisting(path: string): Promise<{ dir: string; below: string }> {
  let dir = dirname(path);
  for (;;) {
    try {
      const st = await stat(dir);
      if (!st.isDirectory()) throw new FormatError(`${dir} is not a directory`);
      return { dir, below: relative(dir, path) };
    } catch (err) {
      if (code(err) !== 'ENOENT' && code(err) !== 'ENOTDIR') throw err;
      const up = dirname(dir);
      if (up === dir) throw err;
      dir = up;
    }
  }
}

async function checkOne(endpoint: string): Promise<CheckedDrive> {
  const path = resolve(endpoint);
  const name = `drive ${endpoint}`;
  let st;
  try {
    st = await stat(path);
  } catch (err) {
    const c = code(err);
    if (c === 'EACCES') throw new FormatError(`${name} is not readable by this user${uidText()}`);
    if (c === 'ENOTDIR') throw new FormatError(`${name} is not a directory (a file is in its path)`);
    if (c !== 'ENOENT') throw new FormatError(`${name} cannot be used: ${(err as Error).message}`);
  }
  if (st === undefined) {
    let parent;
    try {
      parent = await nearestExisting(path);
    } catch (err) {
      if (err instanceof FormatError) throw new FormatError(`${name} cannot be created: ${err.message}`);
      throw new FormatError(`${name} cannot be created: ${(err as Error).message}`);
    }
    await checkUsable(parent.dir, `${name} does not exist and cannot be created: ${parent.dir}`);
    return { endpoint, path, realPath: join(await realpath(parent.dir), parent.below), exists: false, identity: undefined };
  }
  if (!st.isDirectory()) throw new FormatError(`${name} is not a directory`);
  await checkUsable(path, name);
  const sys = join(path, '.cairn');
  const sysStat = await stat(sys).catch(() => undefined);
  if (sysStat !== undefined) {
    if (!sysStat.isDirectory()) throw new FormatError(`${name}: ${sys} is not a directory`);
    await checkUsable(sys, `${name}: ${sys}`);
  }
  return { endpoint, path, realPath: await realpath(path), exists: true, identity: `${st.dev}:${st.ino}` };
}

function isInside(child: string, parent: string): boolean {
  return child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

/**
 * Checks the (already expanded) drive arguments; throws FormatError naming the drive and the
 * reason, having created nothing. Order: each drive alone, then pairs (same, nested).
 */
export async function checkDriveArguments(endpoints: readonly string[]): Promise<CheckedDrive[]> {
  const checked: CheckedDrive[] = [];
  for (const e of endpoints) checked.push(await checkOne(e));
  for (let i = 0; i < checked.length; i++) {
    for (let j = i + 1; j < checked.length; j++) {
      const a = checked[i]!;
      const b = checked[j]!;
      if (a.realPath === b.realPath || (a.identity !== undefined && a.identity === b.identity)) {
        throw new FormatError(`drive ${b.endpoint} is the same directory as drive ${a.endpoint}: give each drive once`);
      }
      if (isInside(a.realPath, b.realPath)) throw new FormatError(`drive ${a.endpoint} is inside drive ${b.endpoint}: drives must not be nested`);
      if (isInside(b.realPath, a.realPath)) throw new FormatError(`drive ${b.endpoint} is inside drive ${a.endpoint}: drives must not be nested`);
    }
  }
  return checked;
}
