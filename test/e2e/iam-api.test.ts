/**
 * Accounts and the IAM API end to end: a real server process; the account made with the
 * admin CLI (`cairn admin account create`); its root drives boto3's IAM client (users, keys,
 * groups, managed and inline policies, attachments, pagination, AWS's errors, an IAM user's
 * AccessDenied, an Inactive key refused by S3 at once, versions, roles, tags) and the AWS CLI
 * (`aws iam ... --endpoint-url`).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, serverEntry, type CairnServer } from '../helpers/server.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { awsCliEnv } from '../helpers/aws-cli-env.js';
import { baseEnv, requireTool, run, type RunResult } from '../helpers/tools.js';
import { IAM_BOTO3_SCRIPT, IAM_BOTO3_STEPS } from './iam-boto3-script.js';

let server: CairnServer;
let tmp: TempDir;

interface CreatedAccount { accountId: string; name: string; canonicalUserId: string; accessKey: string; secretKey: string }

function admin(args: readonly string[]): Promise<RunResult> {
  return run(process.execPath, [serverEntry(), 'admin', '--endpoint', server.endpoint, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', CAIRN_ROOT_USER: server.accessKey, CAIRN_ROOT_PASSWORD: server.secretKey },
    timeoutMs: 60_000,
  });
}

before(async () => {
  server = await startServer();
  tmp = await makeTempDir('iam-api');
});

after(async () => {
  await server?.stop();
  await tmp?.remove();
});

describe('accounts and the IAM API', () => {
  let accountA: CreatedAccount;

  it('cairn admin account create / ls / info / rm (cluster root only)', async () => {
    const made = await admin(['--json', 'account', 'create', 'tenant-a', '--email', 'a@example.com']);
    assert.equal(made.code, 0, made.stderr);
    accountA = JSON.parse(made.stdout) as CreatedAccount;
    assert.match(accountA.accountId, /^\d{12}$/);
    assert.match(accountA.canonicalUserId, /^[0-9a-f]{64}$/);
    assert.match(accountA.accessKey, /^AKIA[A-Z2-7]{16}$/);
    const text = await admin(['account', 'create', 'tenant-b']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Root access key: AKIA/);
    assert.match(text.stdout, /Root secret key: \S{40}/);
    const dup = await admin(['account', 'create', 'tenant-a']);
    assert.equal(dup.code, 2);
    assert.match(dup.stderr, /409 XCairnAdminAccountExists/);
    const ls = await admin(['account', 'ls']);
    assert.match(ls.stdout, /^000000000000 {2}cluster$/m);
    assert.match(ls.stdout, new RegExp(`^${accountA.accountId} {2}tenant-a {2}<a@example.com>$`, 'm'));
    const info = await admin(['account', 'info', 'tenant-b']);
    assert.match(info.stdout, /Name: +tenant-b/);
    assert.equal((await admin(['account', 'rm', 'tenant-b'])).code, 0);
    const gone = await admin(['account', 'info', 'tenant-b']);
    assert.match(gone.stderr, /404 XCairnAdminNoSuchAccount/);
    const cluster = await admin(['account', 'rm', '000000000000']);
    assert.match(cluster.stderr, /409 XCairnAdminAccountNotEmpty/);
    // An account root is not the cluster root: the account endpoints refuse it.
    const asTenant = await run(process.execPath, [serverEntry(), 'admin', '--endpoint', server.endpoint, 'account', 'ls'], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', AWS_ACCESS_KEY_ID: accountA.accessKey, AWS_SECRET_ACCESS_KEY: accountA.secretKey },
    });
    assert.match(asTenant.stderr, /403 AccessDenied/);
  });

  it('boto3 IAM client as the account root and as an IAM user', async () => {
    const python = requireTool('boto3');
    const home = join(tmp.path, 'boto3-home');
    await mkdir(home, { recursive: true });
    const script = join(tmp.path, 'iam_e2e.py');
    await writeFile(script, IAM_BOTO3_SCRIPT);
    const r = await run(python, [script], {
      env: {
        ...baseEnv(home), AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
        AWS_EC2_METADATA_DISABLED: 'true', CAIRN_ENDPOINT: server.endpoint, ROOT_KEY: accountA.accessKey, ROOT_SECRET: accountA.secretKey,
      },
      timeoutMs: 240_000,
    });
    const passed = r.stdout.split('\n').filter((l) => l.startsWith('STEP ')).map((l) => l.slice(5));
    const failedAt = IAM_BOTO3_STEPS[passed.length] ?? '(after the last step)';
    assert.equal(r.code, 0, `IAM boto3 script failed in step "${failedAt}" (passed: ${passed.join(', ') || 'none'}):\n${r.stderr.slice(-4000)}`);
    assert.deepEqual(passed, IAM_BOTO3_STEPS);
    assert.match(r.stdout, /^DONE$/m);
  });

  it('the AWS CLI: aws iam create-user, list-users, errors with AWS codes', async () => {
    const aws = requireTool('aws');
    const env = { ...await awsCliEnv(server, tmp.path), AWS_ACCESS_KEY_ID: accountA.accessKey, AWS_SECRET_ACCESS_KEY: accountA.secretKey };
    const cli = (args: readonly string[]): Promise<RunResult> => run(aws, ['iam', ...args, '--endpoint-url', server.endpoint, '--output', 'json'], { env, timeoutMs: 120_000 });
    const made = await cli(['create-user', '--user-name', 'cli-user']);
    assert.equal(made.code, 0, made.stderr);
    const user = (JSON.parse(made.stdout) as { User: { Arn: string } }).User;
    assert.equal(user.Arn, `arn:aws:iam::${accountA.accountId}:user/cli-user`);
    const listed = await cli(['list-users']);
    assert.ok((JSON.parse(listed.stdout) as { Users: Array<{ UserName: string }> }).Users.some((u) => u.UserName === 'cli-user'));
    const missing = await cli(['get-user', '--user-name', 'nobody']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /\(NoSuchEntity\) when calling the GetUser operation: The user with name nobody cannot be found\./);
    const bad = await cli(['put-user-policy', '--user-name', 'cli-user', '--policy-name', 'p', '--policy-document', '{"Version":"2012-10-17","Statement":[]}']);
    assert.match(bad.stderr, /\(MalformedPolicyDocument\) when calling the PutUserPolicy operation/);
  });
});
