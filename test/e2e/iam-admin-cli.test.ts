/**
 * `cairn admin user|group|policy|accesskey` against a real server process, checked with the real
 * AWS CLI: an account root (made with `cairn admin account create`) manages its IAM users,
 * groups, policies and access keys with the admin CLI, and what they allow is exactly what the
 * S3 API lets their keys do. Disabled users and keys are refused with InvalidAccessKeyId (as
 * MinIO), a disabled group's policies stop applying (AccessDenied), an expired key is refused.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, serverEntry, type CairnServer } from '../helpers/server.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { awsCliEnv } from '../helpers/aws-cli-env.js';
import { requireTool, run, type RunResult } from '../helpers/tools.js';

interface Keys { accessKey: string; secretKey: string }

let server: CairnServer;
let tmp: TempDir;
let baseEnv: Record<string, string>;
let aws: string;
let tenant: Keys & { accountId: string };
let body: string;

function cairnAdmin(keys: Keys, args: readonly string[]): Promise<RunResult> {
  return run(process.execPath, [serverEntry(), 'admin', '--endpoint', server.endpoint, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', AWS_ACCESS_KEY_ID: keys.accessKey, AWS_SECRET_ACCESS_KEY: keys.secretKey },
    timeoutMs: 60_000,
  });
}

/** `cairn admin ARGS` as the tenant's root; exit 0 expected. */
async function admin(args: readonly string[], keys: Keys = tenant): Promise<string> {
  const r = await cairnAdmin(keys, args);
  assert.equal(r.code, 0, `cairn admin ${args.join(' ')} (exit ${String(r.code)}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

async function adminJson<T>(args: readonly string[], keys: Keys = tenant): Promise<T> {
  return JSON.parse(await admin(['--json', ...args], keys)) as T;
}

async function adminFails(args: readonly string[], message: RegExp, keys: Keys = tenant): Promise<void> {
  const r = await cairnAdmin(keys, args);
  assert.equal(r.code, 2, `cairn admin ${args.join(' ')} should fail: ${r.stdout}`);
  assert.match(r.stderr, message);
}

function cli(keys: Keys, args: readonly string[]): Promise<RunResult> {
  const env = { ...baseEnv, AWS_ACCESS_KEY_ID: keys.accessKey, AWS_SECRET_ACCESS_KEY: keys.secretKey };
  return run(aws, [...args, '--endpoint-url', server.endpoint, '--output', 'json'], { env, timeoutMs: 120_000 });
}

async function s3ok(keys: Keys, args: readonly string[]): Promise<string> {
  const r = await cli(keys, args);
  assert.equal(r.code, 0, `aws ${args.join(' ')} (exit ${String(r.code)}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

async function s3refused(keys: Keys, args: readonly string[], code: RegExp): Promise<void> {
  const r = await cli(keys, args);
  assert.notEqual(r.code, 0, `aws ${args.join(' ')} should have been refused`);
  assert.match(r.stderr, code);
}

const put = (bucket: string, key: string): string[] => ['s3api', 'put-object', '--bucket', bucket, '--key', key, '--body', body];

before(async () => {
  server = await startServer();
  tmp = await makeTempDir('iam-admin-cli');
  aws = requireTool('aws');
  baseEnv = await awsCliEnv(server, tmp.path);
  body = join(tmp.path, 'body.txt');
  await writeFile(body, 'hello');
  tenant = await adminJson(['account', 'create', 'iam-tenant'], { accessKey: server.accessKey, secretKey: server.secretKey });
  await s3ok(tenant, ['s3api', 'create-bucket', '--bucket', 'iamadm-data']);
  await s3ok(tenant, ['s3api', 'create-bucket', '--bucket', 'iamadm-other']);
  await writeFile(join(tmp.path, 'rw.json'), JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: 'arn:aws:s3:::iamadm-data/*' }],
  }));
  await writeFile(join(tmp.path, 'bad.json'), JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Permit', Action: 's3:*', Resource: '*' }] }));
});

after(async () => {
  await server?.stop();
  await tmp?.remove();
});

