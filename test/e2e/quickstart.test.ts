/**
 * The README's first-start path, for real: `node bin/cairn.js server DRIVE` with no CAIRN_ROOT_*
 * set generates root credentials and prints them once; the AWS CLI quick start works with them;
 * after a restart they still work and are not printed again; --help documents the settings.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, serverEntry, type CairnServer } from '../helpers/server.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { baseEnv, requireTool, runOk } from '../helpers/tools.js';

let tmp: TempDir;
let aws: string;
let dataDir: string;
let generated: { accessKey: string; secretKey: string } | undefined;
const running: CairnServer[] = [];

before(async () => {
  aws = requireTool('aws');
  tmp = await makeTempDir('quickstart');
  dataDir = join(tmp.path, 'data');
  await mkdir(join(tmp.path, 'home'));
  await writeFile(join(tmp.path, 'README.md'), '# demo file\n');
});

after(async () => {
  for (const s of running) await s.stop();
  await tmp?.remove();
});

function awsCli(server: CairnServer, creds: { accessKey: string; secretKey: string }, ...args: string[]): Promise<string> {
  return runOk(aws, ['--endpoint-url', server.endpoint, ...args], {
    cwd: tmp.path,
    timeoutMs: 120_000,
    env: {
      ...baseEnv(join(tmp.path, 'home')),
      AWS_ACCESS_KEY_ID: creds.accessKey,
      AWS_SECRET_ACCESS_KEY: creds.secretKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(tmp.path, 'home', 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(tmp.path, 'home', 'none'),
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
}

describe('README quick start', () => {
  it('first start generates and prints root credentials; the AWS CLI quick start works with them', async () => {
    const server = await startServer({ drivePaths: [dataDir], generatedCredentials: true });
    running.push(server);
    assert.ok(server.accessKey.length >= 3 && server.secretKey.length >= 8, server.output());
    generated = { accessKey: server.accessKey, secretKey: server.secretKey };
    await awsCli(server, generated, 's3', 'mb', 's3://demo');
    await awsCli(server, generated, 's3', 'cp', './README.md', 's3://demo/');
    const listed = await awsCli(server, generated, 's3', 'ls', 's3://demo/');
    assert.match(listed, /\s12 README\.md$/m);
    await server.stop();
  });

  it('after a restart the stored credentials still work and are not printed again', async () => {
    assert.ok(generated, 'the first test did not run');
    const server = await startServer({ drivePaths: [dataDir], generatedCredentials: true, credentials: generated });
    running.push(server);
    const listed = await awsCli(server, generated, 's3', 'ls', 's3://demo/');
    assert.match(listed, /README\.md/);
    assert.doesNotMatch(server.output(), /RootPass|Root credentials/);
    assert.ok(!server.output().includes(generated.secretKey), 'the secret was printed again');
  });

  it('--help lists the settings the README documents', async () => {
    const help = await runOk(process.execPath, [serverEntry(), '--help'], { env: baseEnv(tmp.path), timeoutMs: 30_000 });
    for (const name of ['CAIRN_ROOT_USER', 'CAIRN_ROOT_PASSWORD', 'CAIRN_ADDRESS', '--address', 'CAIRN_REGION', 'CAIRN_DOMAIN']) {
      assert.ok(help.includes(name), `--help does not mention ${name}`);
    }
  });
});
