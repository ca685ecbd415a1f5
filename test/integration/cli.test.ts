/**
 * The `cairn` command as operators run it (node bin/cairn.js): --help, startup errors with a
 * message and a non-zero exit, generated root credentials printed once and not again,
 * SIGTERM stops it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repo-root.js';

const entry = join(repoRoot(), 'bin', 'cairn.js');
const cleanEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' };

function runSync(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [entry, ...args], { env: { ...cleanEnv, ...env }, encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the server, resolves with everything printed up to and including the S3-API line. */
function startServer(args: string[]): Promise<{ child: ChildProcess; output: string; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], { cwd: base, env: cleanEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => { if (child.pid) process.kill(child.pid, 'SIGKILL'); reject(new Error(`no S3-API line: ${output}`)); }, 20_000);
    const onData = (c: Buffer): void => {
      output += c.toString('utf8');
      const m = /S3-API: http:\/\/127\.0\.0\.1:(\d+)\n/.exec(output);
      // The credentials notice (if any) follows the S3-API line in the same write.
      if (m) {
        clearTimeout(timer);
        resolve({ child, output, port: Number(m[1]) });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => { output += c.toString('utf8'); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`exited ${code}: ${output}`)); });
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) { resolve(child.exitCode); return; }
    const kill = setTimeout(() => { if (child.pid) process.kill(child.pid, 'SIGKILL'); }, 10_000);
    child.removeAllListeners('exit');
    child.once('exit', (code) => { clearTimeout(kill); resolve(code); });
    if (child.pid) process.kill(child.pid, 'SIGTERM');
  });
}

let base: string;
before(async () => { base = await mkdtemp(join(tmpdir(), 'cairn-h4a-cli-')); });
after(async () => { await rm(base, { recursive: true, force: true }); });

describe('cairn CLI', () => {
  it('--help lists the server command and the settings', () => {
    const r = runSync(['--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /cairn server \[FLAGS\] DRIVE/);
    assert.match(r.stdout, /CAIRN_ROOT_PASSWORD/);
    assert.match(r.stdout, /--console-address/);
  });
  it('bin/cairn.js explains how to build when dist/ is missing', async () => {
    const { copyFile, mkdir } = await import('node:fs/promises');
    const fake = join(base, 'unbuilt');
    await mkdir(join(fake, 'bin'), { recursive: true });
    await copyFile(entry, join(fake, 'bin', 'cairn.js'));
    const r = spawnSync(process.execPath, [join(fake, 'bin', 'cairn.js'), '--help'], { env: cleanEnv, encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /npm run build/);
  });
  it('startup errors print a message and exit non-zero', () => {
    for (const [args, env, re] of [
      [['server', '--address', '127.0.0.1:0'], {}, /no drives given/],
      [['server', '--nope', 'x', join(base, 'x')], {}, /unknown flag --nope/],
      [['server', '--address', '127.0.0.1:0', join(base, 'y')], { CAIRN_ROOT_USER: 'ab', CAIRN_ROOT_PASSWORD: 'password1' }, /at least 3/],
      [['frobnicate'], {}, /unknown command/],
    ] as Array<[string[], Record<string, string>, RegExp]>) {
      const r = runSync(args, env);
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re);
      assert.match(r.stderr, /^cairn: /);
    }
  });
  it('writes generated root credentials (output not a terminal) to a 0600 file it names, on first start only; stops on SIGTERM', async () => {
    const drives = [join(base, 'g1'), join(base, 'g2')];
    const first = await startServer(['server', '--address', '127.0.0.1:0', ...drives]);
    assert.doesNotMatch(first.output, /RootPass/, 'a secret printed to a pipe');
    const file = /they are in (\S+) \(mode 0600\)/.exec(first.output)?.[1];
    assert.ok(file !== undefined, first.output);
    assert.equal(file, join(base, 'cairn-root-credentials.txt'));
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const text = await readFile(file, 'utf8');
    assert.match(text, /RootUser: [A-Z0-9]{20}\n/);
    assert.match(text, /RootPass: \S{40}\n/);
    assert.equal(await stop(first.child), 0);
    const second = await startServer(['server', '--address', '127.0.0.1:0', ...drives]);
    assert.doesNotMatch(second.output, /Root credentials|RootUser|RootPass/);
    assert.ok(second.port > 0);
    assert.equal(await stop(second.child), 0);
  });
  it('refuses drives of another deployment with a message', async () => {
    const a = [join(base, 'f1')];
    const s = await startServer(['server', '--address', '127.0.0.1:0', ...a]);
    await stop(s.child);
    // The same single drive now offered as part of a different layout.
    const r = runSync(['server', '--address', '127.0.0.1:0', a[0]!, join(base, 'f2'), join(base, 'f3'), join(base, 'f4')]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /^cairn: /);
  });
});
