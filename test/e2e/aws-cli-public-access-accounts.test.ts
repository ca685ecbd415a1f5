/**
 * Issue #9 gaps end to end with the real AWS CLI, accounts A and B on one server process:
 * - account-level Block Public Access through `aws s3control` (Put/Get/DeletePublicAccessBlock;
 *   the CLI puts the account id in front of the host, so it reaches 127.0.0.1 through
 *   HTTP_PROXY set to the server itself), evaluated with the bucket's own settings;
 * - new buckets start with all four Block Public Access settings on;
 * - ObjectWriter: an object B writes into A's bucket is B's; A reads it only once B's ACL
 *   grants it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, serverEntry, type CairnServer } from '../helpers/server.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { awsCliEnv } from '../helpers/aws-cli-env.js';
import { requireTool, run, type RunResult } from '../helpers/tools.js';

interface Account { accountId: string; accessKey: string; secretKey: string }
interface Keys { accessKey: string; secretKey: string }

let server: CairnServer;
let tmp: TempDir;
let baseEnv: Record<string, string>;
let aws: string;
let a: Account;
let b: Account;

function admin(args: readonly string[]): Promise<RunResult> {
  return run(process.execPath, [serverEntry(), 'admin', '--endpoint', server.endpoint, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', CAIRN_ROOT_USER: server.accessKey, CAIRN_ROOT_PASSWORD: server.secretKey },
    timeoutMs: 60_000,
  });
}

/** `aws ...` as the holder of `keys`; S3 Control calls go through the server as HTTP proxy. */
function cli(keys: Keys | 'anonymous', args: readonly string[]): Promise<RunResult> {
  const env: Record<string, string> = { ...baseEnv };
  if (keys !== 'anonymous') { env.AWS_ACCESS_KEY_ID = keys.accessKey; env.AWS_SECRET_ACCESS_KEY = keys.secretKey; }
  if (args[0] === 's3control') env.HTTP_PROXY = server.endpoint;
  const anon = keys === 'anonymous' ? ['--no-sign-request'] : [];
  return run(aws, [...args, ...anon, '--endpoint-url', server.endpoint, '--output', 'json'], { env, timeoutMs: 120_000 });
}

