/**
 * MinIO admin policies with the real `cairn admin` CLI against a real server process: an IAM
 * user whose policy allows some `admin:` actions (MinIO's names, a statement without Resource
 * as MinIO writes them) can use exactly those admin commands, in its own account only; a user
 * without the policy is refused; cluster-wide commands (server info, accounts) stay with the
 * cluster root and cluster-account users whose policies allow them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, serverEntry, type CairnServer } from '../helpers/server.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { run, type RunResult } from '../helpers/tools.js';

interface Keys { accessKey: string; secretKey: string }

let server: CairnServer;
let tmp: TempDir;
let root: Keys;
let tenant: Keys & { accountId: string };

function cairnAdmin(keys: Keys, args: readonly string[]): Promise<RunResult> {
  return run(process.execPath, [serverEntry(), 'admin', '--endpoint', server.endpoint, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', AWS_ACCESS_KEY_ID: keys.accessKey, AWS_SECRET_ACCESS_KEY: keys.secretKey },
    timeoutMs: 60_000,
  });
}

async function admin(keys: Keys, args: readonly string[]): Promise<string> {
  const r = await cairnAdmin(keys, args);
  assert.equal(r.code, 0, `cairn admin ${args.join(' ')} (exit ${String(r.code)}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

async function refused(keys: Keys, args: readonly string[], message: RegExp): Promise<void> {
  const r = await cairnAdmin(keys, args);
  assert.equal(r.code, 2, `cairn admin ${args.join(' ')} should be refused: ${r.stdout}`);
  assert.match(r.stderr, /403 AccessDenied/);
  assert.match(r.stderr, message);
}

const userNames = async (keys: Keys, args: readonly string[] = []): Promise<string[]> =>
  (JSON.parse(await admin(keys, ['--json', 'user', 'ls', ...args])) as { users: Array<{ userName: string }> }).users.map((u) => u.userName);

before(async () => {
  server = await startServer();
  tmp = await makeTempDir('admin-policy-cli');
  root = { accessKey: server.accessKey, secretKey: server.secretKey };
  tenant = JSON.parse(await admin(root, ['--json', 'account', 'create', 'admin-pol'])) as Keys & { accountId: string };
  // MinIO style: admin statements without Resource.
  await writeFile(join(tmp.path, 'user-admin.json'), JSON.stringify({
    Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['admin:ListUsers', 'admin:GetUser', 'admin:CreateUser', 'admin:EnableUser'] }],
  }));
  await writeFile(join(tmp.path, 'operator.json'), JSON.stringify({
    Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['admin:ServerInfo', 'admin:Heal'], Resource: '*' }],
  }));
});

after(async () => {
  await server?.stop();
  await tmp?.remove();
});

describe('cairn admin as an IAM user with MinIO admin policies', () => {
  const ops: Keys = { accessKey: 'ops', secretKey: 'ops-secret-key-1' };
  const plain: Keys = { accessKey: 'plain', secretKey: 'plain-secret-key-1' };

  it('a tenant user: exactly the admin actions its policy allows, in its own account only', async () => {
    await admin(tenant, ['user', 'add', 'ops', ops.secretKey]);
    await admin(tenant, ['user', 'add', 'plain', plain.secretKey]);
    await refused(ops, ['user', 'ls'], /user\/ops is not allowed admin:ListUsers by its policies/);
    await admin(tenant, ['policy', 'create', 'user-admin', join(tmp.path, 'user-admin.json')]);
    await admin(tenant, ['policy', 'attach', 'user-admin', '--user', 'ops']);

    assert.deepEqual(await userNames(ops), ['ops', 'plain']);
    assert.match(await admin(ops, ['user', 'add', 'newbie']), /^Added user newbie/);
    assert.equal((JSON.parse(await admin(ops, ['--json', 'user', 'info', 'newbie'])) as { accountId: string }).accountId, tenant.accountId);
    await refused(ops, ['user', 'rm', 'newbie'], /not allowed admin:DeleteUser/);
    // admin:EnableUser covers disable too (MinIO); nobody disables itself (MinIO's rule).
    assert.equal(await admin(ops, ['user', 'disable', 'newbie']), 'User newbie disabled\n');
    await admin(ops, ['user', 'enable', 'newbie']);
    const self = await cairnAdmin(ops, ['user', 'disable', 'ops']);
    assert.equal(self.code, 2, self.stdout);
    assert.match(self.stderr, /400 XMinioAdminInvalidArgument: A user cannot enable or disable itself/);
    await refused(ops, ['policy', 'attach', 'user-admin', '--user', 'plain'], /not allowed admin:AttachUserOrGroupPolicy/);
    await refused(ops, ['user', 'ls', '--account', 'cluster'], /an IAM user acts in its own account only/);
    assert.deepEqual(await userNames(ops, ['--account', 'admin-pol']), ['newbie', 'ops', 'plain']);
    await refused(ops, ['info'], /admin:ServerInfo concerns the whole deployment/);
    await refused(ops, ['account', 'ls'], /admin:ListAccounts concerns the whole deployment/);
    await refused(plain, ['user', 'ls'], /user\/plain is not allowed admin:ListUsers by its policies/);

    // An access key made for the user carries the user's policies; detaching them ends it at once.
    const key = JSON.parse(await admin(tenant, ['--json', 'accesskey', 'create', '--user', 'ops'])) as Keys;
    assert.deepEqual(await userNames(key), ['newbie', 'ops', 'plain']);
    await admin(tenant, ['policy', 'detach', 'user-admin', '--user', 'ops']);
    await refused(key, ['user', 'ls'], /not allowed admin:ListUsers/);
    await refused(ops, ['user', 'ls'], /not allowed admin:ListUsers/);
  });

  it('a cluster-account user: the cluster commands its policy allows, nothing else', async () => {
    const operator: Keys = { accessKey: 'operator', secretKey: 'operator-secret-1' };
    await admin(root, ['user', 'add', 'operator', operator.secretKey]);
    await refused(operator, ['info'], /user\/operator is not allowed admin:ServerInfo by its policies/);
    await admin(root, ['policy', 'create', 'operator', join(tmp.path, 'operator.json')]);
    await admin(root, ['policy', 'attach', 'operator', '--user', 'operator']);
    const info = JSON.parse(await admin(operator, ['--json', 'info'])) as { mode?: string; backend?: unknown };
    assert.ok(info.backend !== undefined, JSON.stringify(info));
    await refused(operator, ['account', 'ls'], /not allowed admin:ListAccounts/);
    await refused(operator, ['user', 'ls'], /not allowed admin:ListUsers/);
    // A tenant's root is not the cluster root.
    await refused(tenant, ['info'], /admin:ServerInfo needs the cluster root user/);
  });
});
