/**
 * IAM state across `--workers 2` processes (one listening socket, requests land on either):
 * concurrent CreateUser calls are all kept (ETag-checked writes), a new key signs everywhere
 * and a key made Inactive is refused everywhere within the 1 s refresh bound.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type CairnServer } from '../helpers/server.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { baseEnv, requireTool, run } from '../helpers/tools.js';

const SCRIPT = String.raw`
import os, time
import boto3
from concurrent.futures import ThreadPoolExecutor
from botocore.config import Config
from botocore.exceptions import ClientError
E = os.environ["CAIRN_ENDPOINT"]
cfg = Config(retries={"max_attempts": 1}, max_pool_connections=16)
def iam(key, secret):
    return boto3.client("iam", endpoint_url=E, aws_access_key_id=key, aws_secret_access_key=secret, region_name="us-east-1", config=cfg)
root = iam(os.environ["ROOT_KEY"], os.environ["ROOT_SECRET"])
names = ["w%02d" % i for i in range(16)]
BOUND = 1.5  # a change is in force in every process within the 1 s refresh (+ margin)
def within_bound(what, sample, expected):
    """Polls sample() until it returns expected; fails if that takes longer than BOUND."""
    deadline = time.monotonic() + BOUND
    while True:
        got = sample()
        if got == expected:
            return
        assert time.monotonic() < deadline, "%s not in force within %.1f s: %r" % (what, BOUND, got)
        time.sleep(0.05)
with ThreadPoolExecutor(8) as pool:
    list(pool.map(lambda n: root.create_user(UserName=n), names))
listing = lambda: [sorted(u["UserName"] for u in root.list_users()["Users"]) for _ in range(4)]
within_bound("16 concurrent creates", listing, [names] * 4)
print("STEP concurrent creates kept", flush=True)
k = root.create_access_key(UserName="w00")["AccessKey"]
user = iam(k["AccessKeyId"], k["SecretAccessKey"])
def code():
    try:
        user.list_users()
        return "ok"
    except ClientError as e:
        return e.response["Error"]["Code"]
within_bound("the new key", lambda: [code() for _ in range(8)], ["AccessDenied"] * 8)
print("STEP new key signs in every process", flush=True)
root.update_access_key(UserName="w00", AccessKeyId=k["AccessKeyId"], Status="Inactive")
within_bound("the inactive key", lambda: [code() for _ in range(8)], ["InvalidClientTokenId"] * 8)
print("STEP inactive key refused in every process", flush=True)
`;

let server: CairnServer;
let tmp: TempDir;

before(async () => {
  server = await startServer({ args: ['--workers', '2'] });
  tmp = await makeTempDir('iam-workers');
});

after(async () => {
  await server?.stop();
  await tmp?.remove();
});

describe('IAM with --workers 2', () => {
  it('no lost change, keys in force everywhere within the refresh bound', async () => {
    const python = requireTool('boto3');
    const home = join(tmp.path, 'home');
    await mkdir(home, { recursive: true });
    const script = join(tmp.path, 'iam_workers.py');
    await writeFile(script, SCRIPT);
    const r = await run(python, [script], {
      env: {
        ...baseEnv(home), AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
        AWS_EC2_METADATA_DISABLED: 'true', CAIRN_ENDPOINT: server.endpoint, ROOT_KEY: server.accessKey, ROOT_SECRET: server.secretKey,
      },
      timeoutMs: 180_000,
    });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr.slice(-4000)}`);
    assert.deepEqual(r.stdout.split('\n').filter((l) => l.startsWith('STEP ')),
      ['STEP concurrent creates kept', 'STEP new key signs in every process', 'STEP inactive key refused in every process']);
  });
});