async function ok(keys: Keys, args: readonly string[]): Promise<string> {
  const r = await cli(keys, args);
  assert.equal(r.code, 0, `aws ${args.join(' ')} (exit ${String(r.code)}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

async function refused(keys: Keys | 'anonymous', args: readonly string[], code: string): Promise<void> {
  const r = await cli(keys, args);
  assert.notEqual(r.code, 0, `aws ${args.join(' ')} should have been refused: ${r.stdout}`);
  assert.match(r.stderr, new RegExp(`\\(${code}\\)`), r.stderr);
}

async function makeAccount(name: string): Promise<Account> {
  const made = await admin(['--json', 'account', 'create', name]);
  assert.equal(made.code, 0, made.stderr);
  return JSON.parse(made.stdout) as Account;
}

const ALL_ON = 'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true';
const publicRead = (bucket: string): string => JSON.stringify({
  Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
});
const getObject = (keys: Keys | 'anonymous', bucket: string, key: string): Promise<RunResult> =>
  cli(keys, ['s3api', 'get-object', '--bucket', bucket, '--key', key, join(tmp.path, 'out.txt')]);

before(async () => {
  server = await startServer();
  tmp = await makeTempDir('pab-accounts');
  aws = requireTool('aws');
  baseEnv = await awsCliEnv(server, tmp.path);
  a = await makeAccount('pab-a');
  b = await makeAccount('pab-b');
  await writeFile(join(tmp.path, 'body.txt'), 'public body');
});

after(async () => {
  await server?.stop();
  await tmp?.remove();
});

describe('new buckets start with Block Public Access on', () => {
  it('get-public-access-block of a new bucket: all four true; a public policy needs delete-public-access-block first', async () => {
    await ok(a, ['s3api', 'create-bucket', '--bucket', 'pab-new']);
    const pab = JSON.parse(await ok(a, ['s3api', 'get-public-access-block', '--bucket', 'pab-new'])) as unknown;
    assert.deepEqual(pab, { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } });
    await refused(a, ['s3api', 'put-bucket-policy', '--bucket', 'pab-new', '--policy', publicRead('pab-new')], 'AccessDenied');
    await ok(a, ['s3api', 'delete-public-access-block', '--bucket', 'pab-new']);
    await ok(a, ['s3api', 'put-bucket-policy', '--bucket', 'pab-new', '--policy', publicRead('pab-new')]);
  });

  it('create-bucket with a public canned ACL: InvalidBucketAclWithBlockPublicAccessError', async () => {
    await refused(a, ['s3api', 'create-bucket', '--bucket', 'pab-acl', '--object-ownership', 'ObjectWriter', '--acl', 'public-read'],
      'InvalidBucketAclWithBlockPublicAccessError');
    await refused(a, ['s3api', 'head-bucket', '--bucket', 'pab-acl'], '404');
  });
});

describe('account-level Block Public Access (aws s3control)', () => {
  it('get before any put: NoSuchPublicAccessBlockConfiguration', async () => {
    await refused(a, ['s3control', 'get-public-access-block', '--account-id', a.accountId], 'NoSuchPublicAccessBlockConfiguration');
  });

  it('another account id than the caller\'s: AccessDenied for get, put and delete', async () => {
    await refused(b, ['s3control', 'get-public-access-block', '--account-id', a.accountId], 'AccessDenied');
    await refused(b, ['s3control', 'put-public-access-block', '--account-id', a.accountId, '--public-access-block-configuration', ALL_ON], 'AccessDenied');
    await refused(b, ['s3control', 'delete-public-access-block', '--account-id', a.accountId], 'AccessDenied');
  });

  it('RestrictPublicBuckets at the account level stops anonymous reads the bucket allows; delete restores them', async () => {
    await ok(a, ['s3api', 'create-bucket', '--bucket', 'pab-acct']);
    await ok(a, ['s3api', 'delete-public-access-block', '--bucket', 'pab-acct']);
    await ok(a, ['s3api', 'put-object', '--bucket', 'pab-acct', '--key', 'pub.txt', '--body', join(tmp.path, 'body.txt')]);
    await ok(a, ['s3api', 'put-bucket-policy', '--bucket', 'pab-acct', '--policy', publicRead('pab-acct')]);
    assert.equal((await getObject('anonymous', 'pab-acct', 'pub.txt')).code, 0);

    await ok(a, ['s3control', 'put-public-access-block', '--account-id', a.accountId, '--public-access-block-configuration',
      'BlockPublicAcls=false,IgnorePublicAcls=false,BlockPublicPolicy=false,RestrictPublicBuckets=true']);
    const got = JSON.parse(await ok(a, ['s3control', 'get-public-access-block', '--account-id', a.accountId])) as unknown;
    assert.deepEqual(got, { PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: true } });
    await refused('anonymous', ['s3api', 'get-object', '--bucket', 'pab-acct', '--key', 'pub.txt', join(tmp.path, 'out.txt')], 'AccessDenied');
    // The bucket's own settings stay as they were: only the account's changed.
    await refused(a, ['s3api', 'get-public-access-block', '--bucket', 'pab-acct'], 'NoSuchPublicAccessBlockConfiguration');
    // B's account is not touched.
    await refused(b, ['s3control', 'get-public-access-block', '--account-id', b.accountId], 'NoSuchPublicAccessBlockConfiguration');

    await ok(a, ['s3control', 'delete-public-access-block', '--account-id', a.accountId]);
    await refused(a, ['s3control', 'get-public-access-block', '--account-id', a.accountId], 'NoSuchPublicAccessBlockConfiguration');
    assert.equal((await getObject('anonymous', 'pab-acct', 'pub.txt')).code, 0);
  });

  it('BlockPublicPolicy at the account level refuses a public bucket policy the bucket alone would take', async () => {
    await ok(a, ['s3api', 'delete-bucket-policy', '--bucket', 'pab-acct']);
    await ok(a, ['s3control', 'put-public-access-block', '--account-id', a.accountId, '--public-access-block-configuration',
      'BlockPublicPolicy=true']);
    await refused(a, ['s3api', 'put-bucket-policy', '--bucket', 'pab-acct', '--policy', publicRead('pab-acct')], 'AccessDenied');
    await ok(a, ['s3control', 'delete-public-access-block', '--account-id', a.accountId]);
    await ok(a, ['s3api', 'put-bucket-policy', '--bucket', 'pab-acct', '--policy', publicRead('pab-acct')]);
  });

  it('an IAM user needs s3:GetAccountPublicAccessBlock / s3:PutAccountPublicAccessBlock', async () => {
    await ok(a, ['iam', 'create-user', '--user-name', 'pab-user']);
    const key = JSON.parse(await ok(a, ['iam', 'create-access-key', '--user-name', 'pab-user'])) as { AccessKey: { AccessKeyId: string; SecretAccessKey: string } };
    const user = { accessKey: key.AccessKey.AccessKeyId, secretKey: key.AccessKey.SecretAccessKey };
    await refused(user, ['s3control', 'get-public-access-block', '--account-id', a.accountId], 'AccessDenied');
    await ok(a, ['iam', 'put-user-policy', '--user-name', 'pab-user', '--policy-name', 'pab', '--policy-document', JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetAccountPublicAccessBlock', Resource: '*' }],
    })]);
    await refused(user, ['s3control', 'get-public-access-block', '--account-id', a.accountId], 'NoSuchPublicAccessBlockConfiguration');
    await refused(user, ['s3control', 'put-public-access-block', '--account-id', a.accountId, '--public-access-block-configuration', ALL_ON], 'AccessDenied');
  });
});

describe('ObjectWriter: an object another account writes is that account\'s', () => {
  it('A, the bucket owner, reads B\'s object only once B\'s object ACL grants it', async () => {
    await ok(a, ['s3api', 'create-bucket', '--bucket', 'pab-writer', '--object-ownership', 'ObjectWriter']);
    const aCanonical = (JSON.parse(await ok(a, ['s3api', 'get-bucket-acl', '--bucket', 'pab-writer'])) as { Owner: { ID: string } }).Owner.ID;
    await ok(a, ['s3api', 'put-bucket-policy', '--bucket', 'pab-writer', '--policy', JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${b.accountId}:root` }, Action: ['s3:PutObject', 's3:PutObjectAcl'], Resource: 'arn:aws:s3:::pab-writer/*' },
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::pab-writer/*' },
      ],
    })]);
    await ok(b, ['s3api', 'put-object', '--bucket', 'pab-writer', '--key', 'from-b.txt', '--body', join(tmp.path, 'body.txt')]);
    assert.equal((await getObject(b, 'pab-writer', 'from-b.txt')).code, 0, 'the writer reads its object');
    await refused(a, ['s3api', 'get-object', '--bucket', 'pab-writer', '--key', 'from-b.txt', join(tmp.path, 'out.txt')], 'AccessDenied');
    await refused(a, ['s3api', 'get-object-acl', '--bucket', 'pab-writer', '--key', 'from-b.txt'], 'AccessDenied');
    const acl = JSON.parse(await ok(b, ['s3api', 'get-object-acl', '--bucket', 'pab-writer', '--key', 'from-b.txt'])) as { Owner: { ID: string } };
    assert.notEqual(acl.Owner.ID, aCanonical, 'B owns the object');

    await ok(b, ['s3api', 'put-object-acl', '--bucket', 'pab-writer', '--key', 'from-b.txt', '--grant-read', `id=${aCanonical}`]);
    assert.equal((await getObject(a, 'pab-writer', 'from-b.txt')).code, 0, 'the grant reaches the bucket owner');
    // The bucket owner may still delete what is in its bucket (bucket WRITE).
    await ok(a, ['s3api', 'delete-object', '--bucket', 'pab-writer', '--key', 'from-b.txt']);
  });

  it('bucket-owner-full-control: the bucket owner reads what B wrote', async () => {
    await ok(b, ['s3api', 'put-object', '--bucket', 'pab-writer', '--key', 'full.txt', '--acl', 'bucket-owner-full-control', '--body', join(tmp.path, 'body.txt')]);
    assert.equal((await getObject(a, 'pab-writer', 'full.txt')).code, 0);
  });
});
