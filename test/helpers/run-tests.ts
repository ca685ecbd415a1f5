/**
 * `npm test` runner (after the build): runs every compiled `*.test.js` under dist/src and
 * dist/test whose TypeScript source still exists, with node's test runner, one file at a
 * time. Node 20's `--test` takes no globs, and given a folder named `test` it would run every
 * helper module as a test file, hence this explicit list.
 *
 *   node dist/test/helpers/run-tests.js [SUBSTRING...]   only files whose path contains one
 *
 * Env: CAIRN_TEST_CONCURRENCY (default 1), CAIRN_TEST_TIMEOUT_MS per test (default 600000).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './repo-root.js';

function collect(dir: string, out: string[], depth = 0): void {
  if (depth > 20 || !existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) collect(full, out, depth + 1);
    else if (entry.isFile() && entry.name.endsWith('.test.js')) out.push(full);
  }
}

function main(): void {
  const root = repoRoot();
  const dist = join(root, 'dist');
  const found: string[] = [];
  collect(join(dist, 'src'), found);
  collect(join(dist, 'test'), found);
  const filters = process.argv.slice(2);
  const files = found
    .filter((f) => existsSync(join(root, relative(dist, f)).replace(/\.js$/, '.ts')))
    .filter((f) => filters.length === 0 || filters.some((s) => relative(root, f).includes(s)))
    .sort();
  if (files.length === 0) {
    console.error(`no test files found under ${dist}${filters.length ? ` matching ${filters.join(', ')}` : ''}; run "npm run build" first`);
    process.exit(1);
  }
  const concurrency = process.env.CAIRN_TEST_CONCURRENCY ?? '1';
  const timeout = process.env.CAIRN_TEST_TIMEOUT_MS ?? '600000';
  const args = [
    '--test',
    `--test-concurrency=${concurrency}`,
    `--test-timeout=${timeout}`,
    '--test-reporter=spec',
    ...files.map((f) => relative(root, f)),
  ];
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals): void => {
    if (child.pid !== undefined) {
      try { process.kill(child.pid, signal); } catch { /* gone */ }
    }
  };
  process.on('SIGINT', () => forward('SIGINT'));
  process.on('SIGTERM', () => forward('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main();
