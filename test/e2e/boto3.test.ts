/** boto3 (Debian python3-boto3) against a spawned server: a Python program with its own asserts. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type CairnServer } from '../helpers/server.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { baseEnv, requireTool, run } from '../helpers/tools.js';
import { BOTO3_SCRIPT, BOTO3_STEPS } from './boto3-script.js';

let server: CairnServer;
let tmp: TempDir;
let python: string;

before(async () => {
  python = requireTool('boto3');
  server = await startServer();
  tmp = await makeTempDir('boto3');
});

after(async () => {
  await server?.stop();
  await tmp?.remove();
});

describe('boto3', () => {
  it('put/get/list, multipart via TransferConfig, presigned URLs, errors, delete', async () => {
    const home = join(tmp.path, 'home');
    await mkdir(home);
    const script = join(tmp.path, 'boto3_e2e.py');
    await writeFile(script, BOTO3_SCRIPT);
    const r = await run(python, [script], {
      env: {
        ...baseEnv(home),
        AWS_CONFIG_FILE: join(home, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
        AWS_EC2_METADATA_DISABLED: 'true',
        CAIRN_ENDPOINT: server.endpoint,
        CAIRN_KEY: server.accessKey,
        CAIRN_SECRET: server.secretKey,
        CAIRN_WORKDIR: tmp.path,
      },
      timeoutMs: 240_000,
    });
    const passed = r.stdout.split('\n').filter((l) => l.startsWith('STEP ')).map((l) => l.slice(5));
    const failedAt = BOTO3_STEPS[passed.length] ?? '(after the last step)';
    assert.equal(r.code, 0, `boto3 script failed in step "${failedAt}" (passed: ${passed.join(', ') || 'none'}):\n${r.stderr.slice(-4000)}`);
    assert.deepEqual(passed, BOTO3_STEPS);
    assert.match(r.stdout, /^DONE$/m);
  });
});
