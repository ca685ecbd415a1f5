/**
 * Accounts, IAM and STS against S3 in one real server process, all through the real AWS CLI:
 * the IAM store's callers are the S3 pipeline's (compose/), the account authorizer decides with
 * identity policies, bucket policies and bucket owners, and STS sessions come from roles stored
 * through the IAM API. Accounts A and B are made with `cairn admin account create`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, serverEntry, type CairnServer } from '../helpers/server.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { awsCliEnv } from '../helpers/aws-cli-env.js';
import { requireTool, run, type RunResult } from '../helpers/tools.js';

interface Account { accountId: string; canonicalUserId: string; accessKey: string; secretKey: string }
interface Keys { accessKey: string; secretKey: string; sessionToken?: string }

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

/** `aws SERVICE ...` as the holder of `keys`. */
function cli(keys: Keys, args: readonly string[]): Promise<RunResult> {
  const env: Record<string, string> = { ...baseEnv, AWS_ACCESS_KEY_ID: keys.accessKey, AWS_SECRET_ACCESS_KEY: keys.secretKey };
  if (keys.sessionToken !== undefined) env.AWS_SESSION_TOKEN = keys.sessionToken;
  return run(aws, [...args, '--endpoint-url', server.endpoint, '--output', 'json'], { env, timeoutMs: 120_000 });
}

