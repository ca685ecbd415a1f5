/**
 * What the CLI says about root credentials on startup:
 *  - generated now: the pair is shown only on a terminal; when standard output is not a
 *    terminal (a log file, a service manager's journal) it is written to a new file of mode
 *    0600 (in the working directory, else a fresh private directory under the temp dir),
 *    and the message names that file instead of printing the secret;
 *  - environment variables in force while the drives store another pair: says which pair is
 *    in force and that the stored one does not work while the variables are set.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ResolvedRootCredentials } from '../compose/root-credentials.js';

export const CREDENTIALS_FILE = 'cairn-root-credentials.txt';

export interface NoticeOptions {
  readonly root: ResolvedRootCredentials;
  readonly isTerminal: boolean;
  /** Directory the credentials file is created in first (the working directory). */
  readonly dir: string;
}

function pair(root: ResolvedRootCredentials): string {
  return `RootUser: ${root.accessKey}\nRootPass: ${root.secretKey}\n`;
}

/** Creates the file exclusively with mode 0600 (never over an existing file); returns its path. */
async function writePrivateFile(dir: string, text: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const path = resolve(dir, i === 0 ? CREDENTIALS_FILE : `cairn-root-credentials.${i}.txt`);
    try {
      await writeFile(path, text, { mode: 0o600, flag: 'wx', flush: true });
      return path;
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'EEXIST') throw err;
    }
  }
  throw new Error(`too many ${CREDENTIALS_FILE} files in ${dir}`);
}

export async function credentialsNotice(opts: NoticeOptions): Promise<string> {
  const { root } = opts;
  if (root.source === 'generated') {
    if (opts.isTerminal) return `${pair(root)}These root credentials were generated and stored on the drives; they are not shown again.\n`;
    const text = `${pair(root)}`;
    const path = await writePrivateFile(opts.dir, text)
      .catch(async () => writePrivateFile(await mkdtemp(join(tmpdir(), 'cairn-')), text));
    return `Root credentials were generated and stored on the drives. Output is not a terminal, so they are not printed: `
      + `they are in ${path} (mode 0600). Keep them safe and delete that file.\n`;
  }
  if (root.source === 'environment' && root.overridden !== undefined) {
    const stored = root.overridden === 'unreadable'
      ? 'The root credentials stored on the drives could not be read'
      : `The root credentials stored on the drives (access key ${root.overridden.accessKey}) differ and do not work while these variables are set`;
    return `Root credentials: CAIRN_ROOT_USER / CAIRN_ROOT_PASSWORD are in force (access key ${root.accessKey}). `
      + `${stored}; unset both variables to use the stored ones again.\n`;
  }
  return '';
}
