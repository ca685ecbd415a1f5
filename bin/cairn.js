#!/usr/bin/env node
// The `cairn` command: runs the compiled CLI (dist/src/bin/cli.js). Build first: npm run build.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'src', 'bin', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write(`cairn: ${cli} is missing. Build the project first: npm run build (in ${root})\n`);
  process.exit(1);
}
const { main } = await import(pathToFileURL(cli).href);
await main(process.argv.slice(2));
