/**
 * Bucket policies end to end with the real AWS CLI (Debian's /usr/bin/aws): put-bucket-policy,
 * get-bucket-policy, get-bucket-policy-status, delete-bucket-policy; anonymous access
 * (`--no-sign-request`, and a plain unsigned HTTP GET) allowed exactly where the policy allows
 * it; MalformedPolicy with AWS's message; an explicit Deny binds the root, who can still
 * remove the policy. Each policy change is read back at once (same process).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type CairnServer } from '../helpers/server.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { awsCliEnv } from '../helpers/aws-cli-env.js';
import { requireTool, run, runOk, type RunResult } from '../helpers/tools.js';

const BUCKET = 'policy-bucket';
let server: CairnServer;
let tmp: TempDir;
let aws: string;
let env: Record<string, string>;

before(async () => {
  aws = requireTool('aws');
  server = await startServer();
  tmp = await makeTempDir('bucketpolicy');
  env = await awsCliEnv(server, tmp.path);
  await cli('s3api', 'create-bucket', '--bucket', BUCKET);
  // New buckets block public access (AWS since April 2023); the public policies below need it lifted.
  await cli('s3api', 'delete-public-access-block', '--bucket', BUCKET);
  for (const key of ['public/hello.txt', 'private/secret.txt']) {
    await writeFile(join(tmp.path, 'body.txt'), `body of ${key}`);
    await cli('s3api', 'put-object', '--bucket', BUCKET, '--key', key, '--body', join(tmp.path, 'body.txt'));
  }
});

after(async () => {
  await server?.stop();
  await tmp?.remove();
});

const args = (a: readonly string[]): string[] => ['--endpoint-url', server.endpoint, '--no-cli-pager', ...a];
const cli = (...a: string[]): Promise<string> => runOk(aws, args(a), { env, cwd: tmp.path, timeoutMs: 120_000 });
const cliRun = (...a: string[]): Promise<RunResult> => run(aws, args(a), { env, cwd: tmp.path, timeoutMs: 120_000 });

async function putPolicy(policy: Readonly<Record<string, unknown>>): Promise<void> {
  await cli('s3api', 'put-bucket-policy', '--bucket', BUCKET, '--policy', JSON.stringify(policy));
}

async function anonymousGet(key: string): Promise<RunResult> {
  return cliRun('s3api', 'get-object', '--no-sign-request', '--bucket', BUCKET, '--key', key, join(tmp.path, 'out.txt'));
}

function assertFails(r: RunResult, code: string, message?: RegExp): void {
  assert.notEqual(r.code, 0, `expected ${code}, got success: ${r.stdout}`);
  assert.match(r.stderr, new RegExp(`\\(${code}\\)`), r.stderr);
  if (message) assert.match(r.stderr, message, r.stderr);
}

const publicRead = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/public/*` },
    { Sid: 'PublicList', Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${BUCKET}`,
      Condition: { StringLike: { 's3:prefix': 'public/*' } } },
  ],
};

describe('bucket policy (AWS CLI)', () => {
  it('without a policy: NoSuchBucketPolicy, and anonymous requests are denied', async () => {
    assertFails(await cliRun('s3api', 'get-bucket-policy', '--bucket', BUCKET), 'NoSuchBucketPolicy');
    assertFails(await cliRun('s3api', 'get-bucket-policy-status', '--bucket', BUCKET), 'NoSuchBucketPolicy');
    assertFails(await anonymousGet('public/hello.txt'), 'AccessDenied');
    const raw = await fetch(`${server.endpoint}/${BUCKET}/public/hello.txt`);
    assert.equal(raw.status, 403);
  });

  it('a malformed policy is refused with MalformedPolicy naming the problem', async () => {
    const noPrincipal = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` }] };
    assertFails(await cliRun('s3api', 'put-bucket-policy', '--bucket', BUCKET, '--policy', JSON.stringify(noPrincipal)),
      'MalformedPolicy', /Missing required field Principal/);
    const otherBucket = { ...publicRead, Statement: [{ ...publicRead.Statement[0], Resource: 'arn:aws:s3:::other-bucket/*' }] };
    assertFails(await cliRun('s3api', 'put-bucket-policy', '--bucket', BUCKET, '--policy', JSON.stringify(otherBucket)),
      'MalformedPolicy', /Policy has invalid resource/);
    assertFails(await cliRun('s3api', 'put-bucket-policy', '--bucket', BUCKET, '--policy', 'not json'), 'MalformedPolicy');
    assertFails(await cliRun('s3api', 'get-bucket-policy', '--bucket', BUCKET), 'NoSuchBucketPolicy');
  });

  it('a public-read policy lets anonymous clients read and list exactly public/', async () => {
    await putPolicy(publicRead);
    const stored = JSON.parse(await cli('s3api', 'get-bucket-policy', '--bucket', BUCKET, '--output', 'json')) as { Policy: string };
    assert.deepEqual(JSON.parse(stored.Policy), publicRead);
    const status = JSON.parse(await cli('s3api', 'get-bucket-policy-status', '--bucket', BUCKET, '--output', 'json')) as { PolicyStatus: { IsPublic: boolean } };
    assert.equal(status.PolicyStatus.IsPublic, true);

    const ok = await anonymousGet('public/hello.txt');
    assert.equal(ok.code, 0, ok.stderr);
    const raw = await fetch(`${server.endpoint}/${BUCKET}/public/hello.txt`);
    assert.equal(raw.status, 200);
    assert.equal(await raw.text(), 'body of public/hello.txt');

    assertFails(await anonymousGet('private/secret.txt'), 'AccessDenied');
    assertFails(await cliRun('s3api', 'put-object', '--no-sign-request', '--bucket', BUCKET, '--key', 'public/new.txt'), 'AccessDenied');
    const list = JSON.parse(await cli('s3api', 'list-objects-v2', '--no-sign-request', '--bucket', BUCKET, '--prefix', 'public/', '--output', 'json')) as
      { Contents: Array<{ Key: string }> };
    assert.deepEqual(list.Contents.map((c) => c.Key), ['public/hello.txt']);
    assertFails(await cliRun('s3api', 'list-objects-v2', '--no-sign-request', '--bucket', BUCKET, '--prefix', 'private/'), 'AccessDenied');
    // The root still does everything the policy does not deny.
    assert.match(await cli('s3api', 'get-object', '--bucket', BUCKET, '--key', 'private/secret.txt', join(tmp.path, 'out.txt')), /ContentLength/);
  });

  it('a policy confined by aws:SourceIp allows only that address', async () => {
    const fromHere = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*`,
      Condition: { IpAddress: { 'aws:SourceIp': '127.0.0.1/32' } } }] };
    await putPolicy(fromHere);
    assert.equal((await anonymousGet('private/secret.txt')).code, 0);
    const status = JSON.parse(await cli('s3api', 'get-bucket-policy-status', '--bucket', BUCKET, '--output', 'json')) as { PolicyStatus: { IsPublic: boolean } };
    assert.equal(status.PolicyStatus.IsPublic, false);
    await putPolicy({ ...fromHere, Statement: [{ ...fromHere.Statement[0], Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } }] });
    assertFails(await anonymousGet('private/secret.txt'), 'AccessDenied');
  });

  it('an explicit Deny binds the root too; the root can still delete the policy', async () => {
    await putPolicy({ Version: '2012-10-17', Statement: [{ Sid: 'NoDeletes', Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: `arn:aws:s3:::${BUCKET}/*` }] });
    assertFails(await cliRun('s3api', 'delete-object', '--bucket', BUCKET, '--key', 'public/hello.txt'), 'AccessDenied');
    await cli('s3api', 'delete-bucket-policy', '--bucket', BUCKET);
    assertFails(await cliRun('s3api', 'get-bucket-policy', '--bucket', BUCKET), 'NoSuchBucketPolicy');
    await cli('s3api', 'delete-object', '--bucket', BUCKET, '--key', 'public/hello.txt');
    assertFails(await anonymousGet('private/secret.txt'), 'AccessDenied');
  });
});