describe('cairn admin: users, policies, groups and access keys of an account', () => {
  const alice: Keys = { accessKey: 'alice', secretKey: 'alice-secret-1' };
  let bob: Keys;

  it('user add NAME SECRET + policy create/attach: the user can do exactly what the policy allows', async () => {
    assert.match(await admin(['user', 'add', 'alice', alice.secretKey]), /^Added user alice \(access key alice\)/);
    await s3refused(alice, put('iamadm-data', 'a.txt'), /\(AccessDenied\)/);
    assert.match(await admin(['policy', 'create', 'rw', join(tmp.path, 'rw.json')]), /Created policy rw \(default version v1\)/);
    assert.match(await admin(['policy', 'attach', 'rw', '--user', 'alice']), /Attached rw to user alice/);
    await s3ok(alice, put('iamadm-data', 'a.txt'));
    await s3refused(alice, put('iamadm-other', 'a.txt'), /\(AccessDenied\)/);
    await s3refused(alice, ['s3api', 'delete-object', '--bucket', 'iamadm-data', '--key', 'a.txt'], /\(AccessDenied\)/);
    const info = await adminJson<{ userName: string; status: string; policyName: string[]; accessKeys: string[]; accountId: string }>(['user', 'info', 'alice']);
    assert.deepEqual([info.userName, info.status, info.policyName, info.accessKeys, info.accountId], ['alice', 'enabled', ['rw'], ['alice'], tenant.accountId]);
    assert.match(await admin(['user', 'ls']), /^STATUS\s+USER\s+POLICIES\s+GROUPS\nenabled\s+alice\s+rw\s+-\n$/);
    await adminFails(['policy', 'attach', 'rw', '--user', 'alice'], /XMinioAdminPolicyChangeAlreadyApplied/);
  });

  it('user disable: the user\'s key is refused with InvalidAccessKeyId; enable brings it back', async () => {
    assert.equal(await admin(['user', 'disable', 'alice']), 'User alice disabled\n');
    await s3refused(alice, put('iamadm-data', 'b.txt'), /\(InvalidAccessKeyId\)/);
    assert.match(await admin(['user', 'ls']), /disabled\s+alice/);
    await admin(['user', 'enable', 'alice']);
    await s3ok(alice, put('iamadm-data', 'b.txt'));
  });

  it('accesskey create --user, group add + policy attach --group; group disable stops its policies', async () => {
    await admin(['user', 'add', 'bob']);
    const made = await adminJson<{ accessKey: string; secretKey: string; parentUser: string; accountStatus: string }>(['accesskey', 'create', '--user', 'bob']);
    assert.equal(made.parentUser, 'bob');
    assert.equal(made.accountStatus, 'enabled');
    bob = { accessKey: made.accessKey, secretKey: made.secretKey };
    await s3refused(bob, put('iamadm-data', 'bob.txt'), /\(AccessDenied\)/);
    assert.match(await admin(['group', 'add', 'devs', 'bob']), /Group devs: added bob; members now bob/);
    await admin(['policy', 'attach', 'rw', '--group', 'devs']);
    await s3ok(bob, put('iamadm-data', 'bob.txt'));
    const group = await adminJson<{ name: string; members: string[]; policy: string[]; status: string }>(['group', 'info', 'devs']);
    assert.deepEqual([group.name, group.members, group.policy, group.status], ['devs', ['bob'], ['rw'], 'enabled']);
    await admin(['group', 'disable', 'devs']);
    await s3refused(bob, put('iamadm-data', 'bob2.txt'), /\(AccessDenied\)/);
    assert.match(await admin(['group', 'ls']), /disabled\s+devs\s+rw\s+bob/);
    await admin(['group', 'enable', 'devs']);
    await s3ok(bob, put('iamadm-data', 'bob2.txt'));
    const entities = await adminJson<{ userMappings: unknown[]; groupMappings: unknown[] }>(['policy', 'entities']);
    assert.deepEqual(entities.userMappings, [{ user: 'alice', policies: ['rw'] }]);
    assert.deepEqual(entities.groupMappings, [{ group: 'devs', policies: ['rw'] }]);
    assert.match(await admin(['policy', 'entities', '--policy', 'rw']), /user\s+alice\s+rw\ngroup\s+devs\s+rw\n/);
  });

  it('accesskey disable / enable / info / ls / rm, given key pairs and --expiry', async () => {
    assert.equal(await admin(['accesskey', 'disable', bob.accessKey]), `Access key ${bob.accessKey} disabled\n`);
    await s3refused(bob, put('iamadm-data', 'c.txt'), /\(InvalidAccessKeyId\)/);
    const info = await adminJson<{ accountStatus: string; parentUser: string }>(['accesskey', 'info', bob.accessKey]);
    assert.deepEqual([info.accountStatus, info.parentUser], ['disabled', 'bob']);
    await admin(['accesskey', 'enable', bob.accessKey]);
    await s3ok(bob, put('iamadm-data', 'c.txt'));
    const given = await adminJson<{ accessKey: string; expiration: string }>([
      'accesskey', 'create', '--user', 'bob', '--access-key', 'bob-fixed-key', '--secret-key', 'bob-fixed-secret', '--expiry', '3s',
    ]);
    assert.equal(given.accessKey, 'bob-fixed-key');
    assert.ok(Date.parse(given.expiration) > Date.now() - 5000);
    const listed = await adminJson<{ accessKeys: Array<{ accessKey: string }> }>(['accesskey', 'ls', '--user', 'bob']);
    assert.deepEqual(listed.accessKeys.map((k) => k.accessKey).sort(), [bob.accessKey, 'bob-fixed-key'].sort());
    await adminFails(['accesskey', 'create', '--user', 'bob'], /409 XCairnAdminLimitExceeded: Cannot exceed quota for AccessKeysPerUser: 2/);
    // Expired: refused once the time is past (bounded poll, the key lives 3 s).
    const expiredKey: Keys = { accessKey: 'bob-fixed-key', secretKey: 'bob-fixed-secret' };
    const deadline = Date.now() + 30_000;
    let last: RunResult | undefined;
    while (Date.now() < deadline) {
      last = await cli(expiredKey, put('iamadm-data', 'e.txt'));
      if (last.code !== 0 && /\(InvalidAccessKeyId\)/.test(last.stderr)) break;
    }
    assert.match(last?.stderr ?? '', /\(InvalidAccessKeyId\)/);
    assert.ok(Date.now() >= Date.parse(given.expiration), 'refused only after the expiration');
    assert.equal(await admin(['accesskey', 'rm', 'bob-fixed-key']), 'Access key bob-fixed-key removed\n');
    await adminFails(['accesskey', 'info', 'bob-fixed-key'], /404 XMinioAdminNoSuchServiceAccount/);
    await adminFails(['accesskey', 'create', '--expiry', '2020-01-01'], /400 XMinioAdminInvalidArgument: The expiration must be in the future/);
  });

  it('errors: unknown entities, a bad policy, removing what is in use', async () => {
    await adminFails(['user', 'info', 'nobody'], /404 XMinioAdminNoSuchUser: The user with name nobody cannot be found/);
    await adminFails(['group', 'info', 'nogroup'], /404 XMinioAdminNoSuchGroup/);
    await adminFails(['policy', 'info', 'nopolicy'], /404 XMinioAdminNoSuchPolicy/);
    await adminFails(['group', 'add', 'devs', 'nobody'], /404 XMinioAdminNoSuchUser/);
    await adminFails(['user', 'add', 'alice'], /409 XCairnAdminEntityExists: User with name alice already exists/);
    await adminFails(['policy', 'create', 'bad', join(tmp.path, 'bad.json')], /400 MalformedPolicyDocument/);
    await adminFails(['policy', 'rm', 'rw'], /409 XCairnAdminDeleteConflict/);
    await adminFails(['group', 'rm', 'devs'], /409 XCairnAdminDeleteConflict: The group devs is not empty/);
  });

  it('scope: the cluster root acts in another account with --account; an account root and IAM users cannot leave theirs', async () => {
    const root: Keys = { accessKey: server.accessKey, secretKey: server.secretKey };
    const seen = await adminJson<{ accountId: string; users: Array<{ userName: string }> }>(['user', 'ls', '--account', 'iam-tenant'], root);
    assert.equal(seen.accountId, tenant.accountId);
    assert.deepEqual(seen.users.map((u) => u.userName), ['alice', 'bob']);
    assert.deepEqual((await adminJson<{ users: unknown[] }>(['user', 'ls'], root)).users, []);
    await adminFails(['user', 'ls', '--account', 'cluster'], /403 AccessDenied: Access Denied: an account root acts in its own account only/);
    await adminFails(['user', 'ls'], /403 AccessDenied/, alice);
    await adminFails(['user', 'ls', '--account', 'no-such-tenant'], /404 XCairnAdminNoSuchAccount/, root);
  });

  it('group rm MEMBER, group rm, policy detach, user rm, policy rm: the keys stop working', async () => {
    assert.match(await admin(['group', 'rm', 'devs', 'bob']), /Group devs: removed bob; members now -/);
    await s3refused(bob, put('iamadm-data', 'd.txt'), /\(AccessDenied\)/);
    assert.equal(await admin(['group', 'rm', 'devs']), 'Removed group devs\n');
    assert.match(await admin(['policy', 'detach', 'rw', '--user', 'alice']), /Detached rw from user alice/);
    await s3refused(alice, put('iamadm-data', 'd.txt'), /\(AccessDenied\)/);
    assert.equal(await admin(['user', 'rm', 'alice']), 'User alice removed\n');
    await s3refused(alice, put('iamadm-data', 'd.txt'), /\(InvalidAccessKeyId\)/);
    await admin(['user', 'rm', 'bob']);
    await s3refused(bob, put('iamadm-data', 'd.txt'), /\(InvalidAccessKeyId\)/);
    assert.equal(await admin(['policy', 'rm', 'rw']), 'Policy rw removed\n');
    assert.equal(await admin(['policy', 'ls']), 'No policies\n');
  });
});
