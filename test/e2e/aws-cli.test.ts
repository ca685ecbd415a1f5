/**
 * The real AWS CLI (Debian's /usr/bin/aws) against a spawned server: aws s3 cp/sync/ls/rm/mb/rb
 * and aws s3api calls, with credentials from the environment and a fresh HOME and config file.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type CairnServer } from '../helpers/server.js';
import { makeTempDir, md5Hex, multipartEtag, randomPayload, sha256File, writeRandomFile, type TempDir } from '../helpers/files.js';
import { awsCliEnv } from '../helpers/aws-cli-env.js';
import { requireTool, run, runOk } from '../helpers/tools.js';

const BUCKET = 'cli-bucket';
const MiB = 1024 * 1024;
let server: CairnServer;
let tmp: TempDir;
let aws: string;
let env: Record<string, string>;

before(async () => {
  aws = requireTool('aws');
  server = await startServer();
  tmp = await makeTempDir('awscli');
  env = await awsCliEnv(server, tmp.path);
});

after(async () => {
  await server?.stop();
  await tmp?.remove();
});

function cli(...args: string[]): Promise<string> {
  return runOk(aws, ['--endpoint-url', server.endpoint, '--no-cli-pager', ...args], { env, cwd: tmp.path, timeoutMs: 180_000 });
}

async function cliJson<T>(...args: string[]): Promise<T> {
  return JSON.parse(await cli(...args, '--output', 'json')) as T;
}

describe('aws s3 (AWS CLI)', () => {
  it('mb creates a bucket and ls lists it', async () => {
    await cli('s3', 'mb', `s3://${BUCKET}`);
    const out = await cli('s3', 'ls');
    assert.match(out, new RegExp(`\\s${BUCKET}$`, 'm'));
  });

  it('cp uploads and downloads a small file', async () => {
    const src = join(tmp.path, 'small.txt');
    await writeFile(src, 'small file via aws s3 cp\n');
    await cli('s3', 'cp', src, `s3://${BUCKET}/cp/small.txt`);
    const dst = join(tmp.path, 'small.down');
    await cli('s3', 'cp', `s3://${BUCKET}/cp/small.txt`, dst);
    assert.equal(await readFile(dst, 'utf8'), 'small file via aws s3 cp\n');
  });

  it('cp of a 40 MiB file goes multipart (8 MiB parts) and comes back identical', async () => {
    const src = join(tmp.path, 'big.bin');
    const data = await writeRandomFile(src, 40 * MiB);
    await cli('s3', 'cp', src, `s3://${BUCKET}/cp/big.bin`);
    const head = await cliJson<{ ETag: string; ContentLength: number }>('s3api', 'head-object', '--bucket', BUCKET, '--key', 'cp/big.bin');
    assert.equal(head.ContentLength, data.length);
    assert.equal(head.ETag, `"${multipartEtag(data, 8 * MiB)}"`);
    const dst = join(tmp.path, 'big.down');
    await cli('s3', 'cp', `s3://${BUCKET}/cp/big.bin`, dst);
    assert.equal(await sha256File(dst), await sha256File(src));
  });

  it('cp s3-to-s3 of the 40 MiB object is a server-side multipart copy (UploadPartCopy), byte-identical', async () => {
    await cli('s3', 'cp', `s3://${BUCKET}/cp/big.bin`, `s3://${BUCKET}/cp/big-copy.bin`);
    const head = await cliJson<{ ETag: string; ContentLength: number }>('s3api', 'head-object', '--bucket', BUCKET, '--key', 'cp/big-copy.bin');
    assert.equal(head.ContentLength, 40 * MiB);
    assert.match(head.ETag, /-5"$/, 'the CLI copies objects over 8 MiB part by part');
    const dst = join(tmp.path, 'big-copy.down');
    await cli('s3', 'cp', `s3://${BUCKET}/cp/big-copy.bin`, dst);
    assert.equal(await sha256File(dst), await sha256File(join(tmp.path, 'big.bin')));
  });

  it('cp from stdin (unknown length, 20 MiB) and mv', async () => {
    const data = randomPayload(20 * MiB);
    const r = await run(aws, ['--endpoint-url', server.endpoint, 's3', 'cp', '-', `s3://${BUCKET}/cp/stdin.bin`], { env, input: data, timeoutMs: 180_000 });
    assert.equal(r.code, 0, r.stderr);
    const head = await cliJson<{ ContentLength: number }>('s3api', 'head-object', '--bucket', BUCKET, '--key', 'cp/stdin.bin');
    assert.equal(head.ContentLength, data.length);
    await cli('s3', 'mv', `s3://${BUCKET}/cp/stdin.bin`, `s3://${BUCKET}/cp/moved.bin`);
    const out = join(tmp.path, 'moved.down');
    await cli('s3', 'cp', `s3://${BUCKET}/cp/moved.bin`, out);
    assert.ok((await readFile(out)).equals(data));
    const gone = await run(aws, ['--endpoint-url', server.endpoint, 's3api', 'head-object', '--bucket', BUCKET, '--key', 'cp/stdin.bin'], { env, timeoutMs: 60_000 });
    assert.notEqual(gone.code, 0, 'mv left the source behind');
  });

  it('presign makes a URL a plain fetch can read', async () => {
    const url = (await cli('s3', 'presign', `s3://${BUCKET}/cp/small.txt`, '--expires-in', '120')).trim();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/cli-bucket\/cp\/small\.txt\?/);
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'small file via aws s3 cp\n');
  });

  it('sync uploads a tree, syncs changes with --delete, and syncs back down', async () => {
    const up = join(tmp.path, 'tree');
    const files: Record<string, string> = {
      'a.txt': 'a', 'dir one/b.txt': 'bb', 'dir one/deeper/c.txt': 'ccc', 'unicodé/d.txt': 'dddd', 'gone.txt': 'to be deleted',
    };
    for (const [rel, body] of Object.entries(files)) {
      await mkdir(join(up, rel, '..'), { recursive: true });
      await writeFile(join(up, rel), body);
    }
    await cli('s3', 'sync', up, `s3://${BUCKET}/sync/`);
    const listed = await cli('s3', 'ls', '--recursive', `s3://${BUCKET}/sync/`);
    for (const rel of Object.keys(files)) assert.ok(listed.includes(`sync/${rel}`), `missing ${rel} in:\n${listed}`);

    await writeFile(join(up, 'a.txt'), 'a changed, and longer');
    await writeFile(join(up, 'new.txt'), 'new');
    await rm(join(up, 'gone.txt'));
    await cli('s3', 'sync', '--delete', up, `s3://${BUCKET}/sync/`);

    const down = join(tmp.path, 'tree-down');
    await cli('s3', 'sync', `s3://${BUCKET}/sync/`, down);
    const expected = { ...files, 'a.txt': 'a changed, and longer', 'new.txt': 'new' } as Record<string, string>;
    delete expected['gone.txt'];
    for (const [rel, body] of Object.entries(expected)) {
      assert.equal(await readFile(join(down, rel), 'utf8'), body, rel);
    }
    const after = await cli('s3', 'ls', '--recursive', `s3://${BUCKET}/sync/`);
    assert.ok(!after.includes('gone.txt'), 'sync --delete left gone.txt');
  });

  it('ls shows prefixes as PRE and objects with sizes', async () => {
    const out = await cli('s3', 'ls', `s3://${BUCKET}/`);
    assert.match(out, /PRE cp\//);
    assert.match(out, /PRE sync\//);
    const inner = await cli('s3', 'ls', `s3://${BUCKET}/cp/`);
    assert.match(inner, /\s25 small\.txt$/m);
  });

  it('rm --recursive removes every key under a prefix', async () => {
    await cli('s3', 'rm', '--recursive', `s3://${BUCKET}/sync/`);
    const r = await run(aws, ['--endpoint-url', server.endpoint, 's3', 'ls', '--recursive', `s3://${BUCKET}/sync/`], { env, timeoutMs: 60_000 });
    assert.equal(r.stdout.trim(), '');
  });
});

describe('aws s3api (AWS CLI)', () => {
  it('put-object / head-object / get-object with metadata', async () => {
    const src = join(tmp.path, 'api.txt');
    await writeFile(src, 'through s3api');
    const put = await cliJson<{ ETag: string }>('s3api', 'put-object', '--bucket', BUCKET, '--key', 'api/obj.txt', '--body', src,
      '--content-type', 'text/x-api', '--metadata', 'owner=cli,purpose=e2e');
    assert.equal(put.ETag, `"${md5Hex('through s3api')}"`);
    const head = await cliJson<{ ContentType: string; Metadata: Record<string, string>; ContentLength: number }>(
      's3api', 'head-object', '--bucket', BUCKET, '--key', 'api/obj.txt');
    assert.equal(head.ContentType, 'text/x-api');
    assert.deepEqual(head.Metadata, { owner: 'cli', purpose: 'e2e' });
    assert.equal(head.ContentLength, 13);
    const out = join(tmp.path, 'api.down');
    await cliJson('s3api', 'get-object', '--bucket', BUCKET, '--key', 'api/obj.txt', '--range', 'bytes=8-12', out);
    assert.equal(await readFile(out, 'utf8'), 's3api');
  });

  it('list-objects-v2 with prefix, delimiter and page-size pagination', async () => {
    const dir = join(tmp.path, 'page');
    await mkdir(dir);
    for (let i = 0; i < 12; i++) await writeFile(join(dir, `k${String(i).padStart(2, '0')}`), String(i));
    await cli('s3', 'cp', '--recursive', dir, `s3://${BUCKET}/page/`);
    const all = await cliJson<{ Contents: Array<{ Key: string }> }>('s3api', 'list-objects-v2', '--bucket', BUCKET, '--prefix', 'page/', '--page-size', '5');
    assert.deepEqual(all.Contents.map((c) => c.Key), Array.from({ length: 12 }, (_, i) => `page/k${String(i).padStart(2, '0')}`));
    const delim = await cliJson<{ CommonPrefixes: Array<{ Prefix: string }> }>('s3api', 'list-objects-v2', '--bucket', BUCKET, '--delimiter', '/');
    const prefixes = delim.CommonPrefixes.map((p) => p.Prefix);
    assert.ok(prefixes.includes('page/') && prefixes.includes('api/') && prefixes.includes('cp/'), JSON.stringify(prefixes));
  });

  it('create-multipart-upload / upload-part / list-parts / complete-multipart-upload', async () => {
    const p1 = join(tmp.path, 'part1');
    const p2 = join(tmp.path, 'part2');
    const d1 = await writeRandomFile(p1, 5 * MiB);
    const d2 = await writeRandomFile(p2, 1234);
    const { UploadId } = await cliJson<{ UploadId: string }>('s3api', 'create-multipart-upload', '--bucket', BUCKET, '--key', 'api/mpu.bin');
    const r1 = await cliJson<{ ETag: string }>('s3api', 'upload-part', '--bucket', BUCKET, '--key', 'api/mpu.bin', '--upload-id', UploadId, '--part-number', '1', '--body', p1);
    const r2 = await cliJson<{ ETag: string }>('s3api', 'upload-part', '--bucket', BUCKET, '--key', 'api/mpu.bin', '--upload-id', UploadId, '--part-number', '2', '--body', p2);
    const parts = await cliJson<{ Parts: Array<{ PartNumber: number; Size: number }> }>('s3api', 'list-parts', '--bucket', BUCKET, '--key', 'api/mpu.bin', '--upload-id', UploadId);
    assert.deepEqual(parts.Parts.map((p) => [p.PartNumber, p.Size]), [[1, 5 * MiB], [2, 1234]]);
    const uploads = await cliJson<{ Uploads: Array<{ UploadId: string }> }>('s3api', 'list-multipart-uploads', '--bucket', BUCKET);
    assert.ok(uploads.Uploads.some((u) => u.UploadId === UploadId));
    const manifest = join(tmp.path, 'mpu.json');
    await writeFile(manifest, JSON.stringify({ Parts: [{ PartNumber: 1, ETag: r1.ETag }, { PartNumber: 2, ETag: r2.ETag }] }));
    const done = await cliJson<{ ETag: string }>('s3api', 'complete-multipart-upload', '--bucket', BUCKET, '--key', 'api/mpu.bin',
      '--upload-id', UploadId, '--multipart-upload', `file://${manifest}`);
    const all = Buffer.concat([d1, d2]);
    assert.equal(done.ETag, `"${multipartEtag(all, 5 * MiB)}"`);
    const out = join(tmp.path, 'mpu.down');
    await cliJson('s3api', 'get-object', '--bucket', BUCKET, '--key', 'api/mpu.bin', out);
    assert.ok((await readFile(out)).equals(all));
  });

  it('abort-multipart-upload; errors come back with S3 codes', async () => {
    const { UploadId } = await cliJson<{ UploadId: string }>('s3api', 'create-multipart-upload', '--bucket', BUCKET, '--key', 'api/abort');
    await cli('s3api', 'abort-multipart-upload', '--bucket', BUCKET, '--key', 'api/abort', '--upload-id', UploadId);
    const r = await run(aws, ['--endpoint-url', server.endpoint, 's3api', 'list-parts', '--bucket', BUCKET, '--key', 'api/abort', '--upload-id', UploadId],
      { env, timeoutMs: 60_000 });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /NoSuchUpload/);
    const missing = await run(aws, ['--endpoint-url', server.endpoint, 's3api', 'head-object', '--bucket', BUCKET, '--key', 'api/none'], { env, timeoutMs: 60_000 });
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /404|Not Found/);
  });

  it('rb --force empties and removes the bucket', async () => {
    await cli('s3', 'rb', '--force', `s3://${BUCKET}`);
    const out = await cli('s3', 'ls');
    assert.ok(!out.includes(BUCKET), out);
  });
});
