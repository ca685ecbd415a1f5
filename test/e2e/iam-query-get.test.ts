/**
 * IAM query requests that are not a form POST (issue #9), made by botocore against a real
 * server process: presigned URLs from `generate_presigned_url` (signed as GET, and as POST with
 * the parameters in the query), and a GET signed in the Authorization header by botocore's
 * SigV4Auth. Expired, tampered, wrong-secret and unknown-key URLs get IAM's error answers. A
 * presigned STS GetCallerIdentity URL is answered too (same payload-hash rule as IAM).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AwsCliAccount } from '../helpers/aws-cli-account.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { baseEnv, requireTool, run } from '../helpers/tools.js';

const SCRIPT = String.raw`
import datetime, json, os, sys, urllib.request, urllib.error
import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

endpoint = os.environ['CAIRN_ENDPOINT']
key, secret = os.environ['A_KEY'], os.environ['A_SECRET']

def iam(k=key, s=secret):
    return boto3.client('iam', endpoint_url=endpoint, aws_access_key_id=k, aws_secret_access_key=s, region_name='us-east-1')

def fetch(url, method='GET', headers=None):
    req = urllib.request.Request(url, method=method, headers=headers or {}, data=b'' if method == 'POST' else None)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return {'status': r.status, 'body': r.read().decode()}
    except urllib.error.HTTPError as e:
        return {'status': e.code, 'body': e.read().decode()}

out = {}
c = iam()
out['get_list'] = fetch(c.generate_presigned_url('list_users', Params={'MaxItems': 10}, ExpiresIn=300, HttpMethod='GET'))
out['post_get_user'] = fetch(c.generate_presigned_url('get_user', Params={'UserName': 'gina'}, ExpiresIn=300), method='POST')
out['get_create'] = fetch(c.generate_presigned_url('create_user', Params={'UserName': 'hank', 'Path': '/q/'}, ExpiresIn=300, HttpMethod='GET'))
good = c.generate_presigned_url('list_users', ExpiresIn=300, HttpMethod='GET')
out['tampered'] = fetch(good.replace('Action=ListUsers', 'Action=ListGroups'))
out['wrong_secret'] = fetch(iam(s='not-the-secret-key-0000000000').generate_presigned_url('list_users', ExpiresIn=300, HttpMethod='GET'))
out['unknown_key'] = fetch(iam(k='AKIAUNKNOWNKEY000000').generate_presigned_url('list_users', ExpiresIn=300, HttpMethod='GET'))
# A URL signed 10 minutes ago for 60 s: expired on arrival, no wait. The signing clock is moved
# back in every botocore signer module: Debian's botocore (and its awscrt signer) read
# datetime.datetime.utcnow(), newer ones get_current_datetime().
import importlib, types
class Past(datetime.datetime):
    @classmethod
    def utcnow(cls):
        return datetime.datetime.utcnow() - datetime.timedelta(minutes=10)
past = types.SimpleNamespace(datetime=Past, timedelta=datetime.timedelta, timezone=datetime.timezone)
patched = []
for name in ('botocore.auth', 'botocore.crt.auth'):
    try:
        mod = importlib.import_module(name)
    except ImportError:
        continue
    patched.append((mod, 'datetime', mod.datetime))
    mod.datetime = past
    if hasattr(mod, 'get_current_datetime'):
        real = mod.get_current_datetime
        patched.append((mod, 'get_current_datetime', real))
        mod.get_current_datetime = lambda *a, _real=real, **k: _real(*a, **k) - datetime.timedelta(minutes=10)
out['expired'] = fetch(c.generate_presigned_url('list_users', ExpiresIn=60, HttpMethod='GET'))
for mod, attr, value in patched:
    setattr(mod, attr, value)
req = AWSRequest(method='GET', url=endpoint + '/?Action=GetUser&UserName=hank&Version=2010-05-08')
SigV4Auth(Credentials(key, secret), 'iam', 'us-east-1').add_auth(req)
out['header_get'] = fetch(req.url, headers=dict(req.headers.items()))
sts = boto3.client('sts', endpoint_url=endpoint, aws_access_key_id=key, aws_secret_access_key=secret, region_name='us-east-1')
out['sts_get'] = fetch(sts.generate_presigned_url('get_caller_identity', ExpiresIn=300, HttpMethod='GET'))
print(json.dumps(out))
`;

interface Answer { status: number; body: string }

let h: AwsCliAccount;
let tmp: TempDir;

before(async () => {
  h = await AwsCliAccount.start('iam-query-get', 'query-get');
  tmp = await makeTempDir('iam-query-get-py');
});

after(async () => {
  await h?.stop();
  await tmp?.remove();
});

describe('IAM requests by GET and presigned URL (botocore)', () => {
  it('answers presigned GET and POST URLs and header-signed GETs; refuses bad ones with IAM errors', async () => {
    const python = requireTool('boto3');
    await h.ok(h.account, ['iam', 'create-user', '--user-name', 'gina']);
    const script = join(tmp.path, 'iam_get.py');
    await writeFile(script, SCRIPT);
    const r = await run(python, [script], {
      env: {
        ...baseEnv(tmp.path), AWS_CONFIG_FILE: join(tmp.path, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(tmp.path, 'none'),
        AWS_EC2_METADATA_DISABLED: 'true', CAIRN_ENDPOINT: h.server.endpoint, A_KEY: h.account.accessKey, A_SECRET: h.account.secretKey,
      },
      timeoutMs: 120_000,
    });
    assert.equal(r.code, 0, r.stderr.slice(-3000));
    const out = JSON.parse(r.stdout) as Record<string, Answer>;

    assert.equal(out.get_list!.status, 200, out.get_list!.body);
    assert.match(out.get_list!.body, /<ListUsersResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/">/);
    assert.match(out.get_list!.body, /<UserName>gina<\/UserName>/);

    assert.equal(out.post_get_user!.status, 200, out.post_get_user!.body);
    assert.match(out.post_get_user!.body, /<GetUserResult>\s*<User>[\s\S]*<UserName>gina<\/UserName>/);

    assert.equal(out.get_create!.status, 200, out.get_create!.body);
    assert.match(out.get_create!.body, /<Arn>arn:aws:iam::\d{12}:user\/q\/hank<\/Arn>/);
    const listed = await h.ok<{ Users: Array<{ UserName: string }> }>(h.account, ['iam', 'list-users']);
    assert.deepEqual(listed.Users.map((u) => u.UserName).sort(), ['gina', 'hank']);

    assert.equal(out.header_get!.status, 200, out.header_get!.body);
    assert.match(out.header_get!.body, /<UserName>hank<\/UserName>/);

    // STS takes presigned URLs the same way (the empty body's hash, not UNSIGNED-PAYLOAD).
    assert.equal(out.sts_get!.status, 200, out.sts_get!.body);
    assert.match(out.sts_get!.body, new RegExp(`<Account>${h.account.accountId}</Account>`));

    const refused = (name: string, status: number, code: string, message?: RegExp): void => {
      const a = out[name]!;
      assert.equal(a.status, status, `${name}: ${a.body}`);
      assert.match(a.body, new RegExp(`<ErrorResponse[^>]*>\\s*<Error>\\s*<Type>Sender</Type>\\s*<Code>${code}</Code>`), `${name}: ${a.body}`);
      if (message) assert.match(a.body, message, `${name}: ${a.body}`);
    };
    refused('tampered', 403, 'SignatureDoesNotMatch');
    refused('wrong_secret', 403, 'SignatureDoesNotMatch');
    refused('unknown_key', 403, 'InvalidClientTokenId');
    refused('expired', 403, 'SignatureDoesNotMatch', /Signature expired: \d{8}T\d{6}Z is now earlier than/);
  });
});
