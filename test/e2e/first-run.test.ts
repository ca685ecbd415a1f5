/**
 * The first-run experience through the built CLI: the printed address pasted straight into
 * /usr/bin/aws on a wildcard bind, and a change of root credentials that is said out loud.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type CairnServer } from '../helpers/server.js';
import { signedRequest } from '../helpers/signed-request.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { baseEnv, requireTool, runOk } from '../helpers/tools.js';

let tmp: TempDir;
const servers: CairnServer[] = [];

before(async () => { tmp = await makeTempDir('first-run'); });
after(async () => {
  for (const s of servers) await s.stop();
  await tmp?.remove();
});

async function boot(opts: Parameters<typeof startServer>[0]): Promise<CairnServer> {
  const s = await startServer(opts);
  servers.push(s);
  return s;
}

describe('first run', () => {
  it('listening on every interface, the first printed URL is 127.0.0.1 and works as the AWS CLI endpoint', async () => {
    const aws = requireTool('aws');
    const server = await boot({ address: ':0' });
    assert.equal(server.printedUrl, `http://127.0.0.1:${server.port}`);
    const home = join(tmp.path, 'home');
    await mkdir(home, { recursive: true });
    const env = {
      ...baseEnv(home),
      AWS_ACCESS_KEY_ID: server.accessKey, AWS_SECRET_ACCESS_KEY: server.secretKey, AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'), AWS_EC2_METADATA_DISABLED: 'true',
    };
    for (const line of server.output().split('\n').filter((l) => l.startsWith('S3-API: '))) {
      assert.match(line, /^S3-API: http:\/\/(\d+\.\d+\.\d+\.\d+|\[[0-9a-f:]+\]):\d+$/);
    }
    await runOk(aws, ['--endpoint-url', server.printedUrl, 's3', 'mb', 's3://pasted'], { cwd: tmp.path, env, timeoutMs: 120_000 });
    const listed = await runOk(aws, ['--endpoint-url', server.printedUrl, 's3', 'ls'], { cwd: tmp.path, env, timeoutMs: 120_000 });
    assert.match(listed, /pasted/);
  });

  it('environment credentials that differ from the stored ones: the start says which are in force and that the others stopped working', async () => {
    const drive = join(tmp.path, 'creds');
    await mkdir(drive);
    const first = await boot({ drivePaths: [drive], generatedCredentials: true });
    const generated = { accessKey: first.accessKey, secretKey: first.secretKey };
    await first.stop();

    const fromEnv = { accessKey: 'envadmin', secretKey: 'env-secret-key-0123' };
    const second = await boot({ drivePaths: [drive], credentials: fromEnv });
    assert.match(second.output(), /CAIRN_ROOT_USER \/ CAIRN_ROOT_PASSWORD are in force \(access key envadmin\)/);
    assert.ok(second.output().includes(`(access key ${generated.accessKey}) differ and do not work while these variables are set`), second.output());
    assert.ok(!second.output().includes(generated.secretKey), 'the stored secret was printed');
    const refused = await signedRequest(second, { method: 'GET', path: '/', ...generated });
    assert.equal(refused.status, 403);
    assert.match(refused.text, /InvalidAccessKeyId/);
    assert.equal((await signedRequest(second, { method: 'GET', path: '/' })).status, 200);
    await second.stop();

    const third = await boot({ drivePaths: [drive], generatedCredentials: true, credentials: generated });
    assert.doesNotMatch(third.output(), /Root credentials/);
    assert.equal((await signedRequest(third, { method: 'GET', path: '/' })).status, 200);
  });
});
