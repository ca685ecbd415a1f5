/**
 * Real clients for CORS and browser POST uploads: boto3's generate_presigned_post (SigV4
 * policy) posted as plain multipart/form-data by Python's urllib, and the AWS CLI's
 * `s3api put-bucket-cors` / `get-bucket-cors` / `delete-bucket-cors`, whose rules then answer
 * a preflight.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type CairnServer } from '../helpers/server.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { rawRequest } from '../helpers/raw-http.js';
import { signedRequest } from '../helpers/signed-request.js';
import { baseEnv, requireTool, run, runOk } from '../helpers/tools.js';

let server: CairnServer;
let tmp: TempDir;

before(async () => {
  server = await startServer();
  tmp = await makeTempDir('corspost');
  for (const b of ['presigned-post', 'cli-cors']) assert.equal((await signedRequest(server, { method: 'PUT', path: `/${b}` })).status, 200);
});

after(async () => {
  await server?.stop();
  await tmp?.remove();
});

const PRESIGNED_POST = String.raw`
import os, sys, uuid, urllib.request, urllib.error
import boto3
from botocore.config import Config

s3 = boto3.client("s3", endpoint_url=os.environ["CAIRN_ENDPOINT"], aws_access_key_id=os.environ["CAIRN_KEY"],
    aws_secret_access_key=os.environ["CAIRN_SECRET"], region_name="us-east-1",
    config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))

def post(presigned, filename, content):
    boundary = uuid.uuid4().hex
    body = b""
    for name, value in presigned["fields"].items():
        body += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, name, value)).encode()
    body += ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\nContent-Type: text/plain\r\n\r\n" % (boundary, filename)).encode()
    body += content + ("\r\n--%s--\r\n" % boundary).encode()
    req = urllib.request.Request(presigned["url"], data=body, method="POST",
        headers={"Content-Type": "multipart/form-data; boundary=" + boundary})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()

p = s3.generate_presigned_post("presigned-post", "uploads/${"$"}{filename}",
    Fields={"success_action_status": "201"},
    Conditions=[{"success_action_status": "201"}, ["content-length-range", 1, 1024]], ExpiresIn=300)
status, body = post(p, "notes.txt", b"posted by boto3")
assert status == 201, (status, body)
assert b"<Key>uploads/notes.txt</Key>" in body, body
assert s3.get_object(Bucket="presigned-post", Key="uploads/notes.txt")["Body"].read() == b"posted by boto3"
print("STEP upload", flush=True)

status, body = post(p, "big.txt", b"x" * 1025)
assert status == 400 and b"<Code>EntityTooLarge</Code>" in body, (status, body)
print("STEP range", flush=True)

p["fields"]["x-amz-signature"] = "0" * 64
status, body = post(p, "forged.txt", b"nope")
assert status == 403 and b"<Code>SignatureDoesNotMatch</Code>" in body, (status, body)
print("STEP forged", flush=True)
print("DONE", flush=True)
`;

describe('boto3 generate_presigned_post', () => {
  it('a presigned POST form uploads through a plain HTTP POST; its policy is enforced', async () => {
    const python = requireTool('boto3');
    const home = join(tmp.path, 'py-home');
    await mkdir(home);
    const script = join(tmp.path, 'presigned_post.py');
    await writeFile(script, PRESIGNED_POST);
    const r = await run(python, [script], {
      env: {
        ...baseEnv(home), AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
        AWS_EC2_METADATA_DISABLED: 'true', CAIRN_ENDPOINT: server.endpoint, CAIRN_KEY: server.accessKey, CAIRN_SECRET: server.secretKey,
      },
      timeoutMs: 120_000,
    });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr.slice(-4000)}`);
    assert.deepEqual(r.stdout.split('\n').filter((l) => l.startsWith('STEP ')), ['STEP upload', 'STEP range', 'STEP forged']);
  });
});

describe('AWS CLI s3api *-bucket-cors', () => {
  it('put-bucket-cors rules answer preflights; get-bucket-cors reads them back; delete-bucket-cors removes them', async () => {
    const aws = requireTool('aws');
    const home = join(tmp.path, 'cli-home');
    await mkdir(home);
    const env = {
      ...baseEnv(home), AWS_ACCESS_KEY_ID: server.accessKey, AWS_SECRET_ACCESS_KEY: server.secretKey,
      AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
      AWS_EC2_METADATA_DISABLED: 'true', AWS_PAGER: '',
    };
    const cli = (...args: string[]): Promise<string> => runOk(aws, ['--endpoint-url', server.endpoint, ...args], { env, cwd: tmp.path, timeoutMs: 60_000 });
    const config = {
      CORSRules: [{ AllowedOrigins: ['https://web.example.com'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 120 }],
    };
    await cli('s3api', 'put-bucket-cors', '--bucket', 'cli-cors', '--cors-configuration', JSON.stringify(config));
    const got = JSON.parse(await cli('s3api', 'get-bucket-cors', '--bucket', 'cli-cors', '--output', 'json')) as typeof config;
    assert.deepEqual(got.CORSRules, config.CORSRules);
    const pre = await rawRequest({ port: server.port, method: 'OPTIONS', path: '/cli-cors/a', headers: {
      origin: 'https://web.example.com', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type',
    } });
    assert.equal(pre.status, 200, pre.text);
    assert.equal(pre.headers['access-control-allow-origin'], 'https://web.example.com');
    assert.equal(pre.headers['access-control-max-age'], '120');
    await cli('s3api', 'delete-bucket-cors', '--bucket', 'cli-cors');
    const gone = await run(aws, ['--endpoint-url', server.endpoint, 's3api', 'get-bucket-cors', '--bucket', 'cli-cors'], { env, cwd: tmp.path, timeoutMs: 60_000 });
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, /NoSuchCORSConfiguration/);
  });
});
