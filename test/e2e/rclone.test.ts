/** rclone (type = s3, provider = Other) against a spawned server: mkdir, copy, sync, check --download, lsf, delete. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type CairnServer } from '../helpers/server.js';
import { makeTempDir, sha256File, writeRandomFile, type TempDir } from '../helpers/files.js';
import { baseEnv, requireTool, run, runOk } from '../helpers/tools.js';

const MiB = 1024 * 1024;
let server: CairnServer;
let tmp: TempDir;
let rclone: string;
let env: Record<string, string>;
let config: string;

before(async () => {
  rclone = requireTool('rclone');
  server = await startServer({ drives: 4 });
  tmp = await makeTempDir('rclone');
  const home = join(tmp.path, 'home');
  await mkdir(home);
  config = join(home, 'rclone.conf');
  await writeFile(config, [
    '[cairn]',
    'type = s3',
    'provider = Other',
    'env_auth = false',
    `access_key_id = ${server.accessKey}`,
    `secret_access_key = ${server.secretKey}`,
    `endpoint = ${server.endpoint}`,
    'region = us-east-1',
    'force_path_style = true',
    '',
  ].join('\n'));
  env = baseEnv(home);
});

after(async () => {
  await server?.stop();
  await tmp?.remove();
});

const COMMON = ['--retries', '1', '--low-level-retries', '1', '--s3-upload-cutoff', '5M', '--s3-chunk-size', '5M'];

function rc(...args: string[]): Promise<string> {
  return runOk(rclone, ['--config', config, ...COMMON, ...args], { env, cwd: tmp.path, timeoutMs: 180_000 });
}

async function makeTree(root: string, files: Record<string, string | number>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(join(root, rel, '..'), { recursive: true });
    if (typeof content === 'number') await writeRandomFile(join(root, rel), content);
    else await writeFile(join(root, rel), content);
  }
}

describe('rclone (s3, provider Other, 4 drives)', () => {
  const src = (): string => join(tmp.path, 'src');

  it('mkdir creates the bucket', async () => {
    await rc('mkdir', 'cairn:rc-bucket');
    const out = await rc('lsd', 'cairn:');
    assert.match(out, /\src-bucket$/m);
  });

  it('copy uploads a tree (including a 12 MiB multipart file) and check --download matches byte for byte', async () => {
    await makeTree(src(), {
      'top.txt': 'top', 'nested/a.txt': 'aaaa', 'nested/deeper/b.bin': 70_000, 'with space/ünï.txt': 'unicode', 'big.bin': 12 * MiB, 'empty': '',
    });
    await rc('copy', src(), 'cairn:rc-bucket/tree');
    await rc('check', '--download', src(), 'cairn:rc-bucket/tree');
    const listed = (await rc('lsf', '-R', '--files-only', 'cairn:rc-bucket/tree')).trim().split('\n').sort();
    assert.deepEqual(listed, ['big.bin', 'empty', 'nested/a.txt', 'nested/deeper/b.bin', 'top.txt', 'with space/ünï.txt'].sort());
  });

  it('lsf reports sizes', async () => {
    const out = await rc('lsf', '--format', 'ps', '--files-only', 'cairn:rc-bucket/tree');
    const sizes = Object.fromEntries(out.trim().split('\n').map((l) => l.split(';') as [string, string]));
    assert.equal(sizes['big.bin'], String(12 * MiB));
    assert.equal(sizes['top.txt'], '3');
    assert.equal(sizes['empty'], '0');
  });

  it('sync mirrors changes and deletions; copy back down is identical', async () => {
    await writeFile(join(src(), 'top.txt'), 'top, changed');
    await rm(join(src(), 'nested/a.txt'));
    await writeFile(join(src(), 'added.txt'), 'added');
    await rc('sync', src(), 'cairn:rc-bucket/tree');
    await rc('check', '--download', src(), 'cairn:rc-bucket/tree');
    const down = join(tmp.path, 'down');
    await rc('copy', 'cairn:rc-bucket/tree', down);
    assert.equal(await readFile(join(down, 'top.txt'), 'utf8'), 'top, changed');
    assert.equal(await readFile(join(down, 'added.txt'), 'utf8'), 'added');
    assert.equal(await sha256File(join(down, 'big.bin')), await sha256File(join(src(), 'big.bin')));
    const listed = await rc('lsf', '-R', 'cairn:rc-bucket/tree');
    assert.ok(!listed.includes('nested/a.txt'), listed);
  });

  it('check detects a difference', async () => {
    await writeFile(join(src(), 'top.txt'), 'locally different');
    const r = await run(rclone, ['--config', config, ...COMMON, 'check', '--download', src(), 'cairn:rc-bucket/tree'], { env, timeoutMs: 120_000 });
    assert.notEqual(r.code, 0, 'rclone check passed although a file differs');
    assert.match(r.stderr, /top\.txt/);
  });

  it('delete removes the files and rmdir the bucket', async () => {
    await rc('delete', 'cairn:rc-bucket/tree');
    const left = await rc('lsf', '-R', '--files-only', 'cairn:rc-bucket');
    assert.equal(left.trim(), '');
    await rc('rmdir', 'cairn:rc-bucket');
    const buckets = await rc('lsd', 'cairn:');
    assert.ok(!buckets.includes('rc-bucket'), buckets);
  });
});
