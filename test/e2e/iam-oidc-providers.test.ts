/**
 * IAM OpenID Connect providers end to end with the real AWS CLI against a real server process:
 * create / get / list / client ids / thumbprints / tags / delete with AWS's answers, and
 * AssumeRoleWithWebIdentity for a role whose account registered the token's issuer: a real
 * OpenID provider (npm oidc-provider, in process) over HTTPS with a test CA the server trusts
 * (NODE_EXTRA_CA_CERTS), no provider configured by environment. (Debian's AWS CLI still requires
 * --thumbprint-list; the server takes it as optional, as AWS does now.) The token's audience must be
 * one of the provider's client ids; after DeleteOpenIDConnectProvider it verifies no more.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AwsCliAccount, type CliAccount, type CliKeys } from '../helpers/aws-cli-account.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { startOidcIssuer, type OidcIssuer } from '../helpers/oidc-issuer.js';
import { issueCertificate, makeCa } from '../helpers/openssl-certs.js';
import { baseEnv, requireTool, run } from '../helpers/tools.js';

let h: AwsCliAccount;
let a: CliAccount;
let oidc: OidcIssuer;
let tmp: TempDir;
const ok = <T = Record<string, unknown>>(keys: CliKeys, args: readonly string[]): Promise<T> => h.ok<T>(keys, args);
const refused = (keys: CliKeys, args: readonly string[], code: string): Promise<string> => h.refused(keys, args, code);
const THUMB = '3768084dfb3d2b68b7897bf5f565da8efEXAMPLE';

/** CreateOpenIDConnectProvider calls through boto3 without its parameter validation (the server's own checks): the error code of each, or `ok`. */
async function unvalidated(cases: Array<[string, Record<string, unknown>]>): Promise<string[]> {
  const script = String.raw`
import json, os, sys
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError
c = boto3.client('iam', endpoint_url=os.environ['CAIRN_ENDPOINT'], aws_access_key_id=os.environ['A_KEY'], aws_secret_access_key=os.environ['A_SECRET'],
                 region_name='us-east-1', config=Config(parameter_validation=False))
out = []
for args in json.loads(sys.argv[1]):
    try:
        c.create_open_id_connect_provider(**args)
        out.append('ok')
    except ClientError as e:
        out.append(e.response['Error']['Code'])
print(json.dumps(out))
`;
  const r = await run(requireTool('boto3'), ['-c', script, JSON.stringify(cases.map(([, args]) => args))], {
    env: {
      ...baseEnv(tmp.path), AWS_CONFIG_FILE: join(tmp.path, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(tmp.path, 'none'),
      CAIRN_ENDPOINT: h.server.endpoint, A_KEY: a.accessKey, A_SECRET: a.secretKey,
    },
    timeoutMs: 60_000,
  });
  assert.equal(r.code, 0, r.stderr.slice(-2000));
  return JSON.parse(r.stdout) as string[];
}

before(async () => {
  tmp = await makeTempDir('iam-oidc');
  const ca = await makeCa(tmp.path);
  const cert = await issueCertificate({ ca, dir: tmp.path, prefix: 'issuer', dnsNames: ['localhost'], serial: '7007' });
  oidc = await startOidcIssuer({ tls: { cert: await readFile(cert.certFile, 'utf8'), key: await readFile(cert.keyFile, 'utf8') } });
  h = await AwsCliAccount.start('iam-oidc-cli', 'oidc-a', { NODE_EXTRA_CA_CERTS: ca.certFile });
  a = h.account;
});

after(async () => {
  await h?.stop();
  await oidc?.stop();
  await tmp?.remove();
});

interface Provider { Url: string; ClientIDList: string[]; ThumbprintList: string[]; CreateDate: string; Tags?: Array<{ Key: string; Value: string }> }

describe('IAM OpenID Connect providers', () => {
  it('create, get, list, client ids, thumbprints, tags, delete: AWS\'s answers and refusals', async () => {
    const made = await ok<{ OpenIDConnectProviderArn: string }>(a, [
      'iam', 'create-open-id-connect-provider', '--url', 'https://Login.Example.com/realms/x', '--client-id-list', 'app-1', '--thumbprint-list', THUMB,
    ]);
    const arn = `arn:aws:iam::${a.accountId}:oidc-provider/login.example.com/realms/x`;
    assert.equal(made.OpenIDConnectProviderArn, arn);
    await refused(a, ['iam', 'create-open-id-connect-provider', '--url', 'https://login.example.com/realms/x', '--client-id-list', 'b', '--thumbprint-list', THUMB], 'EntityAlreadyExists');
    await refused(a, ['iam', 'create-open-id-connect-provider', '--url', 'ftp://x.example.com', '--thumbprint-list', THUMB], 'InvalidInput');
    assert.deepEqual(await unvalidated([
      ['thumbprint of 3 characters', { Url: 'https://y.example.com', ThumbprintList: ['abc'] }],
      ['six thumbprints', { Url: 'https://y.example.com', ThumbprintList: Array(6).fill(THUMB) }],
      ['client id of 256 characters', { Url: 'https://y.example.com', ClientIDList: ['c'.repeat(256)], ThumbprintList: [THUMB] }],
      ['URL of 256 characters', { Url: `https://${'h'.repeat(248)}`, ThumbprintList: [THUMB] }],
      ['no thumbprint (optional, as on AWS now)', { Url: 'https://z.example.com', ClientIDList: ['c'] }],
    ]), ['ValidationError', 'ValidationError', 'ValidationError', 'ValidationError', 'ok']);
    await ok(a, ['iam', 'delete-open-id-connect-provider', '--open-id-connect-provider-arn', `arn:aws:iam::${a.accountId}:oidc-provider/z.example.com`]);
    const listed = await ok<{ OpenIDConnectProviderList: Array<{ Arn: string }> }>(a, ['iam', 'list-open-id-connect-providers']);
    assert.deepEqual(listed.OpenIDConnectProviderList, [{ Arn: arn }]);
    let got = await ok<Provider>(a, ['iam', 'get-open-id-connect-provider', '--open-id-connect-provider-arn', arn]);
    assert.equal(got.Url, 'Login.Example.com/realms/x', 'the URL as created, without its scheme (AWS)');
    assert.deepEqual([got.ClientIDList, got.ThumbprintList], [['app-1'], [THUMB]]);
    assert.match(got.CreateDate, /^\d{4}-\d\d-\d\dT/);
    await ok(a, ['iam', 'add-client-id-to-open-id-connect-provider', '--open-id-connect-provider-arn', arn, '--client-id', 'app-2']);
    await ok(a, ['iam', 'add-client-id-to-open-id-connect-provider', '--open-id-connect-provider-arn', arn, '--client-id', 'app-2']);
    await ok(a, ['iam', 'remove-client-id-from-open-id-connect-provider', '--open-id-connect-provider-arn', arn, '--client-id', 'app-1']);
    await ok(a, ['iam', 'remove-client-id-from-open-id-connect-provider', '--open-id-connect-provider-arn', arn, '--client-id', 'never-there']);
    const other = 'a'.repeat(40);
    await ok(a, ['iam', 'update-open-id-connect-provider-thumbprint', '--open-id-connect-provider-arn', arn, '--thumbprint-list', other, THUMB]);
    await ok(a, ['iam', 'tag-open-id-connect-provider', '--open-id-connect-provider-arn', arn, '--tags', 'Key=team,Value=platform', 'Key=env,Value=prod']);
    await ok(a, ['iam', 'untag-open-id-connect-provider', '--open-id-connect-provider-arn', arn, '--tag-keys', 'ENV']);
    const tags = await ok<{ Tags: Array<{ Key: string; Value: string }> }>(a, ['iam', 'list-open-id-connect-provider-tags', '--open-id-connect-provider-arn', arn]);
    assert.deepEqual(tags.Tags, [{ Key: 'team', Value: 'platform' }]);
    got = await ok<Provider>(a, ['iam', 'get-open-id-connect-provider', '--open-id-connect-provider-arn', arn]);
    assert.deepEqual([got.ClientIDList, got.ThumbprintList, got.Tags], [['app-2'], [other, THUMB], [{ Key: 'team', Value: 'platform' }]]);
    await refused(a, ['iam', 'get-open-id-connect-provider', '--open-id-connect-provider-arn', 'not-an-arn-at-all-here'], 'InvalidInput');
    await ok(a, ['iam', 'delete-open-id-connect-provider', '--open-id-connect-provider-arn', arn]);
    await refused(a, ['iam', 'get-open-id-connect-provider', '--open-id-connect-provider-arn', arn], 'NoSuchEntity');
    await refused(a, ['iam', 'delete-open-id-connect-provider', '--open-id-connect-provider-arn', arn], 'NoSuchEntity');
    assert.deepEqual((await ok<{ OpenIDConnectProviderList: unknown[] }>(a, ['iam', 'list-open-id-connect-providers'])).OpenIDConnectProviderList, []);
  });

  it('AssumeRoleWithWebIdentity: a token of a registered provider for one of its client ids gets the role; other audiences and a deleted provider do not', async () => {
    const key = oidc.issuer.replace('https://', '');
    const providerArn = (await ok<{ OpenIDConnectProviderArn: string }>(a, [
      'iam', 'create-open-id-connect-provider', '--url', oidc.issuer, '--client-id-list', 'sts.amazonaws.com', 'app-k8s', '--thumbprint-list', THUMB,
    ])).OpenIDConnectProviderArn;
    assert.equal(providerArn, `arn:aws:iam::${a.accountId}:oidc-provider/${key}`);
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${key}:sub`]: 'system:serviceaccount:apps:uploader' } },
      }],
    });
    const role = await ok<{ Role: { Arn: string } }>(a, ['iam', 'create-role', '--role-name', 'k8s-uploader', '--assume-role-policy-document', trust]);
    await ok(a, ['iam', 'put-role-policy', '--role-name', 'k8s-uploader', '--policy-name', 'list', '--policy-document',
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] })]);
    const token = await oidc.sign({ sub: 'system:serviceaccount:apps:uploader', aud: 'app-k8s' });
    const assume = (t: string): string[] => ['sts', 'assume-role-with-web-identity', '--role-arn', role.Role.Arn, '--role-session-name', 'pod-1', '--web-identity-token', t];
    const got = await ok<{ Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string }; Provider: string; Audience: string }>(a, assume(token));
    assert.equal(got.Audience, 'app-k8s');
    assert.equal(got.Provider, key);
    const session = { accessKey: got.Credentials.AccessKeyId, secretKey: got.Credentials.SecretAccessKey, sessionToken: got.Credentials.SessionToken };
    assert.ok(Array.isArray((await ok<{ Buckets: unknown[] }>(session, ['s3api', 'list-buckets'])).Buckets));
    await refused(a, assume(await oidc.sign({ sub: 'system:serviceaccount:apps:uploader', aud: 'someone-else' })), 'InvalidIdentityToken');
    await refused(a, assume(await oidc.sign({ sub: 'system:serviceaccount:apps:other', aud: 'app-k8s' })), 'AccessDenied');
    await ok(a, ['iam', 'delete-open-id-connect-provider', '--open-id-connect-provider-arn', providerArn]);
    await refused(a, assume(token), 'InvalidIdentityToken');
  });
});
