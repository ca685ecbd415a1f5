/**
 * ExternalId, SourceIdentity and GetFederationToken end to end: a real Cairn server process
 * (identities from CAIRN_STS_STATIC_IDENTITIES), an in-process OpenID provider for the web
 * identity's source_identity claim, and the real AWS CLI (`aws sts assume-role --external-id /
 * --source-identity`, `assume-role-with-web-identity`, `get-federation-token`,
 * `get-caller-identity`, `aws s3api`) with the returned credentials.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { startServer, type CairnServer } from '../helpers/server.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { awsCliEnv } from '../helpers/aws-cli-env.js';
import { requireTool, run, runOk } from '../helpers/tools.js';
import { sdkClient } from '../helpers/s3-client.js';
import { startOidcIssuer, type OidcIssuer } from '../helpers/oidc-issuer.js';

const ALICE = { accessKey: 'AKIAALICE00000000001', secretKey: 'alice-secret-key-0001' };
const BOB = { accessKey: 'AKIABOB0000000000001', secretKey: 'bob-secret-key-00001' };
const ACCT = '000000000000';
let server: CairnServer;
let tmp: TempDir;
let oidc: OidcIssuer;
let aws: string;
let baseEnv: Record<string, string>;
let bodyFile: string;

const allow = (Action: string | string[], Resource: string | string[], Condition?: unknown): unknown =>
  ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action, Resource, ...(Condition !== undefined ? { Condition } : {}) }] });

function identities(issuerKey: string): string {
  const account = { AWS: ACCT };
  return JSON.stringify({
    policies: {
      'bucket-a-rw': allow(['s3:GetObject', 's3:PutObject', 's3:ListBucket'], ['arn:aws:s3:::bucket-a', 'arn:aws:s3:::bucket-a/*']),
      'sts-all': allow(['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:GetFederationToken'], '*'),
      'read-by-source': allow('s3:GetObject', 'arn:aws:s3:::bucket-a/*', { StringEquals: { 'aws:SourceIdentity': 'alice-laptop' } }),
      'bucket-a-read': allow('s3:GetObject', 'arn:aws:s3:::bucket-a/*'),
    },
    users: [{ name: 'alice', ...ALICE, policies: ['sts-all', 'bucket-a-rw'] }, { name: 'bob', ...BOB, policies: ['bucket-a-rw'] }],
    roles: [
      { name: 'partner', policies: ['bucket-a-read'], trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: account, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'ext-4711' } } }] } },
      {
        name: 'audited', policies: ['read-by-source', 'sts-all'],
        trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: account, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'], Condition: { StringLike: { 'sts:SourceIdentity': 'alice-*' } } }] },
      },
      { name: 'no-source', policies: ['bucket-a-read'], trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: account, Action: 'sts:AssumeRole' }] } },
      {
        name: 'chained', policies: ['read-by-source'],
        trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:role/audited` }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] }] },
      },
      {
        name: 'web-audited', policies: ['read-by-source'],
        trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${ACCT}:oidc-provider/${issuerKey}` }, Action: ['sts:AssumeRoleWithWebIdentity', 'sts:SetSourceIdentity'] }] },
      },
    ],
  });
}

before(async () => {
  aws = requireTool('aws');
  tmp = await makeTempDir('sts-federation');
  oidc = await startOidcIssuer();
  const file = join(tmp.path, 'identities.json');
  await writeFile(file, identities(oidc.issuer.replace('http://', '')));
  server = await startServer({ env: { CAIRN_STS_STATIC_IDENTITIES: file, CAIRN_IDENTITY_OPENID_CONFIG_URL: oidc.configUrl, CAIRN_IDENTITY_OPENID_CLIENT_ID: 'cairn' } });
  baseEnv = await awsCliEnv(server, tmp.path);
  bodyFile = join(tmp.path, 'body.txt');
  await writeFile(bodyFile, 'payload');
  const root = sdkClient(server);
  for (const b of ['bucket-a', 'bucket-b']) {
    await root.send(new CreateBucketCommand({ Bucket: b }));
    await root.send(new PutObjectCommand({ Bucket: b, Key: 'doc.txt', Body: `in ${b}` }));
  }
});

after(async () => {
  await server?.stop();
  await oidc?.stop();
  await tmp?.remove();
});

interface Creds { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string }
type Keys = { accessKey: string; secretKey: string } | Creds;

function envOf(k: Keys): Record<string, string> {
  if ('AccessKeyId' in k) return { ...baseEnv, AWS_ACCESS_KEY_ID: k.AccessKeyId, AWS_SECRET_ACCESS_KEY: k.SecretAccessKey, AWS_SESSION_TOKEN: k.SessionToken };
  return { ...baseEnv, AWS_ACCESS_KEY_ID: k.accessKey, AWS_SECRET_ACCESS_KEY: k.secretKey };
}
async function cli<T>(k: Keys, ...args: string[]): Promise<T> {
  return JSON.parse(await runOk(aws, ['--endpoint-url', server.endpoint, '--output', 'json', ...args], { env: envOf(k), cwd: tmp.path })) as T;
}
async function cliFails(k: Keys, ...args: string[]): Promise<string> {
  const r = await run(aws, ['--endpoint-url', server.endpoint, ...args], { env: envOf(k), cwd: tmp.path });
  assert.notEqual(r.code, 0, `expected a failure: ${r.stdout}`);
  return r.stderr;
}
const getA = (k: Keys): Promise<unknown> => cli(k, 's3api', 'get-object', '--bucket', 'bucket-a', '--key', 'doc.txt', join(tmp.path, 'out.txt'));
const role = (name: string): string => `arn:aws:iam::${ACCT}:role/${name}`;

describe('STS ExternalId, SourceIdentity, GetFederationToken (AWS CLI, real server)', () => {
  it('ExternalId: the trust policy\'s sts:ExternalId must match', async () => {
    const ok = await cli<{ Credentials: Creds }>(ALICE, 'sts', 'assume-role', '--role-arn', role('partner'), '--role-session-name', 'p1', '--external-id', 'ext-4711');
    await getA(ok.Credentials);
    assert.match(await cliFails(ALICE, 'sts', 'assume-role', '--role-arn', role('partner'), '--role-session-name', 'p2'),
      /AccessDenied.*not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::000000000000:role\/partner/);
    assert.match(await cliFails(ALICE, 'sts', 'assume-role', '--role-arn', role('partner'), '--role-session-name', 'p3', '--external-id', 'ext-0000'), /AccessDenied/);
    assert.match(await cliFails(ALICE, 'sts', 'assume-role', '--role-arn', role('partner'), '--role-session-name', 'p4', '--external-id', 'bad id!'),
      /ValidationError.*Value 'bad id!' at 'externalId' failed to satisfy constraint/);
  });

  it('SourceIdentity: set once, required by the trust policy, returned, aws:SourceIdentity in S3 policies, carried and fixed when chaining', async () => {
    const out = await cli<{ Credentials: Creds; SourceIdentity: string; AssumedRoleUser: { Arn: string } }>(ALICE, 'sts', 'assume-role',
      '--role-arn', role('audited'), '--role-session-name', 'a1', '--source-identity', 'alice-laptop');
    assert.equal(out.SourceIdentity, 'alice-laptop');
    await getA(out.Credentials); // read-by-source: aws:SourceIdentity = alice-laptop
    const other = await cli<{ Credentials: Creds; SourceIdentity: string }>(ALICE, 'sts', 'assume-role', '--role-arn', role('audited'), '--role-session-name', 'a2', '--source-identity', 'alice-desktop');
    assert.equal(other.SourceIdentity, 'alice-desktop');
    assert.match(await cliFails(other.Credentials, 's3api', 'get-object', '--bucket', 'bucket-a', '--key', 'doc.txt', join(tmp.path, 'x')), /AccessDenied/);
    assert.match(await cliFails(ALICE, 'sts', 'assume-role', '--role-arn', role('audited'), '--role-session-name', 'a3'), /AccessDenied.*sts:AssumeRole/);
    assert.match(await cliFails(ALICE, 'sts', 'assume-role', '--role-arn', role('audited'), '--role-session-name', 'a4', '--source-identity', 'mallory'), /AccessDenied/);
    assert.match(await cliFails(ALICE, 'sts', 'assume-role', '--role-arn', role('no-source'), '--role-session-name', 'a5', '--source-identity', 'alice-laptop'),
      /AccessDenied.*sts:SetSourceIdentity on resource: arn:aws:iam::000000000000:role\/no-source/);
    assert.match(await cliFails(ALICE, 'sts', 'assume-role', '--role-arn', role('audited'), '--role-session-name', 'a6', '--source-identity', 'aws:alice'), /ValidationError/);
    // Chaining: the source identity is carried without being asked, and cannot be changed.
    const chained = await cli<{ Credentials: Creds; SourceIdentity: string }>(out.Credentials, 'sts', 'assume-role', '--role-arn', role('chained'), '--role-session-name', 'c1');
    assert.equal(chained.SourceIdentity, 'alice-laptop');
    await getA(chained.Credentials);
    assert.match(await cliFails(out.Credentials, 'sts', 'assume-role', '--role-arn', role('chained'), '--role-session-name', 'c2', '--source-identity', 'alice-other'),
      /AccessDenied.*source identity cannot be changed: the calling session's is 'alice-laptop'/);
  });

  it('SourceIdentity from a web identity token\'s source_identity claim', async () => {
    const token = await oidc.sign({ sub: 'user-1', aud: 'cairn', 'https://aws.amazon.com/source_identity': 'alice-laptop' });
    const out = await cli<{ Credentials: Creds; SourceIdentity: string }>({ accessKey: server.accessKey, secretKey: server.secretKey }, 'sts', 'assume-role-with-web-identity',
      '--role-arn', role('web-audited'), '--role-session-name', 'w1', '--web-identity-token', token);
    assert.equal(out.SourceIdentity, 'alice-laptop');
    await getA(out.Credentials);
  });

  it('GetFederationToken: federated-user ARN, narrowed by the session policy, nothing without one, refusals as AWS', async () => {
    const readA = JSON.stringify(allow('s3:GetObject', 'arn:aws:s3:::bucket-a/*'));
    const out = await cli<{ Credentials: Creds; FederatedUser: { Arn: string; FederatedUserId: string }; PackedPolicySize: number }>(ALICE,
      'sts', 'get-federation-token', '--name', 'app-fed', '--policy', readA, '--duration-seconds', '900');
    assert.equal(out.FederatedUser.Arn, `arn:aws:sts::${ACCT}:federated-user/app-fed`);
    assert.equal(out.FederatedUser.FederatedUserId, `${ACCT}:app-fed`);
    assert.ok(out.PackedPolicySize > 0);
    const expiresIn = Date.parse(out.Credentials.Expiration) - Date.now();
    assert.ok(expiresIn > 800_000 && expiresIn <= 900_000, String(expiresIn));
    const me = await cli<{ Arn: string; UserId: string }>(out.Credentials, 'sts', 'get-caller-identity');
    assert.deepEqual([me.Arn, me.UserId], [`arn:aws:sts::${ACCT}:federated-user/app-fed`, `${ACCT}:app-fed`]);
    await getA(out.Credentials);
    assert.match(await cliFails(out.Credentials, 's3api', 'put-object', '--bucket', 'bucket-a', '--key', 'fed', '--body', bodyFile), /AccessDenied/);
    assert.match(await cliFails(out.Credentials, 's3api', 'get-object', '--bucket', 'bucket-b', '--key', 'doc.txt', join(tmp.path, 'x')), /AccessDenied/);
    assert.match(await cliFails(out.Credentials, 'sts', 'get-federation-token', '--name', 'again'), /AccessDenied.*Cannot call GetFederationToken with session credentials/);
    const bare = await cli<{ Credentials: Creds }>(ALICE, 'sts', 'get-federation-token', '--name', 'no-policy');
    assert.match(await cliFails(bare.Credentials, 's3api', 'get-object', '--bucket', 'bucket-a', '--key', 'doc.txt', join(tmp.path, 'x')), /AccessDenied/);
    assert.match(await cliFails(BOB, 'sts', 'get-federation-token', '--name', 'bob-fed', '--policy', readA),
      /AccessDenied.*User: arn:aws:iam::000000000000:user\/bob is not authorized to perform: sts:GetFederationToken on resource: arn:aws:sts::000000000000:federated-user\/bob-fed/);
    assert.match(await cliFails(ALICE, 'sts', 'get-federation-token', '--name', 'bad name!'), /ValidationError.*Value 'bad name!' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    assert.match(await cliFails(ALICE, 'sts', 'get-federation-token', '--name', 'ok-name', '--duration-seconds', '129601'), /ValidationError.*less than or equal to 129600/);
    // The root may call it; its session lasts at most an hour whatever is asked.
    const root = await cli<{ Credentials: Creds }>({ accessKey: server.accessKey, secretKey: server.secretKey }, 'sts', 'get-federation-token',
      '--name', 'root-fed', '--policy', readA, '--duration-seconds', '7200');
    const rootLeft = Date.parse(root.Credentials.Expiration) - Date.now();
    assert.ok(rootLeft > 3_500_000 && rootLeft <= 3_600_000, String(rootLeft));
    await getA(root.Credentials);
    assert.match(await cliFails(root.Credentials, 's3api', 'get-object', '--bucket', 'bucket-b', '--key', 'doc.txt', join(tmp.path, 'x')), /AccessDenied/);
  });
});
