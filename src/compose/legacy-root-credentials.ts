/**
 * Root credentials as loose files, the layout before the system bucket:
 * `<drive>/.cairn/root-credentials.json` (mode 0600) on every drive. Only read to migrate them
 * into the system bucket, then removed (root-credentials.ts).
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CorruptRecordError } from '../errors/domain-errors.js';
import type { RootCredentials } from './root-credentials-record.js';
import { parseRootCredentials } from './root-credentials-record.js';

const LEGACY_FILE_NAME = 'root-credentials.json';
/** `root-credentials.json.<hex>.tmp`, written before the rename into place. */
const LEGACY_TMP = /^root-credentials\.json\.[0-9a-f]+\.tmp$/;
export const LEGACY_CREDENTIALS_FILE = join('.cairn', LEGACY_FILE_NAME);

export interface LegacyCredentials {
  /** The first drive's valid file, if any. */
  readonly creds?: RootCredentials;
  /** Files that exist but could not be read or parsed. */
  readonly errors: readonly Error[];
}

/** Reads the loose files of `drives` in order; the first valid one wins. */
export async function readLegacyCredentials(drives: readonly string[]): Promise<LegacyCredentials> {
  const errors: Error[] = [];
  for (const drive of drives) {
    const path = join(drive, LEGACY_CREDENTIALS_FILE);
    let raw: string;
    try {
      raw = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') errors.push(err as Error);
      continue;
    }
    try {
      return { creds: parseRootCredentials(raw, path).creds, errors };
    } catch (err) {
      errors.push(err instanceof Error ? err : new CorruptRecordError(`${path}: ${String(err)}`));
    }
  }
  return { errors };
}

/**
 * Removes the loose files, and temporaries an interrupted write left beside them, from every
 * drive; call only once the system bucket holds the credentials. Returns what could not be removed.
 */
export async function removeLegacyCredentials(drives: readonly string[]): Promise<string[]> {
  const failed: string[] = [];
  await Promise.all(drives.map(async (drive) => {
    const dir = join(drive, '.cairn');
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') failed.push(dir);
      return;
    }
    for (const name of names.filter((n) => n === LEGACY_FILE_NAME || LEGACY_TMP.test(n))) {
      await rm(join(dir, name), { force: true }).catch(() => { failed.push(join(dir, name)); });
    }
  }));
  return failed;
}
