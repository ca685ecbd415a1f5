/**
 * s3cmd against a spawned server, path style over plain HTTP, once with SigV4 and once with
 * --signature-v2: mb, put, get, ls, la, del, rb and a multipart put (--multipart-chunk-size-mb=5).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type CairnServer } from '../helpers/server.js';
import { makeTempDir, md5Hex, multipartEtag, sha256File, writeRandomFile, type TempDir } from '../helpers/files.js';
import { baseEnv, requireTool, run, runOk } from '../helpers/tools.js';

const MiB = 1024 * 1024;
let server: CairnServer;
let tmp: TempDir;
let s3cmd: string;
let env: Record<string, string>;
let config: string;

before(async () => {
  s3cmd = requireTool('s3cmd');
  server = await startServer();
  tmp = await makeTempDir('s3cmd');
  const home = join(tmp.path, 'home');
  await mkdir(home);
  config = join(home, '.s3cfg');
  const hostPort = `127.0.0.1:${server.port}`;
  await writeFile(config, [
    '[default]',
    `access_key = ${server.accessKey}`,
    `secret_key = ${server.secretKey}`,
    `host_base = ${hostPort}`,
    `host_bucket = ${hostPort}`,
    'use_https = False',
    'check_ssl_certificate = False',
    'bucket_location = us-east-1',
    'signature_v2 = False',
    'guess_mime_type = False',
    'progress_meter = False',
    '',
  ].join('\n'));
  env = baseEnv(home);
});

after(async () => {
  await server?.stop();
  await tmp?.remove();
});

for (const variant of [{ name: 'SigV4', flags: [] as string[] }, { name: 'SigV2', flags: ['--signature-v2'] }]) {
  const bucket = `s3cmd-${variant.name.toLowerCase()}`;
  const cmd = (...args: string[]): Promise<string> =>
    runOk(s3cmd, ['-c', config, '--no-progress', ...variant.flags, ...args], { env, cwd: tmp.path, timeoutMs: 180_000 });

  describe(`s3cmd (${variant.name})`, () => {
    it('mb makes a bucket that ls lists', async () => {
      await cmd('mb', `s3://${bucket}`);
      const out = await cmd('ls');
      assert.match(out, new RegExp(`s3://${bucket}$`, 'm'));
    });

    it('put and get a small file with a space in its name', async () => {
      const src = join(tmp.path, `${variant.name}-small.txt`);
      await writeFile(src, `small via s3cmd ${variant.name}`);
      await cmd('put', src, `s3://${bucket}/dir/small file.txt`);
      const dst = join(tmp.path, `${variant.name}-small.down`);
      await cmd('get', '--force', `s3://${bucket}/dir/small file.txt`, dst);
      assert.equal(await readFile(dst, 'utf8'), `small via s3cmd ${variant.name}`);
    });

    it('multipart put of 12 MiB with 5 MiB chunks; get is identical', async () => {
      const src = join(tmp.path, `${variant.name}-big.bin`);
      const data = await writeRandomFile(src, 12 * MiB);
      await cmd('put', '--multipart-chunk-size-mb=5', src, `s3://${bucket}/big.bin`);
      const info = await cmd('info', `s3://${bucket}/big.bin`);
      // s3cmd shows the whole-file md5 it kept in x-amz-meta-s3cmd-attrs, else the multipart ETag.
      assert.match(info, new RegExp(`MD5 sum:\\s+(${md5Hex(data)}|${multipartEtag(data, 5 * MiB)})`));
      assert.match(info, new RegExp(`File size:\\s+${data.length}`));
      const dst = join(tmp.path, `${variant.name}-big.down`);
      await cmd('get', '--force', `s3://${bucket}/big.bin`, dst);
      assert.equal(await sha256File(dst), await sha256File(src));
    });

    it('cp and mv are server-side copies; sync uploads and downloads a tree', async () => {
      try {
        await cmd('cp', `s3://${bucket}/dir/small file.txt`, `s3://${bucket}/copies/copied.txt`);
        await cmd('mv', `s3://${bucket}/copies/copied.txt`, `s3://${bucket}/copies/moved.txt`);
        const dst = join(tmp.path, `${variant.name}-moved.down`);
        await cmd('get', '--force', `s3://${bucket}/copies/moved.txt`, dst);
        assert.equal(await readFile(dst, 'utf8'), `small via s3cmd ${variant.name}`);
        const listed = await cmd('ls', `s3://${bucket}/copies/`);
        assert.ok(!listed.includes('copied.txt') && listed.includes('moved.txt'), listed);

        const tree = join(tmp.path, `${variant.name}-tree`);
        await mkdir(join(tree, 'sub dir'), { recursive: true });
        await writeFile(join(tree, 'one.txt'), 'one');
        await writeFile(join(tree, 'sub dir', 'two.txt'), 'two');
        await cmd('sync', `${tree}/`, `s3://${bucket}/tree/`);
        const back = join(tmp.path, `${variant.name}-tree-down`);
        await mkdir(back);
        await cmd('sync', `s3://${bucket}/tree/`, `${back}/`);
        assert.equal(await readFile(join(back, 'one.txt'), 'utf8'), 'one');
        assert.equal(await readFile(join(back, 'sub dir', 'two.txt'), 'utf8'), 'two');
      } finally {
        // Leave the bucket as the later tests expect it, whatever failed above.
        await run(s3cmd, ['-c', config, ...variant.flags, 'del', '--recursive', '--force', `s3://${bucket}/tree/`], { env, timeoutMs: 60_000 });
        await run(s3cmd, ['-c', config, ...variant.flags, 'del', '--recursive', '--force', `s3://${bucket}/copies/`], { env, timeoutMs: 60_000 });
      }
    });

    it('ls shows prefixes and objects; la lists all buckets', async () => {
      const top = await cmd('ls', `s3://${bucket}/`);
      assert.match(top, new RegExp(`DIR\\s+s3://${bucket}/dir/`));
      assert.match(top, new RegExp(`${12 * MiB}\\s+s3://${bucket}/big\\.bin`));
      const recursive = await cmd('ls', '--recursive', `s3://${bucket}/`);
      assert.match(recursive, new RegExp(`s3://${bucket}/dir/small file\\.txt`));
      const la = await cmd('la');
      assert.match(la, new RegExp(`s3://${bucket}/big\\.bin`));
    });

    it('del removes objects; rb removes the empty bucket', async () => {
      await cmd('del', `s3://${bucket}/big.bin`);
      await cmd('del', `s3://${bucket}/dir/small file.txt`);
      const left = await cmd('ls', '--recursive', `s3://${bucket}/`);
      assert.equal(left.trim(), '');
      await cmd('rb', `s3://${bucket}`);
      const out = await cmd('ls');
      assert.ok(!out.includes(`s3://${bucket}`), out);
    });

    it('rb of a missing bucket fails with NoSuchBucket', async () => {
      const r = await run(s3cmd, ['-c', config, ...variant.flags, 'rb', `s3://${bucket}-missing`], { env, timeoutMs: 60_000 });
      assert.notEqual(r.code, 0);
      assert.match(r.stderr + r.stdout, /NoSuchBucket|does not exist/);
    });
  });
}

describe('s3cmd with a wrong secret', () => {
  it('is refused (403) with SigV4 and with SigV2', async () => {
    for (const flags of [[], ['--signature-v2']]) {
      const r = await run(s3cmd, ['-c', config, ...flags, '--secret_key=wrong-secret-key', 'ls'], { env, timeoutMs: 60_000 });
      assert.notEqual(r.code, 0, `s3cmd ${flags.join(' ')} with a wrong secret succeeded`);
      assert.match(r.stderr + r.stdout, /403|SignatureDoesNotMatch|AccessDenied/);
    }
  });
});
