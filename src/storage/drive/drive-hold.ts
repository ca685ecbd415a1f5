/**
 * One server (one deployment's process family) per drive: `<drive>/.cairn/lock` names the
 * holder — pid, process start time, boot id, host, since when, and once it listens its S3
 * address — as JSON.
 *
 * Taking the hold: the record is written to a unique temporary file and hard-linked to
 * `lock` (link(2) fails with EEXIST if a lock exists: atomic, and a reader never sees a
 * half-written record). An existing lock whose process still runs (process-identity.ts:
 * same boot, pid and start time) refuses the start, naming the drive and the holder, unless
 * the holder is this process (a second open in one process: counted) or its parent (a
 * `--workers` process under the primary that holds the drives: joined, nothing written).
 * A lock whose process is gone — however it died, SIGKILL included — is stale: it is renamed
 * away (only one starter can move a given file; one that moved a newer lock puts it back) and
 * the take is retried. Where hard links are not supported the lock is created with O_EXCL
 * and written after; a record that cannot be parsed counts as held while it is younger than
 * 10 s (being written), stale after.
 * Known limit: processes in different pid namespaces (containers) or on different hosts
 * sharing one file system cannot check each other's liveness: a lock from another boot or
 * host counts as stale.
 */
import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FormatError } from '../../errors/domain-errors.js';
import { isRunning, processIdentity, type ProcessIdentity } from './process-identity.js';

export const LOCK_FILE = 'lock';
const SYS_DIR = '.cairn';
const YOUNG_UNPARSED_MS = 10_000;
const MAX_ATTEMPTS = 8;

export interface HolderRecord extends ProcessIdentity {
  readonly version: 1;
  /** ISO time the hold was taken. */
  readonly since: string;
  /** The S3 URL the holder answers on, once it listens. */
  readonly address?: string;
}

export interface DriveHoldOptions {
  /** The drive directory (absolute). */
  readonly root: string;
  /** The drive as the operator named it (messages). */
  readonly endpoint: string;
  /** Mode of directories the hold creates (the drive, `.cairn`). */
  readonly dirMode: number;
  /** Mode of the lock file. */
  readonly fileMode: number;
}

/** Holds counted per lock path within this process (a second open in one process is not a rival). */
const ownHolds = new Map<string, number>();

function code(err: unknown): unknown {
  return (err as { code?: unknown } | null)?.code;
}

function parseRecord(text: string): HolderRecord | undefined {
  try {
    const r = JSON.parse(text) as Partial<HolderRecord>;
    if (r.version !== 1 || !Number.isSafeInteger(r.pid) || typeof r.host !== 'string' || typeof r.since !== 'string') return undefined;
    return r as HolderRecord;
  } catch {
    return undefined;
  }
}

function describe(r: HolderRecord): string {
  const where = r.address !== undefined ? `answering on ${r.address}` : 'still starting (no address yet)';
  return `pid ${r.pid} on ${r.host}, ${where}, since ${r.since}`;
}

function isSameProcess(r: HolderRecord, who: ProcessIdentity): boolean {
  return r.pid === who.pid && r.start === who.start && r.bootId === who.bootId;
}

export class DriveHold {
  readonly endpoint: string;
  readonly #lock: string;
  readonly #opts: DriveHoldOptions;
  readonly #record: HolderRecord;
  /** 'own': this process wrote the lock (or counts on it); 'parent': the parent holds it. */
  readonly kind: 'own' | 'parent';
  readonly #createdDir: string | undefined;
  #released = false;

  private constructor(opts: DriveHoldOptions, record: HolderRecord, kind: 'own' | 'parent', createdDir: string | undefined) {
    this.endpoint = opts.endpoint;
    this.#opts = opts;
    this.#lock = join(opts.root, SYS_DIR, LOCK_FILE);
    this.#record = record;
    this.kind = kind;
    this.#createdDir = createdDir;
  }

