/**
 * Ownership controls, ACLs and Block Public Access end to end with the real AWS CLI and the
 * cluster root (issue #9): get/put/delete-bucket-ownership-controls, create-bucket
 * --object-ownership, put-object-acl / get-object-acl (canned and grant flags), anonymous GET
 * (`--no-sign-request`) allowed by a public-read policy and stopped when
 * put-public-access-block turns RestrictPublicBuckets on; a public policy refused under
 * BlockPublicPolicy.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type CairnServer } from '../helpers/server.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { awsCliEnv } from '../helpers/aws-cli-env.js';
import { requireTool, run, runOk, type RunResult } from '../helpers/tools.js';

let server: CairnServer;
let tmp: TempDir;
let aws: string;
let env: Record<string, string>;

before(async () => {
  aws = requireTool('aws');
  server = await startServer();
  tmp = await makeTempDir('awscli-acl');
  env = await awsCliEnv(server, tmp.path);
  await writeFile(join(tmp.path, 'body.txt'), 'hello acl');
});

after(async () => {
  await server?.stop();
  await tmp?.remove();
});

const args = (a: readonly string[]): string[] => ['--endpoint-url', server.endpoint, '--no-cli-pager', '--output', 'json', ...a];
const cli = (...a: string[]): Promise<string> => runOk(aws, args(a), { env, cwd: tmp.path, timeoutMs: 120_000 });
const cliRun = (...a: string[]): Promise<RunResult> => run(aws, args(a), { env, cwd: tmp.path, timeoutMs: 120_000 });
const json = async (...a: string[]): Promise<Record<string, unknown>> => JSON.parse(await cli(...a)) as Record<string, unknown>;

function assertFails(r: RunResult, code: string): void {
  assert.notEqual(r.code, 0, `expected ${code}, got success: ${r.stdout}`);
  assert.match(r.stderr, new RegExp(`\\(${code}\\)`), r.stderr);
}

const anonymousGet = (bucket: string, key: string): Promise<RunResult> =>
  cliRun('s3api', 'get-object', '--no-sign-request', '--bucket', bucket, '--key', key, join(tmp.path, 'out.txt'));

describe('AWS CLI: ownership controls and ACLs', () => {
  it('new buckets are BucketOwnerEnforced; put/get/delete-bucket-ownership-controls', async () => {
    await cli('s3api', 'create-bucket', '--bucket', 'cli-enforced');
    const got = await json('s3api', 'get-bucket-ownership-controls', '--bucket', 'cli-enforced');
    assert.deepEqual(got, { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } });
    await cli('s3api', 'put-object', '--bucket', 'cli-enforced', '--key', 'k', '--body', join(tmp.path, 'body.txt'));
    assertFails(await cliRun('s3api', 'put-object-acl', '--bucket', 'cli-enforced', '--key', 'k', '--acl', 'public-read'), 'AccessControlListNotSupported');
    await cli('s3api', 'put-bucket-ownership-controls', '--bucket', 'cli-enforced', '--ownership-controls', 'Rules=[{ObjectOwnership=ObjectWriter}]');
    const after = await json('s3api', 'get-bucket-ownership-controls', '--bucket', 'cli-enforced');
    assert.deepEqual(after, { OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } });
    await cli('s3api', 'delete-bucket-ownership-controls', '--bucket', 'cli-enforced');
    assertFails(await cliRun('s3api', 'get-bucket-ownership-controls', '--bucket', 'cli-enforced'), 'OwnershipControlsNotFoundError');
  });

  it('put-object-acl under ObjectWriter: a public-read object is readable anonymously, then private again', async () => {
    await cli('s3api', 'create-bucket', '--bucket', 'cli-writer', '--object-ownership', 'ObjectWriter');
    // New buckets block public access (as on AWS since April 2023): lift it for a public ACL.
    await cli('s3api', 'delete-public-access-block', '--bucket', 'cli-writer');
    await cli('s3api', 'put-object', '--bucket', 'cli-writer', '--key', 'doc.txt', '--body', join(tmp.path, 'body.txt'));
    assertFails(await anonymousGet('cli-writer', 'doc.txt'), 'AccessDenied');
    await cli('s3api', 'put-object-acl', '--bucket', 'cli-writer', '--key', 'doc.txt', '--acl', 'public-read');
    assert.equal((await anonymousGet('cli-writer', 'doc.txt')).code, 0);
    const acl = await json('s3api', 'get-object-acl', '--bucket', 'cli-writer', '--key', 'doc.txt');
    const grants = acl['Grants'] as Array<{ Grantee: { Type: string; URI?: string }; Permission: string }>;
    assert.deepEqual(grants.map((g) => `${g.Grantee.Type}:${g.Permission}`), ['CanonicalUser:FULL_CONTROL', 'Group:READ']);
    const owner = (acl['Owner'] as { ID: string }).ID;
    await cli('s3api', 'put-object-acl', '--bucket', 'cli-writer', '--key', 'doc.txt', '--grant-full-control', `id=${owner}`);
    assertFails(await anonymousGet('cli-writer', 'doc.txt'), 'AccessDenied');
  });
});

describe('AWS CLI: Block Public Access', () => {
  const publicRead = JSON.stringify({
    Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::cli-pab/*' }],
  });

  it('anonymous GET works after a public-read policy and stops when Public Access Block is on', async () => {
    await cli('s3api', 'create-bucket', '--bucket', 'cli-pab');
    await cli('s3api', 'delete-public-access-block', '--bucket', 'cli-pab');
    await cli('s3api', 'put-object', '--bucket', 'cli-pab', '--key', 'pub.txt', '--body', join(tmp.path, 'body.txt'));
    assertFails(await anonymousGet('cli-pab', 'pub.txt'), 'AccessDenied');
    await cli('s3api', 'put-bucket-policy', '--bucket', 'cli-pab', '--policy', publicRead);
    assert.equal((await anonymousGet('cli-pab', 'pub.txt')).code, 0);
    await cli('s3api', 'put-public-access-block', '--bucket', 'cli-pab', '--public-access-block-configuration',
      'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true');
    assertFails(await anonymousGet('cli-pab', 'pub.txt'), 'AccessDenied');
    const pab = await json('s3api', 'get-public-access-block', '--bucket', 'cli-pab');
    assert.deepEqual(pab, { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } });
    assertFails(await cliRun('s3api', 'put-bucket-policy', '--bucket', 'cli-pab', '--policy', publicRead), 'AccessDenied');
    await cli('s3api', 'delete-public-access-block', '--bucket', 'cli-pab');
    assert.equal((await anonymousGet('cli-pab', 'pub.txt')).code, 0);
  });
});