async function ok(keys: Keys, args: readonly string[]): Promise<string> {
  const r = await cli(keys, args);
  assert.equal(r.code, 0, `aws ${args.join(' ')} (exit ${String(r.code)}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

async function refused(keys: Keys, args: readonly string[], code: RegExp): Promise<void> {
  const r = await cli(keys, args);
  assert.notEqual(r.code, 0, `aws ${args.join(' ')} should have been refused`);
  assert.match(r.stderr, code);
}

async function makeAccount(name: string): Promise<Account> {
  const made = await admin(['--json', 'account', 'create', name]);
  assert.equal(made.code, 0, made.stderr);
  return JSON.parse(made.stdout) as Account;
}

before(async () => {
  server = await startServer();
  tmp = await makeTempDir('accounts-s3');
  aws = requireTool('aws');
  baseEnv = await awsCliEnv(server, tmp.path);
  a = await makeAccount('tenant-a');
  b = await makeAccount('tenant-b');
  await writeFile(join(tmp.path, 'shared.txt'), 'shared by A');
  await writeFile(join(tmp.path, 'private.txt'), 'private to A');
});

after(async () => {
  await server?.stop();
  await tmp?.remove();
});

describe('accounts A and B on one server', () => {
  it('each account sees only its own buckets; a bucket name stays global', async () => {
    await ok(a, ['s3api', 'create-bucket', '--bucket', 'acct-a-data']);
    await ok(a, ['s3api', 'put-object', '--bucket', 'acct-a-data', '--key', 'shared/x.txt', '--body', join(tmp.path, 'shared.txt')]);
    await ok(a, ['s3api', 'put-object', '--bucket', 'acct-a-data', '--key', 'private/y.txt', '--body', join(tmp.path, 'private.txt')]);
    await ok(b, ['s3api', 'create-bucket', '--bucket', 'acct-b-data']);
    const listedA = JSON.parse(await ok(a, ['s3api', 'list-buckets'])) as { Buckets: Array<{ Name: string }> };
    const listedB = JSON.parse(await ok(b, ['s3api', 'list-buckets'])) as { Buckets: Array<{ Name: string }> };
    assert.deepEqual(listedA.Buckets.map((x) => x.Name), ['acct-a-data']);
    assert.deepEqual(listedB.Buckets.map((x) => x.Name), ['acct-b-data']);
    await refused(b, ['s3api', 'create-bucket', '--bucket', 'acct-a-data'], /\(BucketAlreadyExists\)/);
    await refused(b, ['s3api', 'get-object', '--bucket', 'acct-a-data', '--key', 'shared/x.txt', join(tmp.path, 'out')], /\(AccessDenied\)/);
    await refused(b, ['s3api', 'list-objects-v2', '--bucket', 'acct-a-data'], /\(AccessDenied\)/);
  });

  it('a bucket policy grants B s3:GetObject on a prefix: B reads there and nowhere else', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${b.accountId}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::acct-a-data/shared/*' }],
    };
    await ok(a, ['s3api', 'put-bucket-policy', '--bucket', 'acct-a-data', '--policy', JSON.stringify(policy)]);
    const out = join(tmp.path, 'got-shared');
    await ok(b, ['s3api', 'get-object', '--bucket', 'acct-a-data', '--key', 'shared/x.txt', out]);
    await refused(b, ['s3api', 'get-object', '--bucket', 'acct-a-data', '--key', 'private/y.txt', join(tmp.path, 'out2')], /\(AccessDenied\)/);
    await refused(b, ['s3api', 'put-object', '--bucket', 'acct-a-data', '--key', 'shared/z.txt', '--body', join(tmp.path, 'shared.txt')], /\(AccessDenied\)/);
    await refused(b, ['s3api', 'list-objects-v2', '--bucket', 'acct-a-data'], /\(AccessDenied\)/);
  });

  it('an IAM user of A with a policy for one bucket can do exactly that; a disabled key is refused at once', async () => {
    await ok(a, ['s3api', 'create-bucket', '--bucket', 'acct-a-other']);
    await ok(a, ['iam', 'create-user', '--user-name', 'app']);
    const userPolicy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::acct-a-data/*' },
        { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::acct-a-data' },
      ],
    };
    await ok(a, ['iam', 'put-user-policy', '--user-name', 'app', '--policy-name', 'one-bucket', '--policy-document', JSON.stringify(userPolicy)]);
    const made = JSON.parse(await ok(a, ['iam', 'create-access-key', '--user-name', 'app'])) as { AccessKey: { AccessKeyId: string; SecretAccessKey: string } };
    const app: Keys = { accessKey: made.AccessKey.AccessKeyId, secretKey: made.AccessKey.SecretAccessKey };
    await ok(app, ['s3api', 'put-object', '--bucket', 'acct-a-data', '--key', 'app/1.txt', '--body', join(tmp.path, 'shared.txt')]);
    await ok(app, ['s3api', 'get-object', '--bucket', 'acct-a-data', '--key', 'private/y.txt', join(tmp.path, 'out3')]);
    const listed = JSON.parse(await ok(app, ['s3api', 'list-objects-v2', '--bucket', 'acct-a-data'])) as { Contents: Array<{ Key: string }> };
    assert.ok(listed.Contents.some((o) => o.Key === 'app/1.txt'));
    await refused(app, ['s3api', 'put-object', '--bucket', 'acct-a-other', '--key', 'x', '--body', join(tmp.path, 'shared.txt')], /\(AccessDenied\)/);
    await refused(app, ['s3api', 'delete-object', '--bucket', 'acct-a-data', '--key', 'app/1.txt'], /\(AccessDenied\)/);
    await refused(app, ['s3api', 'create-bucket', '--bucket', 'acct-app-own'], /\(AccessDenied\)/);
    await refused(app, ['s3api', 'get-object', '--bucket', 'acct-b-data', '--key', 'x', join(tmp.path, 'out4')], /\(AccessDenied\)/);
    await ok(a, ['iam', 'update-access-key', '--user-name', 'app', '--access-key-id', app.accessKey, '--status', 'Inactive']);
    await refused(app, ['s3api', 'list-objects-v2', '--bucket', 'acct-a-data'], /\(InvalidAccessKeyId\)/);
  });

  it('listings name the bucket owner account as Owner (ListObjects, versions, V2 fetch-owner, uploads, parts)', async () => {
    const want = { ID: a.canonicalUserId, DisplayName: 'tenant-a' };
    interface Owned { Owner?: { ID: string; DisplayName?: string } }
    const v1 = JSON.parse(await ok(a, ['s3api', 'list-objects', '--bucket', 'acct-a-data'])) as { Contents: Owned[] };
    assert.ok(v1.Contents.length > 0);
    for (const o of v1.Contents) assert.deepEqual(o.Owner, want);
    const v2 = JSON.parse(await ok(a, ['s3api', 'list-objects-v2', '--bucket', 'acct-a-data', '--fetch-owner'])) as { Contents: Owned[] };
    for (const o of v2.Contents) assert.deepEqual(o.Owner, want);
    const versions = JSON.parse(await ok(a, ['s3api', 'list-object-versions', '--bucket', 'acct-a-data'])) as { Versions: Owned[] };
    for (const o of versions.Versions) assert.deepEqual(o.Owner, want);
    const up = JSON.parse(await ok(a, ['s3api', 'create-multipart-upload', '--bucket', 'acct-a-data', '--key', 'mp/owner'])) as { UploadId: string };
    const uploads = JSON.parse(await ok(a, ['s3api', 'list-multipart-uploads', '--bucket', 'acct-a-data'])) as { Uploads: Array<Owned & { Initiator?: unknown }> };
    assert.deepEqual(uploads.Uploads.map((u) => u.Owner), [want]);
    const parts = JSON.parse(await ok(a, ['s3api', 'list-parts', '--bucket', 'acct-a-data', '--key', 'mp/owner', '--upload-id', up.UploadId])) as Owned;
    assert.deepEqual(parts.Owner, want);
    await ok(a, ['s3api', 'abort-multipart-upload', '--bucket', 'acct-a-data', '--key', 'mp/owner', '--upload-id', up.UploadId]);
  });

  it('x-amz-expected-bucket-owner and x-amz-source-expected-bucket-owner: another account is AccessDenied', async () => {
    await ok(a, ['s3api', 'list-objects-v2', '--bucket', 'acct-a-data', '--expected-bucket-owner', a.accountId]);
    await refused(a, ['s3api', 'list-objects-v2', '--bucket', 'acct-a-data', '--expected-bucket-owner', b.accountId], /\(AccessDenied\)/);
    await refused(a, ['s3api', 'put-object', '--bucket', 'acct-a-data', '--key', 'eb/x', '--body', join(tmp.path, 'shared.txt'), '--expected-bucket-owner', b.accountId], /\(AccessDenied\)/);
    await ok(a, ['s3api', 'put-object', '--bucket', 'acct-a-data', '--key', 'eb/x', '--body', join(tmp.path, 'shared.txt'), '--expected-bucket-owner', a.accountId]);
    await refused(a, ['s3api', 'copy-object', '--bucket', 'acct-a-data', '--key', 'eb/y', '--copy-source', 'acct-a-data/eb/x', '--expected-source-bucket-owner', b.accountId], /\(AccessDenied\)/);
    await ok(a, ['s3api', 'copy-object', '--bucket', 'acct-a-data', '--key', 'eb/y', '--copy-source', 'acct-a-data/eb/x', '--expected-source-bucket-owner', a.accountId, '--expected-bucket-owner', a.accountId]);
  });

  it('a missing key is NoSuchKey to an IAM user with s3:ListBucket and AccessDenied to one without', async () => {
    await ok(a, ['iam', 'create-user', '--user-name', 'reader']);
    const readOnly = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acct-a-data/*' }] };
    await ok(a, ['iam', 'put-user-policy', '--user-name', 'reader', '--policy-name', 'get-only', '--policy-document', JSON.stringify(readOnly)]);
    const made = JSON.parse(await ok(a, ['iam', 'create-access-key', '--user-name', 'reader'])) as { AccessKey: { AccessKeyId: string; SecretAccessKey: string } };
    const reader: Keys = { accessKey: made.AccessKey.AccessKeyId, secretKey: made.AccessKey.SecretAccessKey };
    await ok(reader, ['s3api', 'get-object', '--bucket', 'acct-a-data', '--key', 'shared/x.txt', join(tmp.path, 'r1')]);
    await refused(reader, ['s3api', 'get-object', '--bucket', 'acct-a-data', '--key', 'no/such/key', join(tmp.path, 'r2')], /\(AccessDenied\)/);
    await refused(reader, ['s3api', 'head-object', '--bucket', 'acct-a-data', '--key', 'no/such/key'], /\(403\)/);
    const withList = { Version: '2012-10-17', Statement: [...readOnly.Statement, { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::acct-a-data' }] };
    await ok(a, ['iam', 'put-user-policy', '--user-name', 'reader', '--policy-name', 'get-only', '--policy-document', JSON.stringify(withList)]);
    await refused(reader, ['s3api', 'get-object', '--bucket', 'acct-a-data', '--key', 'no/such/key', join(tmp.path, 'r3')], /\(NoSuchKey\)/);
    await refused(reader, ['s3api', 'head-object', '--bucket', 'acct-a-data', '--key', 'no/such/key'], /\(404\)/);
  });

  it('another account allowed s3:ListBucket under a prefix learns of missing keys there only', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${b.accountId}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::acct-a-data/shared/*' },
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${b.accountId}:root` }, Action: 's3:ListBucket', Resource: 'arn:aws:s3:::acct-a-data', Condition: { StringLike: { 's3:prefix': 'shared/*' } } },
      ],
    };
    await ok(a, ['s3api', 'put-bucket-policy', '--bucket', 'acct-a-data', '--policy', JSON.stringify(policy)]);
    await refused(b, ['s3api', 'head-object', '--bucket', 'acct-a-data', '--key', 'shared/missing'], /\(404\)/);
    await refused(b, ['s3api', 'head-object', '--bucket', 'acct-a-data', '--key', 'private/missing'], /\(403\)/);
    await refused(b, ['s3api', 'get-object', '--bucket', 'acct-a-data', '--key', 'private/y.txt', join(tmp.path, 'p1')], /\(AccessDenied\)/);
    await ok(a, ['s3api', 'delete-bucket-policy', '--bucket', 'acct-a-data']);
  });

  it('AssumeRole on a role stored through the IAM API: the session does what the role allows and nothing else', async () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:root` }, Action: 'sts:AssumeRole' }] };
    await ok(a, ['iam', 'create-role', '--role-name', 'reader', '--assume-role-policy-document', JSON.stringify(trust)]);
    const rolePolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acct-a-data/shared/*' }] };
    await ok(a, ['iam', 'put-role-policy', '--role-name', 'reader', '--policy-name', 'read-shared', '--policy-document', JSON.stringify(rolePolicy)]);
    // A root may not assume roles (AWS); an IAM user of A with sts:AssumeRole may, the trust
    // policy naming the account.
    await ok(a, ['iam', 'create-user', '--user-name', 'ops']);
    const opsPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${a.accountId}:role/reader` }] };
    await ok(a, ['iam', 'put-user-policy', '--user-name', 'ops', '--policy-name', 'assume-reader', '--policy-document', JSON.stringify(opsPolicy)]);
    const opsKey = JSON.parse(await ok(a, ['iam', 'create-access-key', '--user-name', 'ops'])) as { AccessKey: { AccessKeyId: string; SecretAccessKey: string } };
    const ops: Keys = { accessKey: opsKey.AccessKey.AccessKeyId, secretKey: opsKey.AccessKey.SecretAccessKey };
    await refused(a, ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${a.accountId}:role/reader`, '--role-session-name', 'root'], /Roles may not be assumed by root accounts/);
    const assumed = JSON.parse(await ok(ops, [
      'sts', 'assume-role', '--role-arn', `arn:aws:iam::${a.accountId}:role/reader`, '--role-session-name', 'job-1',
    ])) as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string }; AssumedRoleUser: { Arn: string } };
    assert.equal(assumed.AssumedRoleUser.Arn, `arn:aws:sts::${a.accountId}:assumed-role/reader/job-1`);
    const session: Keys = { accessKey: assumed.Credentials.AccessKeyId, secretKey: assumed.Credentials.SecretAccessKey, sessionToken: assumed.Credentials.SessionToken };
    const who = JSON.parse(await ok(session, ['sts', 'get-caller-identity'])) as { Account: string; Arn: string };
    assert.equal(who.Account, a.accountId);
    await ok(session, ['s3api', 'get-object', '--bucket', 'acct-a-data', '--key', 'shared/x.txt', join(tmp.path, 'out5')]);
    await refused(session, ['s3api', 'get-object', '--bucket', 'acct-a-data', '--key', 'private/y.txt', join(tmp.path, 'out6')], /\(AccessDenied\)/);
    await refused(session, ['s3api', 'put-object', '--bucket', 'acct-a-data', '--key', 'shared/w.txt', '--body', join(tmp.path, 'shared.txt')], /\(AccessDenied\)/);
    // B (another account's root, not named by the trust policy) is refused too.
    await refused(b, ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${a.accountId}:role/reader`, '--role-session-name', 'other'], /\(AccessDenied\)/);
    // The role deleted: its session dies.
    await ok(a, ['iam', 'delete-role-policy', '--role-name', 'reader', '--policy-name', 'read-shared']);
    await ok(a, ['iam', 'delete-role', '--role-name', 'reader']);
    await refused(session, ['s3api', 'get-object', '--bucket', 'acct-a-data', '--key', 'shared/x.txt', join(tmp.path, 'out7')], /\((InvalidToken|InvalidAccessKeyId|AccessDenied)\)/);
  });
});
