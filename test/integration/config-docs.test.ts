/**
 * Every setting of the config schema is documented: its environment variable and flag appear
 * in the README's configuration table and in `--help` (generated from the schema).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { CONFIG_SCHEMA, settingsHelp } from '../../src/config/index.js';
import { repoRoot } from '../helpers/repo-root.js';

test('every config setting is in the README table and in --help', async () => {
  const readme = await readFile(join(repoRoot(), 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Tests'));
  const help = settingsHelp();
  for (const [name, s] of Object.entries(CONFIG_SCHEMA)) {
    const setting = s as { env?: string; flag?: string };
    for (const word of [setting.env, setting.flag]) {
      if (word === undefined) continue;
      assert.ok(table.includes(`\`${word}`), `README configuration table lacks ${word} (${name})`);
      assert.ok(help.includes(word), `--help lacks ${word} (${name})`);
    }
  }
});