  /** Takes (or joins) the hold of one drive; throws FormatError naming the holder when another server has it. */
  static async take(opts: DriveHoldOptions): Promise<DriveHold> {
    const sys = join(opts.root, SYS_DIR);
    const createdDir = await mkdir(sys, { recursive: true, mode: opts.dirMode });
    const lock = join(sys, LOCK_FILE);
    const me = processIdentity(process.pid);
    const record: HolderRecord = { version: 1, ...me, since: new Date().toISOString() };
    try {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        if (await createLock(lock, record, opts.fileMode)) {
          ownHolds.set(lock, 1);
          return new DriveHold(opts, record, 'own', createdDir);
        }
        const found = await readLock(lock);
        if (found === 'gone') continue;
        if (found.record !== undefined && isSameProcess(found.record, me)) {
          ownHolds.set(lock, (ownHolds.get(lock) ?? 0) + 1);
          return new DriveHold(opts, found.record, 'own', undefined);
        }
        if (found.record !== undefined && isRunning(found.record)) {
          if (found.record.pid === process.ppid) return new DriveHold(opts, found.record, 'parent', undefined);
          throw new FormatError(`drive ${opts.endpoint} is in use by another Cairn server (${describe(found.record)}): `
            + 'stop that server first, or give this one other drives; two servers on one drive overwrite each other\'s data');
        }
        if (found.record === undefined && Date.now() - found.mtimeMs < YOUNG_UNPARSED_MS) {
          throw new FormatError(`drive ${opts.endpoint} is being taken by another Cairn server starting now (${lock} is being written)`);
        }
        await breakStale(lock, found.ino);
      }
      throw new FormatError(`drive ${opts.endpoint}: could not take ${lock} after ${MAX_ATTEMPTS} attempts (other servers starting at once?)`);
    } catch (err) {
      if (createdDir !== undefined) await rm(createdDir, { recursive: true, force: true }).catch(() => undefined);
      throw err;
    }
  }

  /** Records the address this server answers on in the lock (what a refused starter is told). */
  async announce(address: string): Promise<void> {
    if (this.kind !== 'own' || this.#released) return;
    const tmp = `${this.#lock}.${process.pid}.${randomUUID()}.tmp`;
    await writeFile(tmp, JSON.stringify({ ...this.#record, address }), { mode: this.#opts.fileMode, flush: true });
    await rename(tmp, this.#lock).catch(async (err: unknown) => {
      await rm(tmp, { force: true });
      throw err;
    });
  }

  /** Gives the hold up (removes the lock once the last holder in this process lets go). */
  async release(): Promise<void> {
    if (this.#released || this.kind !== 'own') return;
    this.#released = true;
    const left = (ownHolds.get(this.#lock) ?? 1) - 1;
    if (left > 0) {
      ownHolds.set(this.#lock, left);
      return;
    }
    ownHolds.delete(this.#lock);
    const found = await readLock(this.#lock).catch(() => 'gone' as const);
    if (found !== 'gone' && found.record !== undefined && found.record.pid === process.pid) {
      await unlink(this.#lock).catch(() => undefined);
    }
  }

  /** Gives the hold up and removes the directories taking it created (a refused start). */
  async undo(): Promise<void> {
    await this.release();
    if (this.#createdDir !== undefined) await rm(this.#createdDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Creates the lock atomically; false when one exists. */
async function createLock(lock: string, record: HolderRecord, mode: number): Promise<boolean> {
  const text = JSON.stringify(record);
  const tmp = `${lock}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(tmp, text, { mode, flush: true });
  try {
    await link(tmp, lock);
    return true;
  } catch (err) {
    if (code(err) === 'EEXIST') return false;
    if (code(err) !== 'EPERM' && code(err) !== 'ENOTSUP' && code(err) !== 'EOPNOTSUPP') throw err;
    // No hard links on this file system: exclusive create, then write.
    try {
      await writeFile(lock, text, { mode, flag: 'wx', flush: true });
      return true;
    } catch (e) {
      if (code(e) === 'EEXIST') return false;
      throw e;
    }
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

async function readLock(lock: string): Promise<'gone' | { record: HolderRecord | undefined; ino: number; mtimeMs: number }> {
  try {
    const st = await stat(lock);
    const text = await readFile(lock, 'utf8');
    return { record: parseRecord(text), ino: st.ino, mtimeMs: st.mtimeMs };
  } catch (err) {
    if (code(err) === 'ENOENT') return 'gone';
    throw err;
  }
}

/** Moves a stale lock away; a lock that changed meanwhile (another starter's) is put back. */
async function breakStale(lock: string, ino: number): Promise<void> {
  const moved = `${lock}.stale.${process.pid}.${randomUUID()}`;
  try {
    await rename(lock, moved);
  } catch (err) {
    if (code(err) === 'ENOENT') return;
    throw err;
  }
  const st = await stat(moved);
  if (st.ino !== ino) await link(moved, lock).catch(() => undefined);
  await unlink(moved).catch(() => undefined);
}
