/**
 * Bucket lifecycle with the real AWS CLI (Debian's aws, `s3api put/get/delete-bucket-lifecycle-configuration`)
 * and boto3 (Debian python3-boto3) against a server whose lifecycle day lasts 2 s
 * (CAIRN_ILM_DAY_SECONDS=2): the configuration round-trips, x-amz-expiration reaches the clients,
 * and an object under a 1-day rule is seen to expire (polled, bounded).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { startServer, type CairnServer } from '../helpers/server.js';
import { baseEnv, requireTool, run, runOk } from '../helpers/tools.js';

let server: CairnServer;
let tmp: TempDir;
let home: string;

before(async () => {
  server = await startServer({ env: { CAIRN_ILM_DAY_SECONDS: '2', CAIRN_ILM_RATE: '0' } });
  tmp = await makeTempDir('lifecycle-clients');
  home = join(tmp.path, 'home');
  await mkdir(home);
});

after(async () => {
  await server?.stop();
  await tmp?.remove();
});

const RULES = [
  { ID: 'logs', Filter: { Prefix: 'logs/' }, Status: 'Enabled', Expiration: { Days: 30 } },
  {
    ID: 'old-versions', Filter: { And: { Prefix: 'docs/', Tags: [{ Key: 'keep', Value: 'no' }] } }, Status: 'Enabled',
    NoncurrentVersionExpiration: { NoncurrentDays: 5, NewerNoncurrentVersions: 2 },
  },
  { ID: 'uploads', Filter: { Prefix: '' }, Status: 'Disabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 2 } },
];

describe('lifecycle with real clients', () => {
  it('aws s3api put/get/delete-bucket-lifecycle-configuration; put-object reports Expiration', async () => {
    const aws = requireTool('aws');
    const config = join(home, 'aws-config');
    await writeFile(config, '[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n');
    const env = {
      ...baseEnv(home), AWS_ACCESS_KEY_ID: server.accessKey, AWS_SECRET_ACCESS_KEY: server.secretKey, AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'), AWS_EC2_METADATA_DISABLED: 'true', AWS_PAGER: '',
    };
    const args = (...a: string[]) => ['--endpoint-url', server.endpoint, '--no-cli-pager', '--output', 'json', ...a];
    const cli = (...a: string[]) => runOk(aws, args(...a), { env, cwd: tmp.path, timeoutMs: 60_000 });
    await cli('s3api', 'create-bucket', '--bucket', 'cli-lifecycle');
    const file = join(tmp.path, 'lifecycle.json');
    await writeFile(file, JSON.stringify({ Rules: RULES }));
    await cli('s3api', 'put-bucket-lifecycle-configuration', '--bucket', 'cli-lifecycle', '--lifecycle-configuration', `file://${file}`);
    const got = JSON.parse(await cli('s3api', 'get-bucket-lifecycle-configuration', '--bucket', 'cli-lifecycle')) as { Rules: unknown };
    assert.deepEqual(got.Rules, RULES);

    await writeFile(join(tmp.path, 'body.txt'), 'log line\n');
    const put = JSON.parse(await cli('s3api', 'put-object', '--bucket', 'cli-lifecycle', '--key', 'logs/a.txt', '--body', join(tmp.path, 'body.txt'))) as { Expiration?: string };
    assert.match(put.Expiration ?? '', /^expiry-date="[^"]+ GMT", rule-id="logs"$/);

    await cli('s3api', 'delete-bucket-lifecycle', '--bucket', 'cli-lifecycle');
    const missing = await run(aws, args('s3api', 'get-bucket-lifecycle-configuration', '--bucket', 'cli-lifecycle'), { env, cwd: tmp.path, timeoutMs: 60_000 });
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /NoSuchLifecycleConfiguration/);
  });

  it('boto3: configuration round trip, Expiration on put/head, an object expiring under a 1-day rule', async () => {
    const python = requireTool('boto3');
    const script = join(tmp.path, 'lifecycle_boto3.py');
    await writeFile(script, BOTO3_LIFECYCLE);
    const r = await run(python, [script], {
      env: {
        ...baseEnv(home), AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'), AWS_EC2_METADATA_DISABLED: 'true',
        CAIRN_ENDPOINT: server.endpoint, CAIRN_KEY: server.accessKey, CAIRN_SECRET: server.secretKey, CAIRN_RULES: JSON.stringify(RULES),
      },
      timeoutMs: 120_000,
    });
    assert.equal(r.code, 0, `boto3 script failed:\n${r.stdout}\n${r.stderr.slice(-4000)}`);
    assert.match(r.stdout, /^DONE$/m);
  });
});

const BOTO3_LIFECYCLE = String.raw`
import json, os, time
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

s3 = boto3.client("s3", endpoint_url=os.environ["CAIRN_ENDPOINT"], aws_access_key_id=os.environ["CAIRN_KEY"],
    aws_secret_access_key=os.environ["CAIRN_SECRET"], region_name="us-east-1",
    config=Config(signature_version="s3v4", s3={"addressing_style": "path"}, retries={"max_attempts": 1}))
bucket = "boto3-lifecycle"
rules = json.loads(os.environ["CAIRN_RULES"])

def code(fn):
    try:
        fn()
    except ClientError as e:
        return e.response["Error"]["Code"]
    raise AssertionError("expected a ClientError")

s3.create_bucket(Bucket=bucket)
assert code(lambda: s3.get_bucket_lifecycle_configuration(Bucket=bucket)) == "NoSuchLifecycleConfiguration"
s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": rules})
got = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
assert got == rules, got
print("roundtrip", flush=True)

s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [
    {"ID": "short", "Filter": {"Prefix": "tmp/"}, "Status": "Enabled", "Expiration": {"Days": 1}}]})
put = s3.put_object(Bucket=bucket, Key="tmp/a", Body=b"short-lived")
assert 'rule-id="short"' in put["Expiration"], put
head = s3.head_object(Bucket=bucket, Key="tmp/a")
assert head["Expiration"] == put["Expiration"], head
print("expiration header", flush=True)

deadline = time.time() + 30
while True:
    try:
        s3.head_object(Bucket=bucket, Key="tmp/a")
    except ClientError as e:
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 404
        break
    assert time.time() < deadline, "tmp/a did not expire within 30 s"
    time.sleep(0.2)
print("expired", flush=True)

s3.delete_bucket_lifecycle(Bucket=bucket)
assert code(lambda: s3.get_bucket_lifecycle_configuration(Bucket=bucket)) == "NoSuchLifecycleConfiguration"
print("DONE", flush=True)
`;
