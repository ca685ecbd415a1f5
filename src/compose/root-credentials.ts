/**
 * Root credentials.
 * - CAIRN_ROOT_USER / CAIRN_ROOT_PASSWORD set: used as given, never written to disk.
 * - Neither set: the first start generates a random access key (20 characters) and secret key
 *   (40 characters), writes them to `<drive>/.cairn/root-credentials.json` (mode 0600, via
 *   tmp + rename) on every drive, so losing a drive does not lose them, and reports them as
 *   newly generated so the CLI prints them once. Later starts read them back from the first
 *   drive holding a valid file. There is never a well-known default password.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CorruptRecordError } from '../errors/domain-errors.js';

export interface RootCredentials {
  readonly accessKey: string;
  readonly secretKey: string;
}

export interface ResolvedRootCredentials extends RootCredentials {
  readonly source: 'environment' | 'stored' | 'generated';
}

export const CREDENTIALS_FILE = join('.cairn', 'root-credentials.json');

const ACCESS_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export function generateRootCredentials(): RootCredentials {
  return { accessKey: randomString(ACCESS_ALPHABET, 20), secretKey: randomString(SECRET_ALPHABET, 40) };
}

function parseStored(raw: string, path: string): RootCredentials {
  let doc: unknown;
  try { doc = JSON.parse(raw); } catch (err) { throw new CorruptRecordError(`${path}: not JSON`, { cause: err }); }
  const d = doc as { version?: unknown; accessKey?: unknown; secretKey?: unknown };
  if (d.version !== 1 || typeof d.accessKey !== 'string' || typeof d.secretKey !== 'string' || d.accessKey.length < 3 || d.secretKey.length < 8) {
    throw new CorruptRecordError(`${path}: not a version 1 credentials record`);
  }
  return { accessKey: d.accessKey, secretKey: d.secretKey };
}

async function readStored(drives: readonly string[]): Promise<{ creds?: RootCredentials; errors: Error[] }> {
  const errors: Error[] = [];
  for (const drive of drives) {
    const path = join(drive, CREDENTIALS_FILE);
    let raw: string;
    try {
      raw = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') errors.push(err as Error);
      continue;
    }
    try {
      return { creds: parseStored(raw, path), errors };
    } catch (err) {
      errors.push(err as Error);
    }
  }
  return { errors };
}

async function writeStored(drive: string, creds: RootCredentials): Promise<void> {
  const dir = join(drive, '.cairn');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(drive, CREDENTIALS_FILE);
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  const body = `${JSON.stringify({ version: 1, accessKey: creds.accessKey, secretKey: creds.secretKey })}\n`;
  await writeFile(tmp, body, { mode: 0o600, flush: true });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}

export interface ResolveRootOptions {
  readonly rootUser: string | undefined;
  readonly rootPassword: string | undefined;
  /** Local drive directories, in command-line order. */
  readonly drives: readonly string[];
}

export async function resolveRootCredentials(opts: ResolveRootOptions): Promise<ResolvedRootCredentials> {
  if (opts.rootUser !== undefined && opts.rootPassword !== undefined) {
    return { accessKey: opts.rootUser, secretKey: opts.rootPassword, source: 'environment' };
  }
  const stored = await readStored(opts.drives);
  if (stored.creds) {
    // Heal drives that lost the file (replaced drive); failures are not fatal.
    await Promise.all(opts.drives.map(async (d) => {
      try { await readFile(join(d, CREDENTIALS_FILE)); } catch { await writeStored(d, stored.creds!).catch(() => undefined); }
    }));
    return { ...stored.creds, source: 'stored' };
  }
  if (stored.errors.length > 0) {
    // Files exist but none is usable: never silently replace the operator's credentials.
    throw new CorruptRecordError(`root credentials unreadable on every drive: ${stored.errors.map((e) => e.message).join('; ')}`);
  }
  const creds = generateRootCredentials();
  const results = await Promise.allSettled(opts.drives.map((d) => writeStored(d, creds)));
  if (results.every((r) => r.status === 'rejected')) {
    throw new CorruptRecordError('could not store generated root credentials on any drive', { cause: (results[0] as PromiseRejectedResult).reason });
  }
  return { ...creds, source: 'generated' };
}
