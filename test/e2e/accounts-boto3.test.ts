/**
 * Accounts A and B through boto3 against a real server process (issue #9, "End-to-end with the
 * real AWS CLI and boto3"): the script (accounts-boto3-script.ts) runs the whole story as the
 * two account roots, an IAM user of A and anonymous requests; the AWS CLI half is in
 * accounts-s3, aws-cli-access-controls and aws-cli-public-access-accounts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, serverEntry, type CairnServer } from '../helpers/server.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { baseEnv, requireTool, run } from '../helpers/tools.js';
import { ACCOUNTS_BOTO3_SCRIPT, ACCOUNTS_BOTO3_STEPS } from './accounts-boto3-script.js';

interface Keys { accessKey: string; secretKey: string }

let server: CairnServer;
let tmp: TempDir;

async function makeAccount(name: string): Promise<Keys> {
  const r = await run(process.execPath, [serverEntry(), 'admin', '--endpoint', server.endpoint, '--json', 'account', 'create', name], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', CAIRN_ROOT_USER: server.accessKey, CAIRN_ROOT_PASSWORD: server.secretKey },
    timeoutMs: 60_000,
  });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Keys;
}

before(async () => {
  server = await startServer();
  tmp = await makeTempDir('accounts-boto3');
});

after(async () => {
  await server?.stop();
  await tmp?.remove();
});

describe('accounts A and B with boto3', () => {
  it('isolation, a bucket policy for a prefix, an IAM user for one bucket, public read and Public Access Block, ACL grants, a disabled key', async () => {
    const python = requireTool('boto3');
    const a = await makeAccount('boto-a');
    const b = await makeAccount('boto-b');
    const home = join(tmp.path, 'home');
    await mkdir(home, { recursive: true });
    const script = join(tmp.path, 'accounts_e2e.py');
    await writeFile(script, ACCOUNTS_BOTO3_SCRIPT);
    const r = await run(python, [script], {
      env: {
        ...baseEnv(home), AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'), AWS_EC2_METADATA_DISABLED: 'true',
        CAIRN_ENDPOINT: server.endpoint, A_KEY: a.accessKey, A_SECRET: a.secretKey, B_KEY: b.accessKey, B_SECRET: b.secretKey,
      },
      timeoutMs: 240_000,
    });
    const passed = r.stdout.split('\n').filter((l) => l.startsWith('STEP ')).map((l) => l.slice(5));
    const failedAt = ACCOUNTS_BOTO3_STEPS[passed.length] ?? '(after the last step)';
    assert.equal(r.code, 0, `accounts boto3 script failed in step "${failedAt}" (passed: ${passed.join(', ') || 'none'}):\n${r.stderr.slice(-4000)}`);
    assert.deepEqual(passed, ACCOUNTS_BOTO3_STEPS);
    assert.match(r.stdout, /^DONE$/m);
  });
});
