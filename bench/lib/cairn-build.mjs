// Which Cairn the benchmark runs. By default a private build of the committed HEAD: the source
// tree is exported with `git archive` into a temp dir and compiled there, so that the figures
// belong to one commit and other people's in-progress edits or rebuilds of dist/ cannot change
// the server mid-run. `--source worktree` builds and runs the working tree in place instead.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_DIR } from './servers.mjs';

function tsc(root, project) {
  const bin = path.join(REPO_DIR, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [bin, '-p', project], { cwd: root, encoding: 'utf8', timeout: 900_000 });
  return { ok: r.status === 0, errors: (r.stdout.match(/error TS\d+/g) || []).length, firstError: (r.stdout.split('\n').find((l) => /error TS\d+/.test(l)) ?? r.stderr ?? '').slice(0, 300) };
}

function git(args) {
  return execFileSync('git', ['-C', REPO_DIR, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 }).trim();
}

/**
 * @returns {{root: string, commit: string|null, source: string, temp: string|null, build: object}}
 *   root holds bin/cairn.js and dist/; temp (if any) is for the caller to remove.
 */
export function prepareCairn({ source, build, log }) {
  if (source === 'worktree') {
    let commit = null;
    try { commit = `${git(['rev-parse', 'HEAD'])}${git(['status', '--porcelain', 'src', 'bin']) ? '+uncommitted' : ''}`; } catch { /* not a git checkout */ }
    if (!build) return { root: REPO_DIR, commit, source, temp: null, build: { skipped: true } };
    log('building the working tree (tsc -p tsconfig.json)');
    const b = tsc(REPO_DIR, path.join(REPO_DIR, 'tsconfig.json'));
    if (!b.ok) log(`tsc reported ${b.errors} type error(s); continuing with what it emitted (${b.firstError})`);
    return { root: REPO_DIR, commit, source, temp: null, build: b };
  }
  const commit = git(['rev-parse', 'HEAD']);
  const temp = mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-build-'));
  log(`building commit ${commit.slice(0, 12)} in ${temp}`);
  const tar = spawnSync('git', ['-C', REPO_DIR, 'archive', '--format=tar', commit, 'src', 'bin', 'package.json', 'tsconfig.json'], { maxBuffer: 1 << 30 });
  if (tar.status !== 0) throw new Error(`git archive failed: ${String(tar.stderr).slice(0, 300)}`);
  const x = spawnSync('tar', ['-x', '-C', temp], { input: tar.stdout });
  if (x.status !== 0) throw new Error(`tar -x failed: ${String(x.stderr).slice(0, 300)}`);
  symlinkSync(path.join(REPO_DIR, 'node_modules'), path.join(temp, 'node_modules'), 'dir');
  const project = path.join(temp, 'tsconfig.bench.json');
  writeFileSync(project, JSON.stringify({ extends: './tsconfig.json', include: ['src/**/*.ts'], exclude: ['src/**/*.test.ts'] }));
  const b = tsc(temp, project);
  if (!b.ok) log(`tsc reported ${b.errors} type error(s) in ${commit.slice(0, 12)}; continuing with what it emitted (${b.firstError})`);
  if (!existsSync(path.join(temp, 'bin', 'cairn.js'))) throw new Error(`commit ${commit} has no bin/cairn.js`);
  return { root: temp, commit, source, temp, build: b };
}
