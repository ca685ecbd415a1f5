/**
 * STS through boto3 (Debian python3-boto3) against a real server process: roles and an IAM
 * user made with boto3's IAM client, then boto3's STS client: `assume_role` (by the user; the
 * session reads what the role allows and nothing else), `get_caller_identity` with the session,
 * and `assume_role_with_web_identity` with a Kubernetes service-account-shaped token from an
 * in-process OpenID provider (helpers/oidc-issuer.ts); a token for another service account is
 * refused with AccessDenied.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type CairnServer } from '../helpers/server.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { baseEnv, requireTool, run } from '../helpers/tools.js';
import { startOidcIssuer, type OidcIssuer } from '../helpers/oidc-issuer.js';

const STEPS = ['roles and user made', 'assume_role session reads only what the role allows', 'web identity session writes only uploads/', 'wrong service account refused'];

const SCRIPT = String.raw`
import json, os
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError
E = os.environ["CAIRN_ENDPOINT"]
ISSUER = os.environ["OIDC_HOST"]
cfg = Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"})
def client(service, key=None, secret=None, token=None):
    return boto3.client(service, endpoint_url=E, region_name="us-east-1", config=cfg,
                        aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token)
def code(fn):
    try:
        fn()
        return "ok"
    except ClientError as e:
        return e.response["Error"]["Code"]
root = (os.environ["ROOT_KEY"], os.environ["ROOT_SECRET"])
iam = client("iam", *root)
s3 = client("s3", *root)
s3.create_bucket(Bucket="sts-boto3")
s3.put_object(Bucket="sts-boto3", Key="hello.txt", Body=b"hello")
account = "000000000000"
trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root" % account}, "Action": "sts:AssumeRole"}]}
iam.create_role(RoleName="reader", AssumeRolePolicyDocument=json.dumps(trust))
iam.put_role_policy(RoleName="reader", PolicyName="read", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::sts-boto3/*"}]}))
web_trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
    "Principal": {"Federated": "arn:aws:iam::%s:oidc-provider/%s" % (account, ISSUER)}, "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {"StringEquals": {ISSUER + ":sub": "system:serviceaccount:apps:uploader", ISSUER + ":aud": "cairn"}}}]}
iam.create_role(RoleName="k8s-uploader", AssumeRolePolicyDocument=json.dumps(web_trust))
iam.put_role_policy(RoleName="k8s-uploader", PolicyName="upload", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::sts-boto3/uploads/*"}]}))
iam.create_user(UserName="app")
iam.put_user_policy(UserName="app", PolicyName="assume", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::%s:role/reader" % account}]}))
k = iam.create_access_key(UserName="app")["AccessKey"]
print("STEP roles and user made", flush=True)

sts = client("sts", k["AccessKeyId"], k["SecretAccessKey"])
c = sts.assume_role(RoleArn="arn:aws:iam::%s:role/reader" % account, RoleSessionName="s1", DurationSeconds=900)["Credentials"]
assert c["AccessKeyId"].startswith("ASIA"), c["AccessKeyId"]
session = (c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
me = client("sts", *session).get_caller_identity()
assert me["Arn"] == "arn:aws:sts::%s:assumed-role/reader/s1" % account, me
assert me["Account"] == account, me
rs3 = client("s3", *session)
assert rs3.get_object(Bucket="sts-boto3", Key="hello.txt")["Body"].read() == b"hello"
assert code(lambda: rs3.put_object(Bucket="sts-boto3", Key="x", Body=b"x")) == "AccessDenied"
assert code(lambda: rs3.list_objects_v2(Bucket="sts-boto3")) == "AccessDenied"
print("STEP assume_role session reads only what the role allows", flush=True)

anon = boto3.client("sts", endpoint_url=E, region_name="us-east-1", config=Config(signature_version=__import__("botocore").UNSIGNED, retries={"max_attempts": 1}))
w = anon.assume_role_with_web_identity(RoleArn="arn:aws:iam::%s:role/k8s-uploader" % account, RoleSessionName="pod-1",
                                       WebIdentityToken=os.environ["TOKEN_UPLOADER"])
assert w["SubjectFromWebIdentityToken"] == "system:serviceaccount:apps:uploader", w
wc = w["Credentials"]
ws = (wc["AccessKeyId"], wc["SecretAccessKey"], wc["SessionToken"])
assert client("sts", *ws).get_caller_identity()["Arn"] == "arn:aws:sts::%s:assumed-role/k8s-uploader/pod-1" % account
ws3 = client("s3", *ws)
ws3.put_object(Bucket="sts-boto3", Key="uploads/a.txt", Body=b"a")
assert code(lambda: ws3.put_object(Bucket="sts-boto3", Key="other/a.txt", Body=b"a")) == "AccessDenied"
assert code(lambda: ws3.get_object(Bucket="sts-boto3", Key="hello.txt")) == "AccessDenied"
print("STEP web identity session writes only uploads/", flush=True)

assert code(lambda: anon.assume_role_with_web_identity(RoleArn="arn:aws:iam::%s:role/k8s-uploader" % account, RoleSessionName="pod-2",
                                                       WebIdentityToken=os.environ["TOKEN_INTRUDER"])) == "AccessDenied"
print("STEP wrong service account refused", flush=True)
print("DONE", flush=True)
`;

const k8sClaims = (name: string): Record<string, unknown> => ({
  sub: `system:serviceaccount:apps:${name}`, aud: 'cairn',
  'kubernetes.io': { namespace: 'apps', serviceaccount: { name, uid: '2f1c8a3e-0000-4000-8000-000000000001' } },
});

describe('STS with boto3', () => {
  let server: CairnServer;
  let tmp: TempDir;
  let oidc: OidcIssuer;
  before(async () => {
    tmp = await makeTempDir('sts-boto3');
    oidc = await startOidcIssuer();
    server = await startServer({ env: { CAIRN_IDENTITY_OPENID_CONFIG_URL: oidc.configUrl, CAIRN_IDENTITY_OPENID_CLIENT_ID: 'cairn' } });
  });
  after(async () => {
    await server?.stop();
    await oidc?.stop();
    await tmp?.remove();
  });

  it('assume_role, get_caller_identity and assume_role_with_web_identity', async () => {
    const python = requireTool('boto3');
    const home = join(tmp.path, 'home');
    await mkdir(home, { recursive: true });
    const script = join(tmp.path, 'sts_boto3.py');
    await writeFile(script, SCRIPT);
    const r = await run(python, [script], {
      env: {
        ...baseEnv(home), AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'), AWS_EC2_METADATA_DISABLED: 'true',
        CAIRN_ENDPOINT: server.endpoint, ROOT_KEY: server.accessKey, ROOT_SECRET: server.secretKey, OIDC_HOST: oidc.issuer.replace('http://', ''),
        TOKEN_UPLOADER: await oidc.sign(k8sClaims('uploader')), TOKEN_INTRUDER: await oidc.sign(k8sClaims('intruder')),
      },
      timeoutMs: 180_000,
    });
    const passed = r.stdout.split('\n').filter((l) => l.startsWith('STEP ')).map((l) => l.slice(5));
    assert.equal(r.code, 0, `boto3 STS script failed after ${JSON.stringify(passed)}:\n${r.stderr.slice(-4000)}`);
    assert.deepEqual(passed, STEPS);
    assert.match(r.stdout, /^DONE$/m);
  });
});
